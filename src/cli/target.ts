/**
 * What to connect to, from what the user typed. Internationalised names become punycode here, so the
 * rest of eyeball only sees what goes on the wire. Pure: no I/O, no DNS.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import type { RunTarget } from './report.js';
import { cleanForTerminal, escapeForTerminal } from './sanitize.js';
import { UsageError } from './usage-error.js';

/** RFC 1035 §2.3.4 (and RFC 1123 §2.1): a name is at most 253 characters without the final dot, a label 63 octets. */
const MAX_HOST_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const MIN_PORT = 1;
export const MAX_PORT = 65_535;

/** Default ports of the URL schemes people paste (RFC 9110 §4.2, RFC 6455 §3). */
const SCHEME_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };

const URL_PREFIX = /^[a-z][a-z\d+.-]*:\/\//iu;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/u;
const WHITESPACE = /\s/u;
/** What may appear in a name before punycode conversion: ASCII letters, digits, `-`, `_`, `.`, or any non-ASCII letter. */
const NAME_CHARACTERS = /^[\w.\-\u00a0-\u{10ffff}]+$/u;
/** Interface names and numeric indexes: `eth0`, `en0`, `wlp2s0.100`, `3`. */
const ZONE_ID = /^[\w.-]+$/u;
/** What can come before the first colon of an IPv6 literal: up to four hex digits (none for `::1`). */
const IPV6_FIRST_GROUP = /^[\da-f]{0,4}$/iu;
/** The prefix of a punycode label (RFC 5890 §2.3.2.1); alone it encodes nothing, and not every Node's `domainToASCII` refuses it. */
const ACE_PREFIX = 'xn--';
/** How much of a bad value an error message repeats. */
const ECHO_LENGTH = 60;

/**
 * Parses the target arguments into the host to resolve and the port.
 *
 * @param hostArgument `example.com`, `example.com:443`, `[::1]:443`, `::1`, `fe80::1%eth0` or a URL.
 * @param portArgument The optional second argument. It must agree with a port given in the first one.
 */
export function parseTarget(hostArgument: string, portArgument?: string): RunTarget {
  rejectInvisible('target', hostArgument);
  const argumentPort = portArgument === undefined ? undefined : parsePort(portArgument);
  const split = URL_PREFIX.test(hostArgument) ? splitUrl(hostArgument) : splitHostPort(hostArgument);
  if (split.port !== undefined && argumentPort !== undefined && split.port !== argumentPort) {
    throw new UsageError(`conflicting ports: ${quote(hostArgument)} says ${split.port} but the port argument says ${argumentPort}`);
  }
  const port = argumentPort ?? split.port ?? split.schemePort;
  // An empty host is the mistake to report, not the port that is missing with it (`eyeball ''`).
  if (split.host === '') throw new UsageError('the host is empty');
  if (port === undefined) {
    throw new UsageError(
      `missing port for ${quote(hostArgument)}: give it after the host (eyeball example.com 443), ` + 'as example.com:443, or use an http(s):// URL',
    );
  }
  const input = portArgument === undefined ? hostArgument : `${hostArgument} ${portArgument}`;
  const target = { host: parseHost(split.host), port, input: cleanForTerminal(input) };
  return split.scheme === undefined ? target : { ...target, scheme: split.scheme };
}

/** Parses a port: decimal digits only, from 1 to 65535. `what` names it in the error message. */
export function parsePort(text: string, what = 'port'): number {
  const port = /^\d{1,5}$/u.test(text) ? Number(text) : Number.NaN;
  if (!(port >= MIN_PORT && port <= MAX_PORT)) {
    throw new UsageError(`invalid ${what} ${quote(text)}: expected a number from ${MIN_PORT} to ${MAX_PORT}`);
  }
  return port;
}

/**
 * Checks and normalises a host without a port: an IPv4 literal, an IPv6 literal (no brackets, an
 * optional `%zone`), or a name, which comes back lower-case and in punycode.
 */
export function parseHost(text: string): string {
  rejectInvisible('host', text);
  if (text === '') throw new UsageError('the host is empty');
  if (isIPv4(text)) return text;
  if (text.includes(':')) return parseIPv6(text);
  if (!NAME_CHARACTERS.test(text)) {
    throw new UsageError(`invalid host ${quote(text)}: not an IP address, and a name has only letters, digits, '-', '_' and '.'`);
  }
  const ascii = domainToASCII(text);
  if (ascii === '' || ascii === '.' || ascii.split('.').includes(ACE_PREFIX)) {
    throw new UsageError(`invalid host ${quote(text)}: not a valid name or IPv4 address`);
  }
  checkNameLengths(text, ascii);
  return ascii;
}

/** `[2001:db8::1]:53` or `127.0.0.1:53` or a bare address, for options such as `--dns-server`. */
export function parseAddressAndPort(text: string, what: string): { address: string; port: number | undefined } {
  rejectInvisible(what, text);
  const split = splitHostPort(text, what);
  if (split.host === '') throw new UsageError(`${what} is empty`);
  const bare = withoutZone(split.host);
  if (!isIPv4(split.host) && !isIPv6(bare)) {
    throw new UsageError(`invalid ${what} ${quote(text)}: expected an IP address, optionally with :PORT`);
  }
  return { address: split.host.includes(':') ? parseIPv6(split.host) : split.host, port: split.port };
}

/** An IPv6 literal without its `%zone` (anything else unchanged). */
export function withoutZone(address: string): string {
  return address.split('%')[0] ?? '';
}

/** A value from the command line as an error message repeats it: control characters escaped, shortened, in quotes. */
export function quote(text: string): string {
  const clean = escapeForTerminal(text);
  return `"${clean.length > ECHO_LENGTH ? `${clean.slice(0, ECHO_LENGTH - 1)}…` : clean}"`;
}

interface SplitTarget {
  /** Without brackets; not yet checked. */
  readonly host: string;
  readonly port: number | undefined;
  /** The port the URL scheme implies, used only when no port was written anywhere. */
  readonly schemePort?: number;
  /** Without the colon (`https`). */
  readonly scheme?: string;
}

function splitUrl(text: string): SplitTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid URL ${quote(text)}`);
  }
  // `hostname` keeps the brackets of an IPv6 literal; special schemes have already turned names into punycode.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const schemePort = SCHEME_PORTS[url.protocol];
  // The URL parser drops a port equal to the scheme's default, which then comes back as `schemePort`.
  const port = url.port === '' ? undefined : parsePort(url.port);
  const scheme = url.protocol.slice(0, -1);
  return schemePort === undefined ? { host, port, scheme } : { host, port, schemePort, scheme };
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 literal (two or more colons). */
function splitHostPort(text: string, what = 'target'): SplitTarget {
  const portName = what === 'target' ? 'port' : `${what} port`;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) throw new UsageError(`invalid ${what} ${quote(text)}: missing ']'`);
    const host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (!isIPv6(withoutZone(host))) {
      throw new UsageError(`invalid ${what} ${quote(text)}: only an IPv6 address goes in brackets`);
    }
    if (rest === '') return { host, port: undefined };
    if (!rest.startsWith(':')) throw new UsageError(`invalid ${what} ${quote(text)}: expected ':PORT' after ']'`);
    return { host, port: parsePort(rest.slice(1), portName) };
  }
  const firstColon = text.indexOf(':');
  const moreColons = firstColon !== -1 && text.indexOf(':', firstColon + 1) !== -1;
  if (moreColons && !IPV6_FIRST_GROUP.test(text.slice(0, firstColon))) {
    // `example.com:80:90`: a name before the first colon, so not an IPv6 literal; say so rather than "invalid IPv6".
    throw new UsageError(`invalid ${what} ${quote(text)}: more than one ':' after a name (give HOST:PORT, or an IPv6 address as [2001:db8::1]:443)`);
  }
  if (firstColon === -1 || moreColons) {
    // No colon: a name or IPv4. Two or more: a bare IPv6 literal, whose port can only come separately.
    return { host: text, port: undefined };
  }
  return { host: text.slice(0, firstColon), port: parsePort(text.slice(firstColon + 1), portName) };
}

function parseIPv6(text: string): string {
  const percent = text.indexOf('%');
  const address = percent === -1 ? text : text.slice(0, percent);
  if (!isIPv6(address)) throw new UsageError(`invalid IPv6 address ${quote(text)}`);
  if (percent !== -1 && !ZONE_ID.test(text.slice(percent + 1))) {
    throw new UsageError(`invalid zone id in ${quote(text)}: expected an interface name or index after '%'`);
  }
  return text;
}

function checkNameLengths(original: string, ascii: string): void {
  // A final dot marks a fully qualified name; it is not part of the length (RFC 1035 §3.1).
  const name = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  if (name.length > MAX_HOST_NAME_LENGTH) {
    throw new UsageError(`invalid host name ${quote(original)}: ${name.length} characters, more than ${MAX_HOST_NAME_LENGTH}`);
  }
  for (const label of name.split('.')) {
    if (label === '') throw new UsageError(`invalid host name ${quote(original)}: it has an empty label ('..')`);
    if (label.length > MAX_LABEL_LENGTH) {
      throw new UsageError(
        `invalid host name ${quote(original)}: the label ${quote(label)} has ${label.length} characters, more than ${MAX_LABEL_LENGTH}`,
      );
    }
  }
}

/** Spaces and control characters are never part of a host; say so rather than "invalid". */
function rejectInvisible(what: string, text: string): void {
  if (CONTROL_CHARACTER.test(text)) throw new UsageError(`invalid ${what} ${quote(text)}: it contains a control character`);
  if (WHITESPACE.test(text)) throw new UsageError(`invalid ${what} ${quote(text)}: it contains a space`);
}
