// The benchmarks' emulator traffic goes through the same checks as the tests' (GitHub's REST
// description, headers, error shape, the strict layer), in the cheap mode: the first few exchanges
// of each kind are kept during the run and checked after it, so the timings do not pay for it.
import type { Exchange } from '../src/emulator/index.js';
import { deferredSampler } from '../tests/helpers/exchange-check.js';
import { formatViolations } from '../tests/helpers/openapi.js';

const sampler = deferredSampler(3);

/** Pass as the emulator's `onExchange`. */
export const recordExchange = (exchange: Exchange): void => sampler.record(exchange);

/** Checks what was kept; a violation fails the benchmark (exit code 1) after its report. */
export function finishChecks(name: string): void {
  const { violations, kinds } = sampler.check();
  if (violations.length === 0) {
    console.log(`\n${name}: ${kinds} kinds of exchange checked against GitHub's description and behaviour, none out of line.`);
    return;
  }
  console.error(`\n${name}: exchanges that do not match GitHub's description or behaviour:\n${formatViolations(violations)}`);
  process.exitCode = 1;
}
