import { isIP } from 'node:net';
import { DEFAULT_CONNECTION_ATTEMPT_DELAY_MS, DEFAULT_FIRST_ADDRESS_FAMILY_COUNT, DEFAULT_RESOLUTION_DELAY_MS } from '../../connect/options.js';
import { isLocalhostName } from '../../dns/localhost.js';
import { CLI_DEFAULT_TIMEOUT_MS } from '../options.js';
import type { Nat64Request, RunReport, RunSettings, TlsRequest } from '../report.js';
import { DEFAULT_ALPN, type TargetTls, tlsFor } from '../tls-settings.js';
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Theme } from './theme.js';
import type { Nat64Row, Timeline } from './timeline.js';
import { describeDnsError } from './words.js';

const LABEL_WIDTH = 10;
/** A localhost name is answered by eyeball itself (src/dns/localhost.ts), in every mode. */
const LOCALHOST_WORDS = 'RFC 6761: no DNS query';
const SEPARATOR = ' · ';

type HeaderReport = Pick<RunReport, 'target' | 'settings'> & Partial<Pick<RunReport, 'timeOrigin'>>;

/**
 * The one header line: `eyeball example.com port 443 · started 18:51:11.123 UTC · IPv4 only`, with every
 * setting not at its default; given the race's timeline, also its TLS and NAT64.
 */
export function renderHeader(report: HeaderReport, theme: Theme, width: number, race?: Pick<Timeline, 'nat64'>): string {
  const { target, settings } = report;
  const tls = race === undefined ? null : tlsFor(target, settings);
  const parts = [
    `eyeball ${target.host} port ${target.port}`,
    ...(report.timeOrigin === undefined ? [] : [`started ${describeStartTime(report.timeOrigin)}`]),
    ...(isLocalhostName(target.host) ? [LOCALHOST_WORDS] : []),
    ...describeChangedSettings(target.host, settings),
    ...(tls === null ? [] : [describeTlsBriefly(tls, settings.tls)]),
    ...(race === undefined || settings.nat64 === undefined ? [] : [`NAT64 ${describeNat64(settings.nat64, race.nat64)}`]),
  ];
  return wrapWords(parts.join(SEPARATOR), width)
    .map((text) => theme.title(text))
    .join('\n');
}

/** For `-v`: the start to the microsecond, the resolver (for a name), every setting, TLS and NAT64, one labelled line each. */
export function renderSettings(report: HeaderReport, theme: Theme, width: number, race?: Pick<Timeline, 'nat64'>): string {
  const { target, settings } = report;
  const isAddress = isIP(target.host) !== 0;
  const tls = race === undefined ? null : tlsFor(target, settings);
  return [
    ...(report.timeOrigin === undefined ? [] : [line('started', describeStart(report.timeOrigin), theme, width)]),
    ...(isAddress ? [] : [line('resolver', describeResolver(settings), theme, width)]),
    line('settings', describeSettings(settings, isAddress).join(', '), theme, width),
    ...(tls === null ? [] : [line('tls', describeTls(tls, settings.tls?.caFile ?? null), theme, width)]),
    ...(race === undefined || settings.nat64 === undefined ? [] : [line('nat64', describeNat64(settings.nat64, race.nat64), theme, width)]),
  ].join('\n');
}

/** `18:30:00.123 UTC`: the wall-clock time of the report's 0. */
function describeStartTime(timeOrigin: number): string {
  return `${new Date(Math.floor(timeOrigin)).toISOString().slice(11, 23)} UTC`;
}

/** The settings that differ from the defaults, in words; the families only for a name (an address has one). */
function describeChangedSettings(host: string, settings: RunSettings): string[] {
  const isName = isIP(host) === 0;
  const parts: string[] = [];
  if (settings.resolver === 'dns' && isName) parts.push(settings.dnsServer === null ? 'resolver dns' : `DNS server ${settings.dnsServer}`);
  if (settings.resolver === 'dns' && isName && settings.https === false) parts.push('no HTTPS query');
  if (settings.family !== 0 && isName) parts.push(settings.family === 4 ? 'IPv4 only' : 'IPv6 only');
  if (settings.attemptDelay !== DEFAULT_CONNECTION_ATTEMPT_DELAY_MS) parts.push(`attempt delay ${formatMs(settings.attemptDelay)}`);
  if (settings.resolutionDelay !== DEFAULT_RESOLUTION_DELAY_MS) parts.push(`resolution delay ${formatMs(settings.resolutionDelay)}`);
  if (settings.firstAddressFamilyCount !== DEFAULT_FIRST_ADDRESS_FAMILY_COUNT)
    parts.push(`first address family count ${settings.firstAddressFamilyCount}`);
  if (settings.timeout !== CLI_DEFAULT_TIMEOUT_MS)
    parts.push(settings.timeout === null ? 'no overall timeout' : `overall timeout ${formatMs(settings.timeout)}`);
  if (settings.attemptTimeout !== null) parts.push(`attempt timeout ${formatMs(settings.attemptTimeout)}`);
  if (settings.localAddress !== null) parts.push(`from ${settings.localAddress}`);
  return parts;
}

/** `TLS` and what differs from its defaults: `TLS, ALPN h2, certificate reported, not refused (-k)`. */
function describeTlsBriefly(tls: TargetTls, request: TlsRequest | undefined): string {
  const parts = ['TLS'];
  if (request?.servername != null) parts.push(`SNI ${request.servername}`);
  if (tls.alpn.join(',') !== DEFAULT_ALPN.join(',')) parts.push(`ALPN ${tls.alpn.join(', ')}`);
  if (request?.caFile != null) parts.push(`CA ${request.caFile}`);
  if (!tls.verify) parts.push('certificate reported, not refused (-k)');
  return parts.join(', ');
}

/** `2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)`: in the seconds `tcpdump -tt` prints, to read a capture beside it. */
export function describeStart(timeOrigin: number): string {
  const micros = Math.round(timeOrigin * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  const unix = `${Math.floor(micros / 1_000_000)}.${fraction}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction} UTC (Unix time ${unix} s)`;
}

/** `SNI example.com, ALPN h2, http/1.1, certificate checked against ...`: what every attempt's handshake sends and checks. */
function describeTls(tls: TargetTls, caFile: string | null): string {
  const sni = tls.servername === null ? 'no SNI (an IP address)' : `SNI ${tls.servername}`;
  const trust = caFile === null ? "Node's bundled CAs" : caFile;
  const verify = tls.verify ? `certificate checked against ${trust}` : 'a certificate that does not verify is reported, not refused (--insecure)';
  return `${sni}, ALPN ${tls.alpn.join(', ')}, ${verify}; an attempt counts once its handshake is done`;
}

function describeNat64(request: Nat64Request, found: Nat64Row | null): string {
  if (found === null) {
    return request.prefix === null
      ? 'prefix not looked for: this host has an IPv4 route (RFC 7050 discovery is for IPv6-only hosts)'
      : `prefix ${request.prefix} (option)`;
  }
  if (found.source === 'option') return `prefix ${found.prefixes.join(', ')} (option)`;
  const when = `via ipv4only.arpa at ${formatMs(found.answeredAt)}`;
  if (found.error !== null)
    return `no prefix: the ipv4only.arpa query failed at ${formatMs(found.answeredAt)}: ${describeDnsError(found.error)}; no synthesis`;
  if (found.prefixes.length === 0) return `no prefix found ${when} (no DNS64 answered for it); no synthesis`;
  if (found.prefixes.length === 1) return `prefix ${found.prefixes.join('')} (found ${when})`;
  return `prefixes ${found.prefixes.join(', ')} (found ${when}; the first is used)`;
}

function line(label: string, text: string, theme: Theme, width: number): string {
  const indent = ' '.repeat(LABEL_WIDTH);
  const [first = '', ...rest] = wrapWords(text, Math.max(20, width - LABEL_WIDTH));
  return [theme.label(label.padEnd(LABEL_WIDTH)) + first, ...rest.map((more) => indent + more)].join('\n');
}

function describeResolver(settings: RunSettings): string {
  if (settings.resolver === 'system') return 'system (the OS resolver, one lookup per family; no TTLs)';
  return `dns (asks DNS servers directly), server ${settings.dnsServer ?? "the system's"}`;
}

function describeSettings(settings: RunSettings, isAddress: boolean): string[] {
  // An IP address is of one family: which families a name's lookup asks for says nothing about it.
  const families = isAddress ? [] : [{ 0: 'IPv6 and IPv4', 4: 'IPv4 only', 6: 'IPv6 only' }[settings.family]];
  return [
    `attempt delay ${formatMs(settings.attemptDelay)}`,
    `resolution delay ${formatMs(settings.resolutionDelay)}`,
    `first address family count ${settings.firstAddressFamilyCount}`,
    `overall timeout ${settings.timeout === null ? 'none' : formatMs(settings.timeout)}`,
    `attempt timeout ${settings.attemptTimeout === null ? 'none (the OS decides)' : formatMs(settings.attemptTimeout)}`,
    ...families,
    `local address ${settings.localAddress ?? 'any'}`,
  ];
}
