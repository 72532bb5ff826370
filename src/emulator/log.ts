// Every request the emulator answered, for tests and benchmarks to count.

export interface LogEntry {
  /** 1-based request number, in arrival order. */
  n: number;
  method: string;
  /** OpenAPI path template, e.g. /repos/{owner}/{repo}/issues; null for unknown paths. */
  route: string | null;
  path: string;
  /** The query string without its "?" ('' when there is none), e.g. ref=abc123&per_page=100. */
  query: string;
  /** HTTP status; 0 when the connection was reset or the response dropped. */
  status: number;
  write: boolean;
  /** Emulated epoch ms when the request arrived. */
  at: number;
  /** Login of the token's user, if the token was valid. */
  login: string | null;
  /** The injected fault that hit this request, if any. */
  fault: string | null;
}

export interface LogCounts {
  total: number;
  reads: number;
  writes: number;
  /** Keyed by `METHOD /route/template`. */
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

export class RequestLog {
  readonly entries: LogEntry[] = [];

  record(entry: LogEntry): void {
    this.entries.push(entry);
  }

  counts(filter: (entry: LogEntry) => boolean = () => true): LogCounts {
    const counts: LogCounts = { total: 0, reads: 0, writes: 0, byRoute: {}, byStatus: {} };
    for (const entry of this.entries) {
      if (!filter(entry)) continue;
      counts.total++;
      if (entry.write) counts.writes++;
      else counts.reads++;
      const key = `${entry.method} ${entry.route ?? entry.path}`;
      counts.byRoute[key] = (counts.byRoute[key] ?? 0) + 1;
      counts.byStatus[String(entry.status)] = (counts.byStatus[String(entry.status)] ?? 0) + 1;
    }
    return counts;
  }

  /** Entries for one `METHOD /template` (or any method when only a template is given). */
  forRoute(route: string): LogEntry[] {
    const [method, template] = route.includes(' ') ? route.split(' ', 2) : [undefined, route];
    return this.entries.filter((e) => e.route === template && (method === undefined || e.method === method.toUpperCase()));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
