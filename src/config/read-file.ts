// Reading a file a user points at (a config, a template, an answers file) without trusting it to be
// one: a device such as /dev/zero never ends, a named pipe blocks until something writes to it, and
// a file far over its size limit would be read whole before being refused. Only regular files are
// read, and never more than one byte past the limit.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

export type ReadProblem = 'missing' | 'not-a-file' | 'too-large' | 'denied' | 'other';

export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    message: string,
    readonly problem: ReadProblem,
    options?: { cause?: unknown; what?: string },
  ) {
    super(message, options);
    this.what = options?.what ?? null;
  }

  /** For `not-a-file`: what the path is instead ("a folder", "a device", "a named pipe"). */
  readonly what: string | null;
}

/** What a path that is not a regular file is, in words: "a folder", "a device", "a named pipe". */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a regular file of at most `maxBytes`. `shown` is how messages name the file.
 * Throws FileReadError; `problem` says which way it failed.
 */
export async function readRegularFile(path: string, maxBytes: number, shown: string = path): Promise<Uint8Array> {
  // Looked at before opening: opening a named pipe would wait for a writer.
  refuseIrregular(await statOf(path, shown), shown);
  let handle;
  try {
    // O_NONBLOCK: should the path have become a pipe since, open returns instead of waiting.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw failure(error, shown);
  }
  try {
    const info = await handle.stat();
    refuseIrregular(info, shown);
    if (info.size > maxBytes) throw tooLarge(shown, maxBytes);
    // The size can change between stat and read: read to the end, one byte past the limit at most.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size, 0) + 1));
    let length = 0;
    let chunk = buffer;
    for (;;) {
      if (length === chunk.length) {
        if (chunk.length > maxBytes) break;
        const grown = Buffer.alloc(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(grown, 0, 0, length);
        chunk = grown;
      }
      const { bytesRead } = await handle.read(chunk, length, chunk.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(shown, maxBytes);
    return chunk.subarray(0, length);
  } catch (error) {
    throw error instanceof FileReadError ? error : failure(error, shown);
  } finally {
    await handle.close();
  }
}

/** A regular file's text (UTF-8), at most `maxBytes`. */
export async function readRegularText(path: string, maxBytes: number, shown: string = path): Promise<string> {
  return Buffer.from(await readRegularFile(path, maxBytes, shown)).toString('utf8');
}

export function formatLimit(maxBytes: number): string {
  if (maxBytes >= 1024 * 1024 && maxBytes % (1024 * 1024) === 0) return `${maxBytes / (1024 * 1024)} MiB`;
  if (maxBytes >= 1024 && maxBytes % 1024 === 0) return `${maxBytes / 1024} KiB`;
  return `${maxBytes} bytes`;
}

async function statOf(path: string, shown: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw failure(error, shown);
  }
}

function refuseIrregular(info: Stats, shown: string): void {
  if (info.isFile()) return;
  const kind = kindOf(info);
  throw new FileReadError(`${shown} is ${kind === 'not a regular file' ? kind : `${kind}, not a file`}`, 'not-a-file', { what: kind });
}

function tooLarge(shown: string, maxBytes: number): FileReadError {
  return new FileReadError(`${shown} is larger than ${formatLimit(maxBytes)}`, 'too-large');
}

function failure(error: unknown, shown: string): FileReadError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new FileReadError(`cannot find ${shown}`, 'missing', { cause: error });
  if (code === 'ENOTDIR') return new FileReadError(`cannot find ${shown}: a part of the path is not a folder`, 'missing', { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new FileReadError(`cannot read ${shown}: permission denied`, 'denied', { cause: error });
  if (code === 'EISDIR') return new FileReadError(`${shown} is a folder, not a file`, 'not-a-file', { cause: error, what: 'a folder' });
  return new FileReadError(`cannot read ${shown}: ${error instanceof Error ? error.message : String(error)}`, 'other', { cause: error });
}
