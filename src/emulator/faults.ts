// Failures on demand: a status, a delay, a reset connection, or a write that lands but whose
// response never arrives (the case that makes a naive retry create a duplicate).

export interface FaultSpec {
  /** `METHOD /template` or a template alone (any method), e.g. `POST /repos/{owner}/{repo}/issues`. */
  route?: string;
  method?: string;
  /** The n-th request the emulator receives (1-based, see the log). */
  request?: number;
  /** How many matching requests the fault hits; default 1, Infinity for all. */
  times?: number;
  /** Answer with this status instead of handling the request. */
  status?: 500 | 502 | 503 | 504 | number;
  /** Wall-clock milliseconds to wait before going on (combine with the other effects). */
  delayMs?: number;
  /** Destroy the connection without handling the request. */
  reset?: boolean;
  /** Handle the request (a write lands), then destroy the connection instead of answering. */
  dropResponse?: boolean;
}

export interface Fault {
  readonly id: number;
  readonly spec: FaultSpec;
  /** Matching requests it has hit so far. */
  hits: number;
}

export interface FaultMatch {
  n: number;
  method: string;
  route: string | null;
}

export class Faults {
  private readonly active: Fault[] = [];
  private nextId = 1;

  inject(spec: FaultSpec): Fault {
    if (spec.route === undefined && spec.request === undefined && spec.method === undefined) {
      throw new Error('a fault needs a route, a method or a request number');
    }
    const fault: Fault = { id: this.nextId++, spec, hits: 0 };
    this.active.push(fault);
    return fault;
  }

  remove(fault: Fault): void {
    const index = this.active.indexOf(fault);
    if (index >= 0) this.active.splice(index, 1);
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Faults that have not used up their `times`. */
  pending(): Fault[] {
    return this.active.filter((f) => f.hits < (f.spec.times ?? 1));
  }

  /** The first fault matching this request; counts the hit. */
  take(request: FaultMatch): Fault | null {
    for (const fault of this.active) {
      if (fault.hits >= (fault.spec.times ?? 1)) continue;
      if (!matches(fault.spec, request)) continue;
      fault.hits++;
      return fault;
    }
    return null;
  }
}

function matches(spec: FaultSpec, request: FaultMatch): boolean {
  if (spec.request !== undefined && spec.request !== request.n) return false;
  let method = spec.method?.toUpperCase();
  let template = spec.route;
  if (template?.includes(' ')) {
    const [m, t] = template.split(' ', 2);
    method = m?.toUpperCase();
    template = t;
  }
  if (method !== undefined && method !== request.method) return false;
  if (template !== undefined && template !== request.route) return false;
  return true;
}

export function describeFault(spec: FaultSpec): string {
  const parts: string[] = [];
  if (spec.delayMs) parts.push(`delay ${spec.delayMs}ms`);
  if (spec.reset) parts.push('reset');
  if (spec.dropResponse) parts.push('drop response');
  if (spec.status !== undefined) parts.push(`status ${spec.status}`);
  return parts.join(', ') || 'none';
}
