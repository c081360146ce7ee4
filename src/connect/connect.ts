import { isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createDnsResolver } from '../dns/dns-resolver.js';
import { parseNat64Prefix } from '../dns/nat64.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { resolverForHost } from '../dns/localhost.js';
import { findSourceAddresses } from '../dns/source-address.js';
import { systemResolver } from '../dns/system-resolver.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { systemClock } from '../race/clock.js';
import type { Family } from '../base/family.js';
import { checkCallback, checkDuration, checkInteger, checkSignal } from '../util/validate.js';
import { connectTcp } from './connect-tcp.js';
import { checkTlsOptions, connectTls, type TlsHandshake, type TlsOptions, tlsHandshakeEvent } from './connect-tls.js';
import { type HappyEyeballsSettings, happyEyeballs } from './happy-eyeballs.js';
import {
  type ConnectOptions,
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MAX_FIRST_ADDRESS_FAMILY_COUNT,
  MAX_RESOLUTION_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from './options.js';

/**
 * Connects to `host:port` the RFC 8305 way and resolves with the connected `net.Socket`: AAAA and A asked
 * concurrently, a Resolution Delay when A answers first, addresses sorted (RFC 6724) and interleaved by
 * family, attempts staggered by the Connection Attempt Delay with earlier ones left running, a failure
 * starting the next attempt at once, and every loser destroyed.
 *
 * Rejects with `ResolutionFailedError` (no address), `ConnectionFailedError` (every attempt failed: its
 * message names each address and why), `ConnectTimeoutError` (the overall `timeout`), `InvalidOptionError`,
 * or `signal.reason` when the signal aborts.
 *
 * @example
 * ```ts
 * import { connect } from 'eyeball';
 *
 * const socket = await connect({ host: 'example.com', port: 443, timeout: 10_000, onEvent: console.log });
 * console.log(socket.remoteAddress, socket.remoteFamily);
 *
 * const secure = await connect({ host: 'example.com', port: 443, tls: { alpn: ['h2', 'http/1.1'] } });
 * console.log(secure.alpnProtocol, secure.getProtocol());
 * ```
 */
export function connect(options: ConnectOptions & { tls: true | TlsOptions }): Promise<TLSSocket>;
export function connect(options: ConnectOptions): Promise<Socket>;
export async function connect(options: ConnectOptions): Promise<Socket> {
  const settings = checkConnectOptions(options);
  const tls = options.tls === undefined ? null : checkTlsOptions(options.tls, settings.host);
  const resolver = pickResolver(options, settings.host);
  const clock = options.clock ?? systemClock;
  const socket = await happyEyeballs<Socket>(tls === null ? settings : { ...settings, clientAlpn: tls.alpn }, {
    resolver,
    findSources: findSourceAddresses,
    connectEndpoint: (endpoint, { signal, localAddress, index = 0, elapsed, emit, onConnectIssued }) => {
      const tcp = { signal, localAddress, allowHalfOpen: options.allowHalfOpen, onIssued: onConnectIssued };
      if (tls === null) return connectTcp(endpoint, tcp);
      const onHandshake = (handshake: TlsHandshake): void => emit?.(tlsHandshakeEvent(endpoint, index, elapsed?.() ?? 0, handshake));
      return connectTls(endpoint, { ...tcp, tls, now: () => clock.now(), onHandshake });
    },
    dispose: (late) => late.destroy(),
    clock,
    reportsConnectIssued: true,
  });
  if (options.noDelay !== undefined) socket.setNoDelay(options.noDelay);
  if (options.keepAlive !== undefined) socket.setKeepAlive(options.keepAlive, options.keepAliveInitialDelay);
  return socket;
}

/** Validates `ConnectOptions` and fills in the defaults. Throws `InvalidOptionError` naming the first bad option. */
export function checkConnectOptions(options: ConnectOptions): HappyEyeballsSettings {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', options, 'an object');
  const host = checkHost(options.host);
  const port = checkInteger('port', options.port, 1, 65_535);
  const family = options.family ?? 0;
  if (family !== 0 && family !== 4 && family !== 6) throw new InvalidOptionError('family', family, '0, 4 or 6');
  const literal = literalFamily(host);
  const localAddress = checkLocalAddress(options.localAddress);
  const families = pickFamilies(host, family, literal, localAddress);
  return {
    host,
    port,
    families,
    literal,
    attemptDelay: checkDuration(
      'attemptDelay',
      options.attemptDelay ?? DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
      MIN_CONNECTION_ATTEMPT_DELAY_MS,
      MAX_CONNECTION_ATTEMPT_DELAY_MS,
    ),
    resolutionDelay: checkDuration('resolutionDelay', options.resolutionDelay ?? DEFAULT_RESOLUTION_DELAY_MS, 0, MAX_RESOLUTION_DELAY_MS),
    firstAddressFamilyCount: checkInteger(
      'firstAddressFamilyCount',
      options.firstAddressFamilyCount ?? DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
      1,
      MAX_FIRST_ADDRESS_FAMILY_COUNT,
    ),
    timeout: options.timeout === undefined ? undefined : checkDuration('timeout', options.timeout, 1),
    attemptTimeout: options.attemptTimeout === undefined ? undefined : checkDuration('attemptTimeout', options.attemptTimeout, 1),
    localAddress: localAddress.byFamily,
    signal: checkSignal('signal', options.signal),
    origin: options.origin === undefined ? undefined : checkDuration('origin', options.origin),
    onEvent: checkCallback('onEvent', options.onEvent),
    nat64: checkNat64(options.nat64),
    https: checkHttps(options.https),
  };
}

function checkHttps(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidOptionError('https', value, 'true or false');
  return value;
}

function checkNat64(value: ConnectOptions['nat64']): { prefix: ReturnType<typeof parseNat64Prefix> | null } | null {
  if (value === undefined || value === false) return null;
  if (value === true) return { prefix: null };
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('nat64', value, 'true, false or { prefix }');
  return { prefix: value.prefix === undefined ? null : parseNat64Prefix(value.prefix, 'nat64.prefix') };
}

/** The resolver `options` choose; a built-in one leaves a localhost name to eyeball's own answer (RFC 6761). */
function pickResolver(options: ConnectOptions, host: string): FamilyResolver {
  const choice = options.resolver ?? 'system';
  if (choice === 'system') {
    if (options.dnsServers !== undefined) throw new InvalidOptionError('dnsServers', options.dnsServers, "not set unless `resolver` is 'dns'");
    return resolverForHost(host, systemResolver);
  }
  if (choice === 'dns') {
    const servers = options.dnsServers === undefined ? {} : { servers: options.dnsServers };
    const timeout = options.dnsTimeout === undefined ? {} : { timeout: checkDuration('dnsTimeout', options.dnsTimeout, 1) };
    return resolverForHost(host, createDnsResolver({ ...servers, ...timeout }));
  }
  if (typeof choice === 'object' && choice !== null && typeof choice.resolve === 'function') return choice;
  throw new InvalidOptionError('resolver', choice, "'system', 'dns' or an object with a resolve(hostname, family, signal) method");
}

function checkHost(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionError('host', value, 'a non-empty string');
  // `[2001:db8::1]` is accepted as the literal inside the brackets.
  return value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
}

function literalFamily(host: string): Family | null {
  const version = isIP(host);
  return version === 4 || version === 6 ? version : null;
}

interface CheckedLocalAddress {
  readonly byFamily: { 4?: string; 6?: string };
  /** A single address restricts the connection to its family. */
  readonly onlyFamily: Family | null;
}

function checkLocalAddress(value: ConnectOptions['localAddress']): CheckedLocalAddress {
  if (value === undefined) return { byFamily: {}, onlyFamily: null };
  if (typeof value === 'string') {
    const family = literalFamily(value);
    if (family === null) throw new InvalidOptionError('localAddress', value, 'an IP address');
    return { byFamily: { [family]: value }, onlyFamily: family };
  }
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionError('localAddress', value, 'an IP address or { ipv4, ipv6 }');
  }
  const byFamily: { 4?: string; 6?: string } = {};
  if (value.ipv4 !== undefined) {
    if (isIP(value.ipv4) !== 4) throw new InvalidOptionError('localAddress.ipv4', value.ipv4, 'an IPv4 address');
    byFamily[4] = value.ipv4;
  }
  if (value.ipv6 !== undefined) {
    if (isIP(value.ipv6) !== 6) throw new InvalidOptionError('localAddress.ipv6', value.ipv6, 'an IPv6 address');
    byFamily[6] = value.ipv6;
  }
  return { byFamily, onlyFamily: null };
}

function pickFamilies(host: string, family: 0 | Family, literal: Family | null, local: CheckedLocalAddress): Family[] {
  const restriction = family === 0 ? local.onlyFamily : family;
  if (family !== 0 && local.onlyFamily !== null && local.onlyFamily !== family) {
    throw new InvalidOptionError('localAddress', local.byFamily[local.onlyFamily], `an IPv${family} address, as \`family\` is ${family}`);
  }
  if (literal !== null && restriction !== null && literal !== restriction) {
    throw new InvalidOptionError('host', host, `an IPv${restriction} address or a name, as only IPv${restriction} is allowed`);
  }
  if (literal !== null) return [literal];
  return restriction === null ? [6, 4] : [restriction];
}
