// Primary limits (a fixed window per token that starts with its first request) and the secondary
// limit on content creation (sliding minute and hour windows), both on the emulator's clock.
import type { Clock } from './clock.js';

export interface LimitOptions {
  /** Primary REST requests per hour per token; GitHub's GITHUB_TOKEN gets 1,000. `false` turns it off. */
  primary?: number | false;
  /** Search requests per minute per token (GitHub: 30). */
  search?: number | false;
  /** Content-creating requests per minute per token (GitHub: 80). */
  contentPerMinute?: number | false;
  /** Content-creating requests per hour per token (GitHub: 500). */
  contentPerHour?: number | false;
  /** How the secondary limit is answered: 403 (the default) or 429; GitHub uses both. */
  secondaryStatus?: 403 | 429;
  /** Whether that answer carries retry-after (default true); without it a client waits its own default. */
  secondaryRetryAfter?: boolean;
}

export type Resource = 'core' | 'search' | 'graphql';

export interface WindowStatus {
  resource: Resource;
  limit: number;
  used: number;
  remaining: number;
  /** Emulated epoch ms when the window resets. */
  reset: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** What headers report when a limit is off (GitHub Enterprise Server with limits off sends none; we keep the shape). */
const UNLIMITED = 1_000_000;

interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly writes = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly options: Required<LimitOptions>,
  ) {}

  private window(key: string, resource: Resource): { window: Window; length: number } {
    const length = resource === 'search' ? MINUTE : HOUR;
    const id = `${resource}\u0000${key}`;
    const now = this.clock.now();
    let window = this.windows.get(id);
    if (!window || now >= window.start + length) {
      window = { start: now, used: 0 };
      this.windows.set(id, window);
    }
    return { window, length };
  }

  private limitFor(resource: Resource, override: number | null): number {
    const configured = resource === 'search' ? this.options.search : (override ?? this.options.primary);
    return configured === false ? UNLIMITED : configured;
  }

  /** Current status without using a request. */
  peek(key: string, resource: Resource, override: number | null = null): WindowStatus {
    const { window, length } = this.window(key, resource);
    const limit = this.limitFor(resource, override);
    return { resource, limit, used: window.used, remaining: Math.max(0, limit - window.used), reset: window.start + length };
  }

  /** Uses one request; `allowed` is false once the window is spent (the request still counts, as on GitHub). */
  consume(key: string, resource: Resource, override: number | null = null): { allowed: boolean; status: WindowStatus } {
    const { window } = this.window(key, resource);
    const limit = this.limitFor(resource, override);
    const allowed = window.used < limit;
    if (allowed) window.used++;
    return { allowed, status: this.peek(key, resource, override) };
  }

  /**
   * Checks the content-creation limit. Returns the emulated ms to wait when over it; otherwise
   * records the write and returns null.
   */
  contentCreation(key: string): number | null {
    const now = this.clock.now();
    const times = (this.writes.get(key) ?? []).filter((t) => t > now - HOUR);
    this.writes.set(key, times);
    const waits: number[] = [];
    const perMinute = this.options.contentPerMinute;
    if (perMinute !== false) {
      const inMinute = times.filter((t) => t > now - MINUTE);
      if (inMinute.length >= perMinute) waits.push(inMinute[inMinute.length - perMinute]! + MINUTE - now);
    }
    const perHour = this.options.contentPerHour;
    if (perHour !== false && times.length >= perHour) waits.push(times[times.length - perHour]! + HOUR - now);
    if (waits.length > 0) return Math.max(1, ...waits);
    times.push(now);
    return null;
  }

  reset(): void {
    this.windows.clear();
    this.writes.clear();
  }
}

export function resolveLimits(options: LimitOptions = {}): Required<LimitOptions> {
  return {
    primary: options.primary ?? 1000,
    search: options.search ?? 30,
    contentPerMinute: options.contentPerMinute ?? 80,
    contentPerHour: options.contentPerHour ?? 500,
    secondaryStatus: options.secondaryStatus ?? 403,
    secondaryRetryAfter: options.secondaryRetryAfter ?? true,
  };
}
