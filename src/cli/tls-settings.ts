/**
 * TLS on the command line. TLS is on by default for `https://` and `wss://` targets (Happy Eyeballs v3
 * §6.1: such an attempt counts only once its handshake is done); any TLS option turns it on for every
 * target, and `--no-tls` turns it off.
 */
import { isIP } from 'node:net';
import { MAX_CA_FILE_BYTES } from './process/input-limits.js';
import { readUserFile } from './read-file.js';
import type { RunSettings, RunTarget, TlsRequest } from './report.js';
import { parseHost, quote, withoutZone } from './target.js';
import { UsageError } from './usage-error.js';

/** What browsers offer: HTTP/2 first, then HTTP/1.1 (RFC 7301 protocol ids). */
export const DEFAULT_ALPN: readonly string[] = ['h2', 'http/1.1'];

/** What the command line asks when it says nothing about TLS. */
export const DEFAULT_TLS_REQUEST: TlsRequest = { mode: 'auto', alpn: DEFAULT_ALPN, verify: true, servername: null, caFile: null, ca: null };

/** URL schemes whose connections are TLS (RFC 9110 §4.2.2, RFC 6455 §3). */
const TLS_SCHEMES: readonly string[] = ['https', 'wss'];
/** RFC 7301 §3.1: a protocol id is 1 to 255 octets. */
const MAX_ALPN_OCTETS = 255;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** The TLS options exactly as commander hands them over. */
export interface TlsOptionValues {
  readonly tls?: boolean;
  readonly alpn?: string;
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly servername?: string;
}

/** TLS for one target: what its attempts do and what the report shows. */
export interface TargetTls {
  /** The SNI sent, and the name the certificate must be for; null for an IP address (RFC 6066 §3). */
  readonly servername: string | null;
  readonly alpn: readonly string[];
  readonly verify: boolean;
  /** Trusted CAs (PEM) instead of Node's bundled ones. */
  readonly ca: string | null;
}

/** The TLS options of the command line, checked; undefined when none was given (the defaults apply). */
export function buildTlsRequest(values: TlsOptionValues): TlsRequest | undefined {
  const given = [
    values.alpn === undefined ? null : '--alpn',
    values.insecure === true ? '--insecure' : null,
    values.ca === undefined ? null : '--ca',
    values.servername === undefined ? null : '--servername',
  ].filter((flag) => flag !== null);
  if (values.tls === undefined && given.length === 0) return undefined;
  if (values.tls === false && given.length > 0) throw new UsageError(`${given[0]} is a TLS option; it cannot be used with --no-tls`);
  return {
    mode: values.tls === false ? 'off' : 'on',
    alpn: values.alpn === undefined ? DEFAULT_ALPN : parseAlpn(values.alpn),
    verify: values.insecure !== true,
    servername: values.servername === undefined ? null : parseServername(values.servername),
    caFile: values.ca === undefined ? null : parseCaPath(values.ca),
    ca: null,
  };
}

/** `--alpn h2,http/1.1`: protocol ids separated by commas, most preferred first. */
export function parseAlpn(text: string): string[] {
  const ids = text.split(',');
  const isBad = (id: string): boolean => id === '' || /[\s\u0000-\u001f\u007f-\u009f]/u.test(id) || Buffer.byteLength(id) > MAX_ALPN_OCTETS;
  if (ids.some(isBad)) {
    throw new UsageError(`invalid --alpn ${quote(text)}: expected protocol names separated by commas, like h2,http/1.1`);
  }
  return ids;
}

/** `--servername`: a host name (punycode for internationalised ones), never an IP address. */
export function parseServername(text: string): string {
  let name: string;
  try {
    name = parseHost(text);
  } catch {
    throw new UsageError(`invalid --servername ${quote(text)}: expected a host name`);
  }
  if (isIP(withoutZone(name)) !== 0) {
    throw new UsageError(`invalid --servername ${quote(text)}: SNI carries a host name, never an IP address (RFC 6066 §3)`);
  }
  return name.replace(/\.$/u, '');
}

function parseCaPath(text: string): string {
  if (text === '') throw new UsageError('--ca needs a file name');
  if (/[\u0000-\u001f]/u.test(text)) throw new UsageError(`invalid --ca ${quote(text)}: it contains a control character`);
  return text;
}

/** TLS for `target`, or null when its attempts are plain TCP. SNI is `--servername`, else the target's name, as `connect()` decides it. */
export function tlsFor(target: RunTarget, settings: RunSettings): TargetTls | null {
  const request = settings.tls ?? DEFAULT_TLS_REQUEST;
  const isOn = request.mode === 'on' || (request.mode === 'auto' && target.scheme !== undefined && TLS_SCHEMES.includes(target.scheme));
  if (!isOn) return null;
  const servername = request.servername ?? (isIP(withoutZone(target.host)) === 0 ? target.host.replace(/\.$/u, '') : null);
  return { servername, alpn: request.alpn, verify: request.verify, ca: request.ca };
}

/** The settings with TLS off, for the modes that compare plain TCP connects (`--compare`). */
export function withoutTls(settings: RunSettings): RunSettings {
  return { ...settings, tls: { ...(settings.tls ?? DEFAULT_TLS_REQUEST), mode: 'off' } };
}

/** The settings with the PEM text of `--ca FILE` read in; unchanged without `--ca`. */
export function loadCaFile(settings: RunSettings, read: (path: string, what: string, maxBytes: number) => string = readUserFile): RunSettings {
  const request = settings.tls;
  const file = request?.caFile ?? null;
  if (request === undefined || file === null || request.ca !== null) return settings;
  const what = `--ca ${quote(file)}`;
  const pem = read(file, what, MAX_CA_FILE_BYTES);
  if (!pem.includes(PEM_CERTIFICATE)) throw new UsageError(`${what} holds no PEM certificate (a "${PEM_CERTIFICATE}" block)`);
  return { ...settings, tls: { ...request, ca: pem } };
}
