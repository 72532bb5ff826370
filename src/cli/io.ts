// Small shared pieces of the command line: exit codes, colour only in a terminal, errors without stack traces.

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in how the command was called or an unreadable input: exit 2, message only. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (bad config, permission missing): exit 1, message only. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;
export type Color = keyof typeof CODES;

export function paint(text: string, color: Color, enabled: boolean): string {
  return enabled ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

/** Prints a failure: a stack trace only when LIFECYCLE_DEBUG is set, since most failures are a user's to fix. */
export function reportFatal(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`lifecycle: ${error.message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lifecycle: error: ${message}\n`);
  if (process.env.LIFECYCLE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.failed;
}
