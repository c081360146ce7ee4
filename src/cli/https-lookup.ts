/**
 * The HTTPS records (RFC 9460) of a target, asked alongside the race when eyeball asks DNS itself
 * (`--resolver dns`), of the same server. The query only informs the report: it never holds the race up
 * and does not change which addresses are tried (Happy Eyeballs v3's use of the records is not built yet;
 * see docs/https-records.md). Once the race is over it has a short grace to answer, then it is cancelled,
 * so it never keeps the process alive.
 */
import dns from 'node:dns';
import { queryHttpsRecords } from '../dns/https-query.js';
import { toErrorInfo } from '../trace/error-info.js';
import type { HttpsLookup } from './report.js';

/** How long the report waits, after the race, for an HTTPS answer still out: enough for one that is on its way. */
export const HTTPS_GRACE_MS = 50;

export interface HttpsLookupRun {
  /**
   * Waits at most `graceMs` more for the answer, cancels the query if it is still out, and reports it.
   * Call it once, when the race is over.
   */
  finish(graceMs: number): Promise<HttpsLookup>;
}

export interface HttpsLookupOptions {
  /** `--dns-server`, or null for the first server the system is set up with (the one `--resolver dns` asks first). */
  readonly server: string | null;
  /** Ctrl-C: cancels the query at once. */
  readonly signal: AbortSignal;
  /** ms since the run started. */
  readonly elapsed: () => number;
}

/** Sends the HTTPS query for `name` and returns a handle to end it with. */
export function startHttpsLookup(name: string, options: HttpsLookupOptions): HttpsLookupRun {
  const { signal, elapsed } = options;
  // Read at the call (a named import would keep the servers of load time: dns.setServers replaces the function).
  const server = options.server ?? dns.getServers()[0] ?? null;
  const startedAt = elapsed();
  if (server === null) {
    const error = { code: 'EYEBALL_NO_DNS_SERVER', message: 'no DNS server is configured on this system to ask for HTTPS records' };
    return { finish: () => Promise.resolve({ server: 'none', startedAt, endedAt: startedAt, answer: null, error, cancelled: false }) };
  }
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  const lookup = queryHttpsRecords(name, { server, signal: controller.signal }).then(
    (answer): HttpsLookup => ({ server, startedAt, endedAt: elapsed(), answer, error: null, cancelled: false }),
    (error: unknown): HttpsLookup => ({
      server,
      startedAt,
      endedAt: elapsed(),
      answer: null,
      error: controller.signal.aborted ? null : toErrorInfo(error),
      cancelled: controller.signal.aborted,
    }),
  );

  return {
    async finish(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), graceMs);
      });
      const early = await Promise.race([lookup, grace]);
      clearTimeout(timer);
      if (early === null) controller.abort(new DOMException('the race is over', 'AbortError'));
      signal.removeEventListener('abort', onAbort);
      return early ?? lookup;
    },
  };
}
