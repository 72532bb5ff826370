// Reading a file a user points at: regular files only, never more than one byte past the limit.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigReadError, loadConfigFile } from '../../src/config/load.js';
import { FileReadError, formatLimit, readRegularFile, readRegularText } from '../../src/config/read-file.js';

let dir: string;
let socket: Server;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-read-'));
  await writeFile(join(dir, 'ten.txt'), 'héllo wrld');
  await writeFile(join(dir, 'empty.txt'), '');
  await mkdir(join(dir, 'folder'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  await symlink('loop', join(dir, 'loop'));
  socket = createServer();
  await new Promise<void>((done) => socket.listen(join(dir, 'socket'), done));
});
afterAll(async () => {
  await new Promise((done) => socket.close(done));
  await rm(dir, { recursive: true, force: true });
});

async function problem(path: string, maxBytes = 100): Promise<{ problem: string; message: string; what: string | null; cause?: unknown }> {
  const error = await readRegularFile(path, maxBytes, 'shown').then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof FileReadError)) throw new Error(`expected a FileReadError, got ${String(error)}`);
  const cause = (error.cause as { code?: unknown } | undefined)?.code;
  return { problem: error.problem, message: error.message, what: error.what, ...(cause === undefined ? {} : { cause }) };
}

describe('readRegularFile', () => {
  it('reads a regular file up to the limit exactly', async () => {
    expect(Buffer.from(await readRegularFile(join(dir, 'ten.txt'), 11)).toString()).toBe('héllo wrld');
    expect(await readRegularText(join(dir, 'ten.txt'), 100)).toBe('héllo wrld');
    expect((await readRegularFile(join(dir, 'empty.txt'), 0)).length).toBe(0);
  });

  it('refuses one byte over the limit', async () => {
    expect(await problem(join(dir, 'ten.txt'), 10)).toEqual({ problem: 'too-large', message: 'shown is larger than 10 bytes', what: null });
  });

  it('reads a file whose size says nothing (it grows while read) to its end, or one byte past the limit', async () => {
    // The kernel gives /proc files a size of 0: what is read is all that tells the real length.
    const status = await readRegularText('/proc/self/status', 1 << 20);
    expect(status).toMatch(/^Name:/);
    expect(status).toMatch(/\nPid:\s+\d+\n/);
    expect(status.length).toBeGreaterThan(200);
    expect(await problem('/proc/self/status', 64)).toMatchObject({ problem: 'too-large', message: 'shown is larger than 64 bytes' });
  });

  it.each([
    ['folder', { problem: 'not-a-file', message: 'shown is a folder, not a file', what: 'a folder' }],
    ['pipe', { problem: 'not-a-file', message: 'shown is a named pipe, not a file', what: 'a named pipe' }],
    ['socket', { problem: 'not-a-file', message: 'shown is a socket, not a file', what: 'a socket' }],
    ['missing', { problem: 'missing', message: 'cannot find shown', what: null, cause: 'ENOENT' }],
    ['ten.txt/below', { problem: 'missing', message: 'cannot find shown: a part of the path is not a folder', what: null, cause: 'ENOTDIR' }],
    ['loop', { problem: 'other', message: expect.stringMatching(/^cannot read shown: ELOOP: too many symbolic links/), what: null, cause: 'ELOOP' }],
  ])('says what is wrong with %s', async (name, expected) => {
    expect(await problem(join(dir, name))).toEqual(expected);
  });

  it('refuses a device, which would never end', async () => {
    expect(await problem('/dev/zero')).toEqual({ problem: 'not-a-file', message: 'shown is a device, not a file', what: 'a device' });
  });

  it('names the file by its path unless told otherwise', async () => {
    await expect(readRegularFile(join(dir, 'missing'), 10)).rejects.toThrow(`cannot find ${join(dir, 'missing')}`);
  });
});

describe('formatLimit', () => {
  it.each([
    [1024 * 1024, '1 MiB'],
    [3 * 1024 * 1024, '3 MiB'],
    [1024 * 1024 + 1024, '1025 KiB'],
    [1024, '1 KiB'],
    [1536, '1536 bytes'],
    [1000, '1000 bytes'],
    [0, '0 bytes'],
  ])('%i → %s', (bytes, text) => {
    expect(formatLimit(bytes)).toBe(text);
  });
});

describe('loadConfigFile on what is not a file', () => {
  it.each([
    ['folder', 'x.yml is a directory, not a lifecycle.yml file'],
    ['pipe', 'x.yml is a named pipe, not a lifecycle.yml file'],
  ])('%s', async (name, message) => {
    await expect(loadConfigFile(join(dir, name), { displayPath: 'x.yml' })).rejects.toThrow(new ConfigReadError(message));
  });

  it('a device', async () => {
    await expect(loadConfigFile('/dev/zero')).rejects.toThrow(new ConfigReadError('/dev/zero is a device, not a lifecycle.yml file'));
  });

  it('gives a file over the limit as a diagnostic, the limit in its message', async () => {
    const result = await loadConfigFile(join(dir, 'ten.txt'), { displayPath: 'x.yml', maxBytes: 5 });
    expect(result.diagnostics).toEqual([{ file: 'x.yml', line: 1, column: 1, severity: 'error', message: 'the file is larger than 5 bytes; a lifecycle.yml is expected to be far smaller' }]);
    expect(result.config).toBeNull();
  });
});
