import type { Family } from '../base/family.js';
import type { HttpsAnswer } from './https-query.js';

export interface ResolveAnswer {
  /** The addresses of the answer, in the order the resolver gave them; empty for NODATA. */
  readonly addresses: readonly string[];
  /** The smallest TTL in seconds, or null when unknown (the system resolver never says; c-ares stops after 256 records). */
  readonly ttl: number | null;
  /** When the answer arrived (`performance.now()`), for a resolver that learns it before its caller can. Absent: when the caller sees it. */
  readonly receivedAt?: number;
}

/**
 * Resolves one family of one name (RFC 8305 §3 asks for AAAA and A apart). An empty answer (NOERROR, no
 * records) resolves with no addresses; a failure rejects with a `DnsQueryError`.
 */
export interface FamilyResolver {
  /** Shown in traces: `system`, `dns`, or a name of your own. */
  readonly name: string;
  resolve(hostname: string, family: Family, signal: AbortSignal, onAsked?: (askedAt: number) => void): Promise<ResolveAnswer>;
  /** Optional: true when `resolve` calls `onAsked` with the `performance.now()` its query was handed on; the trace dates the query from it. */
  readonly reportsAskedAt?: boolean;
  /**
   * Optional: the HTTPS records (RFC 9460) of `hostname`, for the `https` option of `connect()`
   * (Happy Eyeballs v3). Resolves with no records for NODATA; rejects on failure (NXDOMAIN included).
   */
  resolveHttps?(hostname: string, signal: AbortSignal, onSent?: (sentAt?: number) => void): Promise<HttpsAnswer>;
  /**
   * Optional: true when `resolveHttps` calls `onSent` once its query is handed to the network; the trace dates
   * the query from it: from `sentAt` (a `performance.now()` reading) for a resolver that learns it before it
   * can call, else from the call.
   */
  readonly reportsHttpsSent?: boolean;
  /** Optional: the DNS server `resolveHttps` would ask now for `hostname` (`IP` or `IP:PORT`), for the trace; null if none. */
  httpsServer?(hostname: string): string | null;
}
