// The emulator's notion of time. Tests and benchmarks own it: they can stop it, step it, or run it
// faster than the wall clock so that an hour-long rate-limit window passes in seconds.

export interface Clock {
  /** Current emulated time in epoch milliseconds. */
  now(): number;
  /** Moves emulated time forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Emulated milliseconds per wall millisecond; 0 means time only moves through advance(). */
  readonly speed: number;
  setSpeed(factor: number): void;
  /** Wall milliseconds a client must wait for `ms` of emulated time to pass (clock stopped: `ms`). */
  toWallDelay(ms: number): number;
  /** The wall-clock epoch millisecond at which emulated time reaches `at`. */
  toWallTime(at: number): number;
}

export interface ClockOptions {
  /** Emulated start time (ISO text or epoch ms); defaults to the wall clock's now. */
  start?: number | string | Date;
  /** Default 1. */
  speed?: number;
  /** Source of wall time; injectable so the clock itself can be tested without waiting. */
  wallNow?: () => number;
}

export function createClock(options: ClockOptions = {}): Clock {
  const wallNow = options.wallNow ?? (() => Date.now());
  const startValue = options.start === undefined ? wallNow() : new Date(options.start).getTime();
  if (!Number.isFinite(startValue)) throw new TypeError(`invalid clock start: ${String(options.start)}`);
  let speed = checkSpeed(options.speed ?? 1);
  // Emulated time = base + (wall - wallBase) * speed; re-anchored whenever the speed changes.
  let base = startValue;
  let wallBase = wallNow();

  const now = (): number => Math.floor(base + (wallNow() - wallBase) * speed);

  return {
    now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only advance by a non-negative amount, got ${ms}`);
      base += ms;
    },
    get speed(): number {
      return speed;
    },
    setSpeed(factor: number): void {
      const current = now();
      speed = checkSpeed(factor);
      base = current;
      wallBase = wallNow();
    },
    toWallDelay(ms: number): number {
      return speed > 0 ? ms / speed : ms;
    },
    toWallTime(at: number): number {
      const wall = wallNow();
      return wall + (speed > 0 ? (at - now()) / speed : at - now());
    },
  };
}

function checkSpeed(factor: number): number {
  if (!Number.isFinite(factor) || factor < 0) throw new RangeError(`clock speed must be a non-negative number, got ${factor}`);
  return factor;
}
