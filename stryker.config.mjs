// Mutation testing of the pure cores and the applier: `npm run test:mutation` (see docs/testing.md).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/config/**/*.ts',
    'src/schedule/**/*.ts',
    'src/plan/**/*.ts',
    'src/render/**/*.ts',
    'src/guide/**/*.ts',
    'src/github/apply.ts',
    'src/github/apply/**/*.ts',
  ],
  coverageAnalysis: 'perTest',
  // Kept in the repository, so a run after a change only tests the mutants the change touched
  // (or whose covering tests changed), on any clone.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine running this is usually doing something else too.
  concurrency: 1,
  // A mutant that only changes a module-level constant needs every test re-run with the module
  // reloaded (minutes each here); those are left out of the score, see docs/testing.md.
  ignoreStatic: true,
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
