import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // @actions/workflow-parser imports JSON without an import attribute; vite must transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
