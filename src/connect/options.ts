import type { FamilyResolver } from '../dns/resolver.js';
import type { Clock } from '../race/clock.js';
import type { TraceEvent } from '../trace/events.js';
import type { Family } from '../base/family.js';
import type { TlsOptions } from './connect-tls.js';

/** RFC 8305 §3: wait this long for AAAA after an A answer came first. */
export const DEFAULT_RESOLUTION_DELAY_MS = 50;
/** RFC 8305 §5 and §8: start the next attempt this long after the previous one started. */
export const DEFAULT_CONNECTION_ATTEMPT_DELAY_MS = 250;
/** RFC 8305 §5 and §8: the Connection Attempt Delay MUST NOT be below 10 ms. */
export const MIN_CONNECTION_ATTEMPT_DELAY_MS = 10;
/** RFC 8305 §5 and §8: the recommended Maximum Connection Attempt Delay. */
export const MAX_CONNECTION_ATTEMPT_DELAY_MS = 2000;
/** RFC 8305 gives no bound; eyeball caps the Resolution Delay at the Maximum Connection Attempt Delay. */
export const MAX_RESOLUTION_DELAY_MS = 2000;
/** RFC 8305 §4 says 2 "may be used"; eyeball accepts up to this many. */
export const MAX_FIRST_ADDRESS_FAMILY_COUNT = 16;
/** RFC 8305 §4: how many addresses of the first family go before the other family gets a turn. */
export const DEFAULT_FIRST_ADDRESS_FAMILY_COUNT = 1;

export interface LocalAddresses {
  readonly ipv4?: string;
  readonly ipv6?: string;
}

export interface ConnectOptions {
  /** A name or an IP literal (an IPv6 literal may carry a zone: `fe80::1%eth0`). */
  host: string;
  port: number;
  /** Aborts everything; `connect` rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Overall bound in ms, from the call to a connected socket (DNS included). @default none */
  timeout?: number;
  /** Bound in ms on each attempt; an attempt that runs out fails with `EYEBALL_ATTEMPT_TIMEOUT`. @default none (the OS's own SYN timeout) */
  attemptTimeout?: number;
  /** Connection Attempt Delay in ms (RFC 8305 §5), from 10 to 2000. @default 250 */
  attemptDelay?: number;
  /** Resolution Delay in ms (RFC 8305 §3). @default 50 */
  resolutionDelay?: number;
  /** First Address Family Count (RFC 8305 §4), 1 or more. @default 1 */
  firstAddressFamilyCount?: number;
  /** Only this family: 4 or 6. @default 0 (both) */
  family?: 0 | Family;
  /** `system` (the OS resolver, one lookup per family), `dns` (ask DNS servers directly), or your own. @default 'system' */
  resolver?: 'system' | 'dns' | FamilyResolver;
  /** With the `dns` resolver: servers as `IP` or `IP:PORT` (`[IPv6]:PORT`). @default the system's servers */
  dnsServers?: readonly string[];
  /** With the `dns` resolver: ms to wait for an answer to each query. @default 5000 */
  dnsTimeout?: number;
  /** Where to connect from: a string binds its family and drops the other; an object binds each family. */
  localAddress?: string | LocalAddresses;
  /** Receives every step as it happens, with `at` in ms since the call. */
  onEvent?: (event: TraceEvent) => void;
  /** Where time comes from (tests). @default the monotonic clock */
  clock?: Clock;
  /** The `clock.now()` reading the trace's `at` 0 stands for (the CLI matches it to packet captures). @default `clock.now()` at the start */
  origin?: number;
  /**
   * Make each attempt TCP then TLS: an attempt succeeds only once its TLS handshake is done (HEv3 §6.1),
   * and `connect` resolves with a `tls.TLSSocket`. `true` uses the defaults of {@link TlsOptions}. @default false
   */
  tls?: boolean | TlsOptions;
  /**
   * NAT64 (RFC 8305 §7.1): IPv4 addresses with no IPv4 route are tried as their IPv6 form under the prefix
   * (RFC 6052). `true` or `{}` discovers the prefix (RFC 7050); `{ prefix }` gives it. @default false
   */
  nat64?: boolean | { prefix?: string };
  /**
   * Happy Eyeballs v3 (draft-ietf-happy-happyeyeballs-v3-04 §4): also ask for the host's HTTPS records
   * (RFC 9460) and wait for them (at most the Resolution Delay); their address hints count until the real
   * answers come. Needs a resolver with `resolveHttps` (the `dns` resolver, or your own). @default false
   */
  https?: boolean;
  /** Passed to the connected socket. */
  noDelay?: boolean;
  keepAlive?: boolean;
  keepAliveInitialDelay?: number;
  allowHalfOpen?: boolean;
}
