import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import type { FamilyResolver, ResolveAnswer } from '../../src/dns/resolver.js';
import type { HappyEyeballsDependencies } from '../../src/connect/happy-eyeballs.js';
import type { Endpoint, Family } from '../../src/trace/events.js';
import type { FakeClock } from './fake-clock.js';

/** A DNS answer on virtual time: addresses (empty = NODATA) or an error code, at `at` ms; or never. */
export type FakeDnsPlan = { at: number; addresses: string[]; ttl?: number } | { at: number; error: string } | 'never';

/** What connecting to an address does: connect or fail `after` ms after the start, or hang until aborted. */
export type FakeConnectPlan =
  | { ok: number }
  | { fail: number; code?: string }
  | 'hang'
  /** Connects after `ok` ms even when aborted first (a socket that connects after losing). */
  | { okIgnoringAbort: number };

export interface FakeConnection {
  readonly address: string;
  destroyed: boolean;
}

export interface FakeNetworkLog {
  /** Queries for the host (any name not in `plan.names`). */
  readonly queries: Array<{ family: Family; at: number }>;
  /** Queries for the names of `plan.names` (`ipv4only.arpa`, ...). */
  readonly namedQueries: Array<{ hostname: string; family: Family; at: number }>;
  readonly starts: Record<string, number>;
  readonly aborts: Record<string, number>;
  readonly localAddresses: Record<string, string | undefined>;
  readonly disposed: string[];
}

/**
 * Fake resolver, source-address probe and connector acting out a scenario on the fake clock: the whole
 * Happy Eyeballs flow runs on virtual time with exact times to assert.
 */
export function fakeNetwork(
  clock: FakeClock,
  plan: {
    dns: { AAAA?: FakeDnsPlan; A?: FakeDnsPlan };
    connect?: Record<string, FakeConnectPlan>;
    /** The source the host would use per family; null = no route (RFC 6724 rule 1). */
    sources?: { 6?: string | null; 4?: string | null };
    /** Answers for other names than the host, by name (NXDOMAIN for a family not given). */
    names?: Record<string, { AAAA?: FakeDnsPlan; A?: FakeDnsPlan }>;
  },
): { deps: HappyEyeballsDependencies<FakeConnection>; log: FakeNetworkLog } {
  const log: FakeNetworkLog = { queries: [], namedQueries: [], starts: {}, aborts: {}, localAddresses: {}, disposed: [] };
  const sources = { 6: '2001:db8:ffff::100', 4: '198.51.100.100', ...plan.sources };

  const resolver: FamilyResolver = {
    name: 'fake',
    resolve(hostname, family, signal) {
      const named = plan.names?.[hostname];
      if (named) log.namedQueries.push({ hostname, family, at: clock.now() });
      else log.queries.push({ family, at: clock.now() });
      const dnsPlan = named
        ? ((family === 6 ? named.AAAA : named.A) ?? { at: clock.now(), error: 'ENOTFOUND' })
        : ((family === 6 ? plan.dns.AAAA : plan.dns.A) ?? { at: 0, addresses: [] });
      return new Promise<ResolveAnswer>((resolve, reject) => {
        let timer: unknown;
        const onAbort = (): void => {
          if (timer !== undefined) clock.clearTimeout(timer);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        if (dnsPlan === 'never') return;
        timer = clock.setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          if ('error' in dnsPlan) reject(new DnsQueryError(hostname, family, dnsPlan.error));
          else resolve({ addresses: dnsPlan.addresses, ttl: dnsPlan.ttl ?? 60 });
        }, dnsPlan.at - clock.now());
      });
    },
  };

  const connectEndpoint = (endpoint: Endpoint, options: { signal: AbortSignal; localAddress?: string | undefined }) => {
    const { address } = endpoint;
    const { signal } = options;
    log.starts[address] = clock.now();
    log.localAddresses[address] = options.localAddress;
    const connectPlan = plan.connect?.[address] ?? 'hang';
    return new Promise<FakeConnection>((resolve, reject) => {
      let timer: unknown;
      const ignoresAbort = typeof connectPlan === 'object' && 'okIgnoringAbort' in connectPlan;
      const onAbort = (): void => {
        log.aborts[address] = clock.now();
        if (ignoresAbort) return;
        if (timer !== undefined) clock.clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (connectPlan === 'hang') return;
      const settle = (): void => {
        signal.removeEventListener('abort', onAbort);
        if ('fail' in connectPlan) {
          reject(Object.assign(new Error(`connect ${connectPlan.code ?? 'ECONNREFUSED'} ${address}`), { code: connectPlan.code ?? 'ECONNREFUSED' }));
        } else {
          resolve({ address, destroyed: false });
        }
      };
      const after = 'ok' in connectPlan ? connectPlan.ok : 'fail' in connectPlan ? connectPlan.fail : connectPlan.okIgnoringAbort;
      timer = clock.setTimeout(settle, after);
    });
  };

  return {
    log,
    deps: {
      resolver,
      findSource: (destination, family) => Promise.resolve(destination === '::1' ? '::1' : (sources[family] ?? null)),
      connectEndpoint,
      dispose: (connection) => {
        connection.destroyed = true;
        log.disposed.push(connection.address);
      },
      clock,
    },
  };
}
