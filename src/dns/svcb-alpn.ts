/*
 * The ALPN set of an HTTPS record (RFC 9460 §7.1.2). HEv3 -04 §6.2: a client does not connect to an
 * endpoint whose set has nothing it speaks (`alpn=h3 no-default-alpn` for a TCP-only client).
 */
import type { HttpsRecord } from '../trace/https-record.js';

/** RFC 9460 §9.1: the default ALPN of the HTTPS record type. */
export const HTTPS_DEFAULT_ALPN = 'http/1.1';

/** The protocols `record` offers: its ALPN ids, and `http/1.1` unless `no-default-alpn`. */
export function alpnSet(record: Pick<HttpsRecord, 'alpn' | 'noDefaultAlpn'>): string[] {
  return record.noDefaultAlpn ? [...record.alpn] : [...new Set([...record.alpn, HTTPS_DEFAULT_ALPN])];
}

/**
 * Whether a client that offers `clientAlpn` can use `record`. An empty `clientAlpn` means the client did
 * not say (no ALPN offered), so every record is usable.
 */
export function isAlpnCompatible(record: Pick<HttpsRecord, 'alpn' | 'noDefaultAlpn'>, clientAlpn: readonly string[]): boolean {
  return clientAlpn.length === 0 || alpnSet(record).some((id) => clientAlpn.includes(id));
}
