import type { Plugin } from 'vite';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// @actions/workflow-parser ships source maps without their sources, and vite warns once per file.
function quietParserSourceMaps(): Plugin {
  return {
    name: 'quiet-workflow-parser-source-maps',
    configResolved(config) {
      const warnOnce = config.logger.warnOnce.bind(config.logger);
      config.logger.warnOnce = (message, options) => {
        if (message.includes('@actions/workflow-parser') && message.includes('points to missing source files')) return;
        warnOnce(message, options);
      };
    },
  };
}

export default defineConfig({
  plugins: [quietParserSourceMaps()],
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/cli-bundle.ts'],
    // vitest leaves a core to itself (cores less one), which is a single worker on a 2-core
    // machine; its main process mostly waits, so two workers there finish the suite sooner.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files share their worker's modules: the sources, the emulator, Octokit and the compiled
    // OpenAPI validators load once per worker instead of once per file, which was most of the
    // suite's time. Files therefore leave no state behind (environment stubs are undone after
    // each test; nothing is mocked at module level).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // @actions/workflow-parser imports JSON without an import attribute; vite must transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
