import { formatHostPort } from '../../base/host-port.js';
import type { Nat64Request, RunReport, RunSettings } from '../report.js';
import { type TargetTls, tlsFor } from '../tls-settings.js';
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Theme } from './theme.js';
import type { Nat64Row, Timeline } from './timeline.js';
import { describeDnsError } from './words.js';

const LABEL_WIDTH = 10;

/**
 * What was asked: the target, the resolver, and every setting that shapes the race. Given the race's
 * timeline, also how its attempts connect: TLS, and the NAT64 prefix and where it came from.
 */
export function renderHeader(
  report: Pick<RunReport, 'target' | 'settings'> & Partial<Pick<RunReport, 'timeOrigin'>>,
  theme: Theme,
  width: number,
  race?: Pick<Timeline, 'nat64'>,
): string {
  const { target, settings } = report;
  const typed =
    target.input !== '' && target.input !== target.host && target.input !== formatHostPort(target.host, target.port)
      ? ` (from ${target.input})`
      : '';
  const tls = race === undefined ? null : tlsFor(target, settings);
  const nat64 = race === undefined ? undefined : settings.nat64;
  return [
    line('target', `${target.host} port ${target.port}${typed}`, theme, width),
    ...(report.timeOrigin === undefined ? [] : [line('started', describeStart(report.timeOrigin), theme, width)]),
    line('resolver', describeResolver(settings), theme, width),
    line('settings', describeSettings(settings).join(', '), theme, width),
    ...(tls === null ? [] : [line('tls', describeTls(tls, settings.tls?.caFile ?? null), theme, width)]),
    ...(nat64 === undefined || race === undefined ? [] : [line('nat64', describeNat64(nat64, race.nat64), theme, width)]),
  ].join('\n');
}

/**
 * `2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)`: the instant every time of the report
 * counts from, to the microsecond, and in the seconds `tcpdump -tt` prints, so a capture can be read beside it.
 */
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
  const verify = tls.verify ? `certificate checked against ${trust}` : 'certificate not verified (--insecure)';
  return `${sni}, ALPN ${tls.alpn.join(', ')}, ${verify}; an attempt counts once its handshake is done`;
}

/** The prefix and where it came from, or why there is none. */
function describeNat64(request: Nat64Request, found: Nat64Row | null): string {
  if (found === null) {
    return request.prefix === null
      ? 'prefix not looked for: this host has an IPv4 route (RFC 7050 discovery is for IPv6-only hosts)'
      : `prefix ${request.prefix} (option)`;
  }
  if (found.source === 'option') return `prefix ${found.prefixes.join(', ')} (option)`;
  const when = `via ipv4only.arpa at ${formatMs(found.answeredAt)}`;
  if (found.error !== null) return `no prefix: the ipv4only.arpa query failed at ${formatMs(found.answeredAt)}: ${describeDnsError(found.error)}; no synthesis`;
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

function describeSettings(settings: RunSettings): string[] {
  const families = { 0: 'IPv6 and IPv4', 4: 'IPv4 only', 6: 'IPv6 only' }[settings.family];
  return [
    `attempt delay ${formatMs(settings.attemptDelay)}`,
    `resolution delay ${formatMs(settings.resolutionDelay)}`,
    `first address family count ${settings.firstAddressFamilyCount}`,
    `overall timeout ${settings.timeout === null ? 'none' : formatMs(settings.timeout)}`,
    `attempt timeout ${settings.attemptTimeout === null ? 'none (the OS decides)' : formatMs(settings.attemptTimeout)}`,
    families,
    `local address ${settings.localAddress ?? 'any'}`,
  ];
}
