import { formatHostPort } from '../base/host-port.js';
import { EyeballError } from './eyeball-error.js';

/**
 * The TLS handshake of one attempt failed, or its certificate was not accepted. `code` is OpenSSL's or
 * Node's (`CERT_HAS_EXPIRED`, ...), the message says it in words; the original is `cause`.
 */
export class TlsHandshakeError extends EyeballError {
  override name = 'TlsHandshakeError';
  readonly address: string;
  readonly port: number;

  constructor(address: string, port: number, code: string, words: string, options?: { cause?: unknown }) {
    super(code, `TLS with ${formatHostPort(address, port)} failed: ${words} (${code})`, options);
    this.address = address;
    this.port = port;
  }
}

const TLS_CODE_WORDS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was issued by an unknown authority (no chain to a trusted CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not among the trusted CAs',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate could not be found',
  CERT_SIGNATURE_FAILURE: 'the signature of the certificate is invalid',
  CERT_REVOKED: 'the certificate was revoked',
  CERT_UNTRUSTED: 'the certificate is not trusted for this purpose',
  INVALID_PURPOSE: 'the certificate may not be used for a TLS server',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS',
  ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: 'the server supports none of the offered ALPN protocols',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the server refused the handshake',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version in common with the server',
  ECONNRESET: 'the server closed the connection during the handshake',
};

/** Words for a TLS error code, or `fallback` (the error's own message) for codes not in the table. */
export function describeTlsCode(code: string, fallback: string): string {
  return TLS_CODE_WORDS[code] ?? fallback;
}
