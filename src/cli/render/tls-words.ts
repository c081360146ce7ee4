/** TLS handshakes and certificates in words, for the attempts table, the verdict and the live view. Codes follow the words. */
import type { CertificateInfo } from '../../trace/events.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Nat64Origin } from '../../base/endpoint.js';
import { formatMs } from './format.js';
import type { AttemptRow, TlsRow } from './timeline.js';
import { describeConnectError, withCode } from './words.js';

/** Below this many days to expiry, the verdict warns about the winner's certificate. */
export const EXPIRY_WARNING_DAYS = 14;

/** `TLSv1.3 · h2 · 12.3 ms · CN=localhost by "eyeball test CA", expires 2026-12-25 (29 days)` */
export function describeHandshake(tls: TlsRow): string {
  const parts = [tls.protocol ?? 'TLS', tls.alpn ?? 'no ALPN', formatMs(tls.endedAt - tls.startedAt)];
  if (tls.certificate !== null) parts.push(describeCertificate(tls.certificate));
  return parts.join(' · ');
}

/** `CN=localhost by "eyeball test CA", expires 2026-12-25 (29 days)`; `expired 2020-02-01 (2222 days ago)`. */
export function describeCertificate(certificate: CertificateInfo): string {
  const subject = certificate.subject === null ? 'no CN' : `CN=${certificate.subject}`;
  const issuer = certificate.issuer === null ? '' : ` by "${certificate.issuer}"`;
  return `${subject}${issuer}, ${describeExpiry(certificate)}`;
}

/** `expires 2026-12-25 (29 days)`, `expires 2026-11-26 (today)`, `expired 2020-02-01 (2222 days ago)`. */
export function describeExpiry(certificate: CertificateInfo): string {
  const date = certificate.validTo.slice(0, 10);
  const days = certificate.daysToExpiry;
  if (days < 0) return `expired ${date} (${plural(-days, 'day')} ago)`;
  return `expires ${date} (${days === 0 ? 'today' : plural(days, 'day')})`;
}

/** Why a TLS attempt failed: `certificate refused: …` when the certificate was the reason, else `TLS handshake failed: …`. */
export function describeTlsFailure(tls: Pick<TlsRow, 'authorizationError' | 'certificate'>, error: ErrorInfo): string {
  if (tls.authorizationError !== null && tls.certificate !== null) return `certificate refused: ${describeTlsError(tls.authorizationError)}`;
  return `TLS handshake failed: ${describeTlsError(error)}`;
}

/** Why an attempt failed, in words with the code: the TLS reason when its handshake was the cause. */
export function describeAttemptError(attempt: Pick<AttemptRow, 'tls'>, error: ErrorInfo): string {
  return attempt.tls?.error ? describeTlsFailure(attempt.tls, attempt.tls.error) : describeConnectError(error);
}

/** `64:ff9b::c000:201 (NAT64 of 192.0.2.1 via 64:ff9b::/96)`, or the address alone when it was not synthesised. */
export function describeAddress(endpoint: { readonly address: string; readonly synthesizedFrom?: Nat64Origin | undefined }): string {
  return endpoint.synthesizedFrom === undefined ? endpoint.address : `${endpoint.address} (${describeSynthesis(endpoint.synthesizedFrom)})`;
}

export function describeSynthesis(origin: Nat64Origin): string {
  return `NAT64 of ${origin.address} via ${origin.prefix}`;
}

/** A TlsHandshakeError's message (src/errors/tls-handshake-error.ts) starts with where: `TLS with [::1]:443 failed: `. */
const TLS_ERROR_PREFIX = /^TLS with \S+ failed: /u;

/** A TLS error's words and its code, once: `the certificate has expired (CERT_HAS_EXPIRED)`. */
export function describeTlsError(error: ErrorInfo): string {
  // Where it was is said elsewhere.
  return withCode({ code: error.code, message: error.message.replace(TLS_ERROR_PREFIX, '') });
}

/** Whether an attempt's error is a TlsHandshakeError (by its message: a trace keeps only code and message). */
export function isTlsError(error: ErrorInfo): boolean {
  return TLS_ERROR_PREFIX.test(error.message);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
