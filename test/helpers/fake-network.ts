import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import type { HttpsAnswer } from '../../src/dns/https-query.js';
import type { HttpsRecord } from '../../src/trace/https-record.js';
import { HttpsQueryError } from '../../src/errors/https-query-error.js';
import type { FamilyResolver, ResolveAnswer } from '../../src/dns/resolver.js';
import type { HappyEyeballsDependencies } from '../../src/connect/happy-eyeballs.js';
import type { Endpoint } from '../../src/base/endpoint.js';
import type { Family } from '../../src/base/family.js';
import type { FakeClock } from './fake-clock.js';

/** A DNS answer on virtual time: addresses (empty = NODATA) or an error code, at `at` ms; or never. */
export type FakeDnsPlan = { at: number; addresses: string[]; ttl?: number } | { at: number; error: string } | 'never';

/** An HTTPS answer on virtual time: records (empty = NODATA) or an error code, at `at` ms; or never. */
export type FakeHttpsPlan = { at: number; records: HttpsRecord[] } | { at: number; error: string } | 'never';

/** A ServiceMode HTTPS record for the owner name ('.'), with the given parameters. */
export function serviceRecord(params: Partial<HttpsRecord> = {}): HttpsRecord {
  return {
    mode: 'service',
    priority: 1,
    target: '.',
    alpn: [],
    noDefaultAlpn: false,
    port: null,
    ipv4hint: [],
    ipv6hint: [],
    ech: false,
    mandatory: [],
    otherKeys: [],
    ...params,
  };
}

/** What connecting to an address does: connect or fail `after` ms after the start, or hang until aborted. */
export type FakeConnectPlan =
  | { ok: number }
  | { fail: number; code?: string }
  | 'hang'
  /** Connects after `ok` ms even when aborted first (a socket that connects after losing). */
  | { okIgnoringAbort: number };

/** The DNS server the fake resolver says it asks for HTTPS records. */
export const FAKE_HTTPS_SERVER = '192.0.2.53';

export interface FakeConnection {
  readonly address: string;
  destroyed: boolean;
}

export interface FakeNetworkLog {
  /** Queries for the host (any name not in `plan.names`). */
  readonly queries: Array<{ family: Family; at: number }>;
  /** Every query for the host in the order sent: `HTTPS`, `AAAA`, `A`. */
  readonly order: string[];
  /** Queries for the names of `plan.names` (`ipv4only.arpa`, ...). */
  readonly namedQueries: Array<{ hostname: string; family: Family; at: number }>;
  readonly starts: Record<string, number>;
  /** The port each address was connected on (the last attempt to it). */
  readonly ports: Record<string, number>;
  /** HTTPS queries in the order sent, by name. */
  readonly httpsNames: string[];
  readonly aborts: Record<string, number>;
  readonly localAddresses: Record<string, string | undefined>;
  readonly disposed: string[];
  /** When the HTTPS query's signal was aborted, or null. */
  httpsAbortedAt: number | null;
}

/**
 * Fake resolver, source-address probe and connector acting out a scenario on the fake clock: the whole
 * Happy Eyeballs flow runs on virtual time with exact times to assert.
 */
export function fakeNetwork(
  clock: FakeClock,
  plan: {
    /** `HTTPS` given: the resolver has `resolveHttps`; otherwise it has none. */
    dns: { AAAA?: FakeDnsPlan; A?: FakeDnsPlan; HTTPS?: FakeHttpsPlan };
    connect?: Record<string, FakeConnectPlan>;
    /** The source the host would use per family; null = no route (RFC 6724 rule 1). */
    sources?: { 6?: string | null; 4?: string | null };
    /**
     * Answers for other names than the host, by name (NXDOMAIN for a family not given; HTTPS: NODATA at
     * once when not given).
     */
    names?: Record<string, { AAAA?: FakeDnsPlan; A?: FakeDnsPlan; HTTPS?: FakeHttpsPlan }>;
  },
): { deps: HappyEyeballsDependencies<FakeConnection>; log: FakeNetworkLog } {
  const log: FakeNetworkLog = {
    queries: [],
    order: [],
    namedQueries: [],
    starts: {},
    ports: {},
    httpsNames: [],
    aborts: {},
    localAddresses: {},
    disposed: [],
    httpsAbortedAt: null,
  };
  const sources = { 6: '2001:db8:ffff::100', 4: '198.51.100.100', ...plan.sources };

  /** Settles at the plan's time with `settle`, or never; rejects with the signal's reason on abort. */
  const answerAt = <T>(signal: AbortSignal, at: number | null, settle: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let timer: unknown;
      const onAbort = (): void => {
        if (timer !== undefined) clock.clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (at === null) return;
      timer = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        try {
          resolve(settle());
        } catch (error) {
          reject(error);
        }
      }, at - clock.now());
    });

  const httpsPlan = plan.dns.HTTPS;
  const resolver: FamilyResolver = {
    name: 'fake',
    resolve(hostname, family, signal) {
      const named = plan.names?.[hostname];
      if (named) log.namedQueries.push({ hostname, family, at: clock.now() });
      else {
        log.queries.push({ family, at: clock.now() });
        log.order.push(family === 6 ? 'AAAA' : 'A');
      }
      const dnsPlan = named
        ? ((family === 6 ? named.AAAA : named.A) ?? { at: clock.now(), error: 'ENOTFOUND' })
        : ((family === 6 ? plan.dns.AAAA : plan.dns.A) ?? { at: 0, addresses: [] });
      return answerAt<ResolveAnswer>(signal, dnsPlan === 'never' ? null : dnsPlan.at, () => {
        if (dnsPlan === 'never' || 'error' in dnsPlan) throw new DnsQueryError(hostname, family, dnsPlan === 'never' ? '' : dnsPlan.error);
        return { addresses: dnsPlan.addresses, ttl: dnsPlan.ttl ?? 60 };
      });
    },
    ...(httpsPlan === undefined
      ? {}
      : {
          resolveHttps(hostname: string, signal: AbortSignal) {
            log.httpsNames.push(hostname);
            const named = plan.names?.[hostname];
            const answerPlan: FakeHttpsPlan = named ? (named.HTTPS ?? { at: clock.now(), records: [] }) : httpsPlan;
            if (!named) log.order.push('HTTPS');
            const answer = answerAt<HttpsAnswer>(signal, answerPlan === 'never' ? null : answerPlan.at, () => {
              if (answerPlan === 'never' || 'error' in answerPlan)
                throw new HttpsQueryError(hostname, answerPlan === 'never' ? '' : answerPlan.error);
              return { records: answerPlan.records, ttl: answerPlan.records.length === 0 ? null : 300, malformed: 0 };
            });
            // Only an abort while the query is out counts as cancelling it.
            const onAbort = (): void => {
              log.httpsAbortedAt = clock.now();
            };
            signal.addEventListener('abort', onAbort, { once: true });
            return answer.finally(() => signal.removeEventListener('abort', onAbort));
          },
          httpsServer: () => FAKE_HTTPS_SERVER,
        }),
  };

  const connectEndpoint = (endpoint: Endpoint, options: { signal: AbortSignal; localAddress?: string | undefined }) => {
    const { address } = endpoint;
    const { signal } = options;
    log.starts[address] = clock.now();
    log.ports[address] = endpoint.port;
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
      findSources: (destinations, family) =>
        Promise.resolve(destinations.map((destination) => (destination === '::1' ? '::1' : (sources[family] ?? null)))),
      connectEndpoint,
      dispose: (connection) => {
        connection.destroyed = true;
        log.disposed.push(connection.address);
      },
      clock,
    },
  };
}
