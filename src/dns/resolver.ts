import type { Family } from '../base/family.js';
import type { HttpsAnswer } from './https-query.js';

export interface ResolveAnswer {
  /** The addresses of the answer, in the order the resolver gave them; empty for NODATA. */
  readonly addresses: readonly string[];
  /**
   * The smallest TTL in seconds, or null when it is not known: the system resolver never says, and c-ares
   * gives no TTL beyond an answer's first 256 records.
   */
  readonly ttl: number | null;
  /**
   * When the answer arrived, as a `performance.now()` reading, for a resolver that learns it before its
   * caller can (the CLI's lookup process stamps it in the process that read the answer). Absent: when
   * the caller sees the answer.
   */
  readonly receivedAt?: number;
}

/**
 * Resolves one family of one name. Happy Eyeballs asks for AAAA and A separately and concurrently
 * (RFC 8305 §3), so a resolver answers one family per call. An empty answer (NOERROR, no records)
 * resolves with no addresses; a failure rejects with a `DnsQueryError`.
 */
export interface FamilyResolver {
  /** Shown in traces: `system`, `dns`, or a name of your own. */
  readonly name: string;
  resolve(hostname: string, family: Family, signal: AbortSignal, onAsked?: (askedAt: number) => void): Promise<ResolveAnswer>;
  /**
   * Optional: true when `resolve` calls its `onAsked` with the moment its query was handed on (a
   * `performance.now()` reading; the CLI's lookup process: when its getaddrinfo was called). The trace
   * then dates the query from that moment rather than from the call.
   */
  readonly reportsAskedAt?: boolean;
  /**
   * Optional: the HTTPS records (RFC 9460) of `hostname`, for the `https` option of `connect()`
   * (Happy Eyeballs v3). Resolves with no records for NODATA; rejects on failure (NXDOMAIN included).
   */
  resolveHttps?(hostname: string, signal: AbortSignal, onSent?: () => void): Promise<HttpsAnswer>;
  /**
   * Optional: true when `resolveHttps` calls its `onSent` once its query has been handed to the network;
   * the trace then dates the query from that moment rather than from the call.
   */
  readonly reportsHttpsSent?: boolean;
  /** Optional: the DNS server `resolveHttps` would ask now for `hostname` (`IP` or `IP:PORT`), for the trace; null if none. */
  httpsServer?(hostname: string): string | null;
}
