// Loaded by vitest.mutation.config.ts only: one seed for every property test that does not choose
// its own, so that a mutant is killed or survives the same way on every run.
import fc from 'fast-check';

fc.configureGlobal({ seed: 20270104 });
