/**
 * The trace of a Happy Eyeballs connection: every step as a typed event, `at` in milliseconds since
 * `connect()` was called (monotonic clock). Errors are plain data ({@link ErrorInfo}) so that a trace can
 * be stored and printed as it is.
 */
import type { StartReason } from '../base/attempt.js';
import type { Endpoint } from '../base/endpoint.js';
import type { ErrorInfo } from '../base/error-info.js';
import type { Family, RecordType } from '../base/family.js';
import type { HttpsRecord, IgnoredServices } from './https-record.js';

/** What the peer's certificate says, for a TLS attempt. */
export interface CertificateInfo {
  /** The common names (CN) of the subject and the issuer, if any. */
  readonly subject: string | null;
  readonly issuer: string | null;
  /** The end of validity, ISO 8601. */
  readonly validTo: string;
  /** Whole days until `validTo` from the wall clock at the handshake; negative once expired. */
  readonly daysToExpiry: number;
}

/** The name a DNS event is about when it is not the host: an HTTPS record's TargetName or AliasMode target. */
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
   * The HTTPS query (RFC 9460) went out, before AAAA and A, with the `https` option (HEv3 §4.1). `server`
   * is the DNS server asked, when the resolver says; `name` is an AliasMode target's (RFC 9460 §2.4.2).
   */
  | ({ type: 'https-query'; at: number; resolver: string; server: string | null } & QueriedName)
  /**
   * The HTTPS records; none for NODATA. `ttl` is the smallest TTL, null without records; `malformed` counts
   * records skipped (RFC 9460 §2.2); `ignored`, present when not all zero, counts records not followed.
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
  /** The HTTPS query (or the AliasMode chain) was still outstanding when the race ended. */
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
   * The TLS handshake of an attempt ended (HEv3 §6.1: a TLS attempt succeeds only then). `error` is set when it
   * failed or the certificate was refused; `authorizationError` says why it is not trusted, even unverified.
   */
  | ({
      type: 'tls-handshake';
      at: number;
      index: number;
      /** The SNI sent (none for IP literals). */
      servername: string | null;
      /** ms from the end of the TCP handshake to the end of the TLS handshake. */
      handshakeMs: number;
      protocol: string | null;
      alpn: string | null;
      certificate: CertificateInfo | null;
      authorized: boolean;
      authorizationError: ErrorInfo | null;
      error: ErrorInfo | null;
    } & Endpoint)
  /** The RFC 7050 query (AAAA for `ipv4only.arpa`) that discovers the NAT64 prefix went out. */
  | { type: 'nat64-query'; at: number; resolver: string }
  /** The NAT64 prefixes to synthesise with (RFC 6052); none (`error` if the RFC 7050 query failed): no synthesis. */
  | { type: 'nat64-prefix'; at: number; source: 'option' | 'rfc7050'; prefixes: readonly string[]; error: ErrorInfo | null }
  /** `lost`: another attempt won; `aborted`: the caller's signal or the overall timeout ended the run. */
  | ({ type: 'attempt-cancelled'; at: number; index: number; reason: 'lost' | 'aborted' } & Endpoint)
  /** A cancelled attempt connected anyway; that socket was destroyed. */
  | ({ type: 'attempt-disposed'; at: number; index: number } & Endpoint)
  | ({ type: 'connected'; at: number; index: number } & Endpoint)
  | { type: 'failed'; at: number; error: ErrorInfo };

export type TraceEventType = TraceEvent['type'];
