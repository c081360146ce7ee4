/*
 * One TLS attempt: the TCP attempt of ./connect-tcp.ts, then a TLS handshake on that socket. HEv3 -04 §6.1:
 * a TCP+TLS attempt succeeds only once the handshake is done, or a middlebox that accepts every TCP
 * connection and never speaks TLS would win every race. The certificate is verified after the handshake
 * (no application data is sent either way), so that a refused certificate can still be described.
 */
import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { describeTlsCode, TlsHandshakeError } from '../errors/tls-handshake-error.js';
import { errorCode, toErrorInfo } from '../base/error-info.js';
import type { CertificateInfo, TraceEvent } from '../trace/events.js';
import type { Endpoint } from '../base/endpoint.js';
import type { ErrorInfo } from '../base/error-info.js';
import { connectTcp, type TcpAttemptOptions } from './connect-tcp.js';

const MS_PER_DAY = 86_400_000;
/** RFC 7301 §3.1: a protocol name is 1 to 255 octets. */
const MAX_ALPN_OCTETS = 255;

/** TLS settings of `connect()`'s `tls` option. */
export interface TlsOptions {
  /** The SNI and the name the certificate must match. @default the host, unless it is an IP literal (RFC 6066 §3) */
  servername?: string;
  /** ALPN protocols to offer, most preferred first (`['h2', 'http/1.1']`). @default none */
  alpn?: readonly string[];
  /** Refuse a certificate that does not verify. @default true */
  rejectUnauthorized?: boolean;
  /** Trusted CA certificates (PEM) instead of Node's bundled ones. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
}

/** Validated TLS settings. */
export interface TlsSettings {
  /** The SNI to send, or null (an IP literal). */
  readonly servername: string | null;
  /** The name (or IP literal) the certificate must be for. */
  readonly identity: string;
  readonly alpn: readonly string[];
  readonly rejectUnauthorized: boolean;
  readonly ca: string | Buffer | Array<string | Buffer> | undefined;
}

/** What the handshake found, success or not. */
export interface TlsHandshake {
  readonly servername: string | null;
  readonly handshakeMs: number;
  readonly protocol: string | null;
  readonly alpn: string | null;
  readonly certificate: CertificateInfo | null;
  readonly authorized: boolean;
  readonly authorizationError: ErrorInfo | null;
  /** Why the attempt failed, or null. */
  readonly error: TlsHandshakeError | null;
}

export interface TlsAttemptOptions extends TcpAttemptOptions {
  readonly tls: TlsSettings;
  /** Monotonic ms, for `handshakeMs`. @default performance.now */
  readonly now?: () => number;
  /** Wall-clock ms, for `daysToExpiry`. @default Date.now */
  readonly wallClock?: () => number;
  /** Told how the handshake went (not called when the attempt is aborted or TCP fails). */
  readonly onHandshake?: (handshake: TlsHandshake) => void;
}

/** Checks `connect()`'s `tls` option for `host` and fills in the defaults; throws an `InvalidOptionError`. */
export function checkTlsOptions(value: boolean | TlsOptions, host: string): TlsSettings | null {
  if (value === false) return null;
  if (value === true) return checkTlsSettings({}, host);
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('tls', value, 'true, false or an object');
  return checkTlsSettings(value, host);
}

/** {@link checkTlsOptions} for an object. */
export function checkTlsSettings(options: TlsOptions, host: string): TlsSettings {
  const isLiteral = isIP(host) !== 0;
  let servername: string | null = isLiteral ? null : host.replace(/\.$/, '');
  if (options.servername !== undefined) {
    if (typeof options.servername !== 'string' || options.servername === '' || isIP(options.servername) !== 0) {
      throw new InvalidOptionError('tls.servername', options.servername, 'a host name (RFC 6066 §3: never an IP address)');
    }
    servername = options.servername.replace(/\.$/, '');
  }
  const alpn = options.alpn ?? [];
  if (!Array.isArray(alpn) || alpn.some((id) => typeof id !== 'string' || id === '' || Buffer.byteLength(id) > MAX_ALPN_OCTETS)) {
    throw new InvalidOptionError('tls.alpn', alpn, 'a list of protocol names (h2, http/1.1, ...)');
  }
  const rejectUnauthorized = options.rejectUnauthorized ?? true;
  if (typeof rejectUnauthorized !== 'boolean') throw new InvalidOptionError('tls.rejectUnauthorized', rejectUnauthorized, 'a boolean');
  const ca = options.ca;
  const isPem = (entry: unknown): boolean => typeof entry === 'string' || Buffer.isBuffer(entry);
  if (ca !== undefined && !isPem(ca) && !(Array.isArray(ca) && ca.every(isPem))) {
    throw new InvalidOptionError('tls.ca', ca, 'PEM text, a Buffer, or a list of them');
  }
  return {
    servername,
    identity: servername ?? host,
    alpn: [...alpn],
    rejectUnauthorized,
    ca: Array.isArray(ca) ? [...(ca as ReadonlyArray<string | Buffer>)] : (ca as string | Buffer | undefined),
  };
}

/**
 * One TLS attempt to one address: TCP, then the handshake with SNI, ALPN and certificate checks. Resolves
 * with the `TLSSocket` once the certificate is accepted; rejects with the TCP error, a `TlsHandshakeError`,
 * or `signal.reason` (aborting destroys both sockets).
 */
export async function connectTls(endpoint: Endpoint, options: TlsAttemptOptions): Promise<TLSSocket> {
  return startTls(await connectTcp(endpoint, options), endpoint, options);
}

/** The TLS half of {@link connectTls}, on a socket already connected to `endpoint` (or a proxy tunnel to it). */
export function startTls(tcp: Socket, endpoint: Endpoint, options: Omit<TlsAttemptOptions, 'localAddress' | 'allowHalfOpen'>): Promise<TLSSocket> {
  const { signal, tls } = options;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let identityError: Error | undefined;

  return new Promise<TLSSocket>((resolve, reject) => {
    const secure = tlsConnect({
      socket: tcp,
      ...(tls.servername === null ? {} : { servername: tls.servername }),
      ALPNProtocols: [...tls.alpn],
      // Verified below, after the handshake, so that a refused certificate can still be described.
      rejectUnauthorized: false,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      // The name to check is the host (or its literal), never the address connected to (a NAT64 one, say).
      checkServerIdentity: (_host, certificate) => {
        identityError = checkServerIdentity(tls.identity, certificate);
        return identityError;
      },
    });
    const destroyBoth = (): void => {
      secure.destroy();
      tcp.destroy();
    };
    const cleanup = (): void => {
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onSecure = (): void => {
      cleanup();
      const authorizationError = describeAuthorization(secure, identityError);
      const error =
        authorizationError !== null && tls.rejectUnauthorized
          ? new TlsHandshakeError(endpoint.address, endpoint.port, authorizationError.code, authorizationError.message)
          : null;
      options.onHandshake?.({
        servername: tls.servername,
        handshakeMs: now() - startedAt,
        protocol: secure.getProtocol() ?? null,
        alpn: typeof secure.alpnProtocol === 'string' ? secure.alpnProtocol : null,
        certificate: summarize(secure.getPeerCertificate(), options.wallClock ?? Date.now),
        authorized: secure.authorized,
        authorizationError,
        error,
      });
      if (error) {
        destroyBoth();
        reject(error);
        return;
      }
      resolve(secure);
    };
    const onError = (cause: Error): void => {
      cleanup();
      destroyBoth();
      const code = errorCode(cause, 'EPROTO');
      const error = new TlsHandshakeError(endpoint.address, endpoint.port, code, describeTlsCode(code, cause.message), { cause });
      options.onHandshake?.({
        servername: tls.servername,
        handshakeMs: now() - startedAt,
        protocol: null,
        alpn: null,
        certificate: null,
        authorized: false,
        authorizationError: null,
        error,
      });
      reject(error);
    };
    const onAbort = (): void => {
      cleanup();
      destroyBoth();
      reject(signal.reason);
    };
    secure.once('secureConnect', onSecure);
    secure.once('error', onError);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `tls-handshake` trace event of attempt `index`. */
export function tlsHandshakeEvent(endpoint: Endpoint, index: number, at: number, handshake: TlsHandshake): TraceEvent {
  return {
    type: 'tls-handshake',
    at,
    index,
    ...endpoint,
    ...handshake,
    error: handshake.error && toErrorInfo(handshake.error),
  };
}

/** Why the certificate is not trusted, in words, or null when it is. */
function describeAuthorization(secure: TLSSocket, identityError: Error | undefined): ErrorInfo | null {
  if (secure.authorized) return null;
  const raw = secure.authorizationError as unknown;
  const code = typeof raw === 'string' ? raw : raw instanceof Error ? ((raw as { code?: string }).code ?? raw.message) : 'UNKNOWN';
  // Node keeps only the code of a name mismatch; the reason ("Host: x. is not in the cert's altnames: ...") is in our copy.
  const detail =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' && identityError ? `: ${(identityError as { reason?: string }).reason ?? identityError.message}` : '';
  return { code, message: `${describeTlsCode(code, code)}${detail}` };
}

/** The parts of the peer certificate a person checks first. */
function summarize(certificate: PeerCertificate | null | undefined, wallClock: () => number): CertificateInfo | null {
  if (!certificate || typeof certificate.valid_to !== 'string') return null;
  const validTo = Date.parse(certificate.valid_to);
  if (Number.isNaN(validTo)) return null;
  return {
    subject: commonName(certificate.subject),
    issuer: commonName(certificate.issuer),
    validTo: new Date(validTo).toISOString(),
    daysToExpiry: Math.floor((validTo - wallClock()) / MS_PER_DAY),
  };
}

function commonName(name: PeerCertificate['subject'] | undefined): string | null {
  const cn = (name as { CN?: string | string[] } | undefined)?.CN;
  return Array.isArray(cn) ? (cn[0] ?? null) : (cn ?? null);
}
