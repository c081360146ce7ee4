/**
 * The race options as the CLI takes them: strings from the command line, checked and turned into
 * {@link RunSettings}. The bounds come from src/connect/options.ts so that the CLI and the library cannot disagree.
 */
import { isIP } from 'node:net';
import {
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MAX_FIRST_ADDRESS_FAMILY_COUNT,
  MAX_RESOLUTION_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from '../connect/options.js';
import { parseNat64Prefix } from '../dns/nat64.js';
import { formatHostPort } from '../base/host-port.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { checkDuration, checkInteger } from '../util/validate.js';
import type { Nat64Request, RunSettings, RunTarget } from './report.js';
import { parseAddressAndPort, quote, withoutZone } from './target.js';
import { buildTlsRequest, type TlsOptionValues } from './tls-settings.js';
import { UsageError } from './usage-error.js';

/** The CLI gives up after 10 s unless told otherwise: long enough for a slow path, short enough for a person. */
export const CLI_DEFAULT_TIMEOUT_MS = 10_000;
/** setTimeout's ceiling (2^31 - 1 ms, about 24.8 days); a longer timer would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)?$/u;

/** The race options exactly as commander hands them over (strings and flags, all optional). */
export interface RaceOptionValues extends TlsOptionValues {
  readonly delay?: string;
  readonly resolutionDelay?: string;
  readonly familyCount?: string;
  readonly timeout?: string;
  readonly attemptTimeout?: string;
  readonly ipv4?: boolean;
  readonly ipv6?: boolean;
  readonly resolver?: string;
  readonly dnsServer?: string;
  readonly localAddress?: string;
  readonly nat64?: boolean;
  readonly nat64Prefix?: string;
  readonly https?: boolean;
}

/** Checks every race option and fills in the defaults. */
export function buildSettings(values: RaceOptionValues): RunSettings {
  if (values.ipv4 === true && values.ipv6 === true) throw new UsageError('-4 and -6 cannot be used together');
  if (values.dnsServer !== undefined && values.resolver === 'system') {
    throw new UsageError('--dns-server needs --resolver dns (the system resolver uses the servers the OS is set up with)');
  }
  const family = values.ipv4 === true ? 4 : values.ipv6 === true ? 6 : 0;
  const localAddress = values.localAddress === undefined ? null : parseLocalAddress(values.localAddress);
  if (localAddress !== null && family !== 0 && isIP(withoutZone(localAddress)) !== family) {
    throw new UsageError(`--local-address ${quote(localAddress)} is not an IPv${family} address, but -${family} was given`);
  }
  const timeout = values.timeout === undefined ? CLI_DEFAULT_TIMEOUT_MS : parseDuration('--timeout', values.timeout, 0, MAX_TIMER_MS);
  const tls = buildTlsRequest(values);
  const nat64 = buildNat64Request(values, family);
  return {
    resolver: values.resolver === 'dns' || values.dnsServer !== undefined ? 'dns' : 'system',
    dnsServer: values.dnsServer === undefined ? null : parseDnsServer(values.dnsServer),
    family,
    attemptDelay: parseAttemptDelay(values.delay),
    resolutionDelay:
      values.resolutionDelay === undefined
        ? DEFAULT_RESOLUTION_DELAY_MS
        : parseDuration('--resolution-delay', values.resolutionDelay, 0, MAX_RESOLUTION_DELAY_MS),
    firstAddressFamilyCount: values.familyCount === undefined ? DEFAULT_FIRST_ADDRESS_FAMILY_COUNT : parseFamilyCount(values.familyCount),
    // 0 switches the overall timeout off.
    timeout: timeout === 0 ? null : timeout,
    attemptTimeout: values.attemptTimeout === undefined ? null : parseDuration('--attempt-timeout', values.attemptTimeout, 1, MAX_TIMER_MS),
    localAddress,
    ...(tls === undefined ? {} : { tls }),
    ...(nat64 === undefined ? {} : { nat64 }),
    ...(values.https === false ? { https: false } : {}),
  };
}

/** `--nat64` (discover the prefix, RFC 7050) and `--nat64-prefix P` (RFC 6052), checked by the library's own parser. */
function buildNat64Request(values: RaceOptionValues, family: 0 | 4 | 6): Nat64Request | undefined {
  if (values.nat64 !== true && values.nat64Prefix === undefined) return undefined;
  const flag = values.nat64Prefix === undefined ? '--nat64' : '--nat64-prefix';
  // NAT64 turns A answers into IPv6 addresses: -4 forbids those, and -6 sends no A query to turn.
  if (family !== 0) throw new UsageError(`${flag} makes IPv6 addresses out of IPv4 ones; it cannot be used with -${family}`);
  if (values.nat64Prefix === undefined) return { prefix: null };
  const prefix = values.nat64Prefix;
  return { prefix: toUsageError(() => parseNat64Prefix(prefix, '--nat64-prefix'), '').text };
}

/** `-4` with an IPv6 literal (or `-6` with IPv4) could never connect, nor could a local address of the other family. */
export function checkTargetFamily(target: RunTarget, settings: RunSettings): void {
  const literal = isIP(withoutZone(target.host));
  if (literal === 0) return;
  if (settings.family !== 0 && literal !== settings.family) {
    throw new UsageError(`-${settings.family} was given but ${quote(target.host)} is an IPv${literal} address`);
  }
  const local = settings.localAddress === null ? 0 : isIP(withoutZone(settings.localAddress));
  if (local !== 0 && local !== literal) {
    throw new UsageError(`--local-address ${quote(settings.localAddress ?? '')} is IPv${local} but ${quote(target.host)} is IPv${literal}`);
  }
}

/** `--delay`: the Connection Attempt Delay, which RFC 8305 §5 bounds from below (MUST NOT be under 10 ms). */
export function parseAttemptDelay(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONNECTION_ATTEMPT_DELAY_MS;
  return parseDuration('--delay', text, MIN_CONNECTION_ATTEMPT_DELAY_MS, MAX_CONNECTION_ATTEMPT_DELAY_MS);
}

/** Parses a duration (`250`, `250ms`, `1.5s`) into milliseconds and checks it is within [min, max]. */
export function parseDuration(flag: string, text: string, min: number, max: number): number {
  const match = DURATION.exec(text);
  if (match === null) {
    throw new UsageError(`invalid ${flag} ${quote(text)}: expected milliseconds, like 250, 250ms or 1.5s`);
  }
  const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  return toUsageError(() => checkDuration(flag, value, min, max), flag === '--delay' ? ' (RFC 8305 §5)' : '');
}

function parseFamilyCount(text: string): number {
  if (!/^\d+$/u.test(text)) {
    throw new UsageError(`invalid --family-count ${quote(text)}: expected a whole number from 1 to ${MAX_FIRST_ADDRESS_FAMILY_COUNT}`);
  }
  return toUsageError(() => checkInteger('--family-count', Number(text), 1, MAX_FIRST_ADDRESS_FAMILY_COUNT), '');
}

/** `IP` or `IP:PORT` (`[IPv6]:PORT`), in the form connect() takes for `dnsServers`. */
function parseDnsServer(text: string): string {
  // The library's dnsServers take no zone id; refusing it here names the flag instead of `servers` later.
  if (text.includes('%')) {
    throw new UsageError(`invalid --dns-server ${quote(text)}: a zone id ('%') is not supported; give a global or loopback address`);
  }
  const { address, port } = parseAddressAndPort(text, '--dns-server');
  return port === undefined ? address : formatHostPort(address, port);
}

function parseLocalAddress(text: string): string {
  const { address, port } = parseAddressAndPort(text, '--local-address');
  if (port !== undefined) throw new UsageError(`invalid --local-address ${quote(text)}: expected an IP address without a port`);
  return address;
}

/** Runs a check (src/util/validate.ts, the library's parsers) and turns its InvalidOptionError into a one-line usage error. */
function toUsageError<T>(check: () => T, suffix: string): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    throw new UsageError(`${error.message}${suffix}`);
  }
}
