// A request that never reached the server: nothing listens at the address, the name does not
// resolve, or the certificate is refused. Retrying as for a 5xx would only make the user wait
// (3 retries with back-off: 14 s) for the same answer, so these end the request at once, naming
// the URL. A dropped or reset connection is not among them: that one may be a passing fault.

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is anything listening there?)',
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed (set NODE_EXTRA_CA_CERTS to trust it)',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed (set NODE_EXTRA_CA_CERTS to trust it)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified (set NODE_EXTRA_CA_CERTS to trust its issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its TLS certificate cannot be verified (set NODE_EXTRA_CA_CERTS to trust its issuer)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  // fetch refuses the ports browsers block (9, 25, 6000 and others) before connecting.
  BAD_PORT: 'fetch refuses to connect to that port (one of those browsers block); use another',
};

export class UnreachableError extends Error {
  override name = 'UnreachableError';
  constructor(
    readonly url: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach the GitHub API at ${url}: ${REASONS[code] ?? code}`, options);
  }
}

/** The system error code of a failure that no retry can fix, looked for along the cause chain. */
export function unreachableCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in REASONS) return code;
    if (current instanceof Error && current.message === 'bad port') return 'BAD_PORT';
    queue.push((current as { cause?: unknown }).cause);
    // Node tries every address of a host name and reports them together.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return null;
}

/** The part of an Octokit the plugin uses. */
interface HookHost {
  hook: { error(name: 'request', hook: (error: Error) => unknown): void };
}

/**
 * An Octokit plugin. Listed before the retry and throttling plugins, its hook sits closest to the
 * request, so the error it throws (not a RequestError) passes through them without a retry.
 */
export function failFastWhenUnreachable(octokit: HookHost, options: { baseUrl?: string }): void {
  octokit.hook.error('request', (error) => {
    const code = unreachableCode(error);
    if (code !== null) throw new UnreachableError(options.baseUrl ?? 'https://api.github.com', code, { cause: error });
    throw error;
  });
}
