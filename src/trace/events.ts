/**
 * The trace of a Happy Eyeballs connection: every step as a typed event, with `at` in milliseconds
 * since `connect()` was called, read from a monotonic clock (sub-millisecond precision). The library
 * emits these to `onEvent`; the CLI renders them and `--json` serialises them. Errors inside events are
 * plain data ({@link ErrorInfo}) so that a trace can be stored and printed as it is.
 */
import type { StartReason } from '../base/attempt.js';
import type { Endpoint } from '../base/endpoint.js';
import type { ErrorInfo } from '../base/error-info.js';
import type { Family, RecordType } from '../base/family.js';
import type { HttpsRecord, IgnoredServices } from './https-record.js';

/** What the peer's certificate says, for a TLS attempt. */
export interface CertificateInfo {
  /** The subject's common name (CN), if any. */
  readonly subject: string | null;
  /** The issuer's common name (CN), if any. */
  readonly issuer: string | null;
  /** The end of validity, ISO 8601. */
  readonly validTo: string;
  /** Whole days until `validTo` from the wall clock at the handshake; negative once expired. */
  readonly daysToExpiry: number;
}

/**
 * The name a DNS event is about, when it is not the host: a TargetName of an HTTPS record, or an AliasMode
 * target (the `https` option). Absent for the host itself.
 */
export interface QueriedName {
  readonly name?: string;
}

export type TraceEvent =
  /** A query for one family went out (AAAA first, then A: RFC 8305 §3). */
  | ({ type: 'dns-query'; at: number; family: Family; recordType: RecordType; resolver: string } & QueriedName)
  /** A positive or empty (NODATA) answer. `ttl` is the smallest TTL of the answer, when the resolver knows it. */
  | ({ type: 'dns-answer'; at: number; family: Family; recordType: RecordType; addresses: readonly string[]; ttl: number | null } & QueriedName)
  | ({ type: 'dns-error'; at: number; family: Family; recordType: RecordType; error: ErrorInfo } & QueriedName)
  /** The query was still outstanding when the connection was made (or the run was aborted). */
  | ({ type: 'dns-cancelled'; at: number; family: Family; recordType: RecordType } & QueriedName)
  /**
   * The HTTPS query (RFC 9460) went out, before AAAA and A, when the `https` option is on (HEv3 §4.1).
   * `server` is the DNS server asked, when the resolver says (`IP` or `IP:PORT`). `name` is set for the
   * follow-up query of an AliasMode target (RFC 9460 §2.4.2).
   */
  | ({ type: 'https-query'; at: number; resolver: string; server: string | null } & QueriedName)
  /**
   * The HTTPS records of the host; none for NODATA. `ttl` is the smallest TTL, null without records;
   * `malformed` counts records skipped as malformed (RFC 9460 §2.2). `ignored`, present when not all
   * zero, counts usable ServiceMode records eyeball does not follow: port 0, or beyond the first
   * `MAX_SERVICE_RECORDS` (8). `name` as for `https-query`.
   */
  | ({
      type: 'https-answer';
      at: number;
      records: readonly HttpsRecord[];
      ttl: number | null;
      malformed: number;
      ignored?: IgnoredServices;
    } & QueriedName)
  /** The HTTPS query failed (or an AliasMode chain looped or ran too long); HEv3 §4.2 counts that as negative. */
  | ({ type: 'https-error'; at: number; error: ErrorInfo } & QueriedName)
  /** The HTTPS query (or the AliasMode chain) was still outstanding when the race ended (connected, failed or aborted): it was cancelled. */
  | { type: 'https-cancelled'; at: number }
  /**
   * An A answer came before the AAAA answer: wait this long for AAAA (RFC 8305 §3); with the `https`
   * option, any address came before the AAAA or HTTPS answer (HEv3 §4.2).
   */
  | { type: 'resolution-delay-started'; at: number; delay: number }
  | { type: 'resolution-delay-ended'; at: number; reason: 'aaaa-answer' | 'aaaa-negative' | 'https-answer' | 'elapsed' }
  /** The order in which the known addresses will be tried (RFC 6724 sort, then interleaving: §4). */
  | { type: 'addresses-sorted'; at: number; addresses: readonly Endpoint[] }
  /** The next attempt is due at `dueAt` unless something else starts it first. */
  | { type: 'attempt-scheduled'; at: number; index: number; dueAt: number; reason: Exclude<StartReason, 'first'> }
  | ({ type: 'attempt-started'; at: number; index: number; reason: StartReason } & Endpoint)
  | ({ type: 'attempt-failed'; at: number; index: number; error: ErrorInfo; timedOut: boolean } & Endpoint)
  | ({ type: 'attempt-succeeded'; at: number; index: number } & Endpoint)
  /**
   * The TLS handshake of a TLS attempt ended (HEv3 §6.1: such an attempt succeeds only then). `error` is
   * set when it failed or its certificate was refused; `authorizationError` says why the certificate is
   * not trusted, even when verification was off. `servername` is the SNI sent (none for IP literals).
   */
  | ({
      type: 'tls-handshake';
      at: number;
      index: number;
      servername: string | null;
      /** ms from the end of the TCP handshake to the end of the TLS handshake. */
      handshakeMs: number;
      /** `TLSv1.3`, ... */
      protocol: string | null;
      /** The negotiated ALPN protocol (`h2`), or null. */
      alpn: string | null;
      certificate: CertificateInfo | null;
      authorized: boolean;
      authorizationError: ErrorInfo | null;
      error: ErrorInfo | null;
    } & Endpoint)
  /** The RFC 7050 query (AAAA for `ipv4only.arpa`) that discovers the NAT64 prefix went out. */
  | { type: 'nat64-query'; at: number; resolver: string }
  /**
   * The NAT64 prefixes to synthesise with (RFC 6052), from the `nat64.prefix` option or RFC 7050
   * discovery; none (with `error` when the query failed) means no synthesis.
   */
  | { type: 'nat64-prefix'; at: number; source: 'option' | 'rfc7050'; prefixes: readonly string[]; error: ErrorInfo | null }
  /** `lost`: another attempt won; `aborted`: the caller's signal or the overall timeout ended the run. */
  | ({ type: 'attempt-cancelled'; at: number; index: number; reason: 'lost' | 'aborted' } & Endpoint)
  /** A cancelled attempt connected anyway; that socket was destroyed. */
  | ({ type: 'attempt-disposed'; at: number; index: number } & Endpoint)
  | ({ type: 'connected'; at: number; index: number } & Endpoint)
  | { type: 'failed'; at: number; error: ErrorInfo };

export type TraceEventType = TraceEvent['type'];
