// The tests Stryker runs against each mutant of the folders it mutates (see stryker.config.mjs and
// docs/testing.md): the fast in-process ones. Tests that spawn the CLI or run the bundle in dist/
// never see a mutant (they run the sources through another process) and only cost time; the volume
// test is slow by design.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// MUTATION_TESTS narrows the run to some tests (a glob), e.g. a folder's own: its score is then a
// lower bound, got in minutes instead of hours (see docs/testing.md).
const only = process.env.MUTATION_TESTS;

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: only ? [only] : [
      'tests/config/**/*.test.ts',
      'tests/schedule/**/*.test.ts',
      'tests/plan/**/*.test.ts',
      'tests/render/**/*.test.ts',
      'tests/guide/**/*.test.ts',
      'tests/github/apply*.test.ts',
    ],
    exclude: ['tests/**/cli.test.ts'],
    // Each file on fresh modules, as Stryker's runs have always been measured.
    isolate: true,
    // A survivor must be a survivor every time: property tests run with one fixed seed here.
    setupFiles: ['tests/helpers/fixed-seed.ts'],
  },
});
