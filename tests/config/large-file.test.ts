// The largest file the 1 MiB limit admits (1,000 stages of 20 tasks) validates in a small heap: a
// plain file is read for its data alone, without the `yaml` package's tree of every token and node,
// which needed more than 80 MB of heap for this file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCompactConfig } from '../../bench/validate.bench.js';
import { MAX_CONFIG_BYTES } from '../../src/config/load.js';
import { runCliProcess as runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-large-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a 1,000-stage file', () => {
  it('validates with the heap limited to 64 MB', async () => {
    const text = generateCompactConfig(1000);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_CONFIG_BYTES);
    await writeFile(join(dir, 'lifecycle.yml'), text);
    const run = await runCli(['validate', '--config', join(dir, 'lifecycle.yml')], dir, { NODE_OPTIONS: '--max-old-space-size=64' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('is valid: 1000 stages and 20000 tasks');
    expect(run.code).toBe(0);
  });
});
