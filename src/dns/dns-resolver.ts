import { promises as dns } from 'node:dns';
import { errorCode } from '../base/error-info.js';
import { formatHostPort } from '../base/host-port.js';
import { DnsQueryError } from '../errors/dns-query-error.js';
import { HttpsQueryError } from '../errors/https-query-error.js';
import type { Family } from '../base/family.js';
import { checkInteger } from '../util/validate.js';
import { makeAnswer } from './answer.js';
import { DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES, parseDnsServer } from './dns-query-settings.js';
import { type HttpsAnswer, queryHttpsRecords } from './https-query.js';
import { raceAbort } from './race-abort.js';
import type { FamilyResolver, ResolveAnswer } from './resolver.js';

/** c-ares' own timeout limit is an int32 of milliseconds. */
const MAX_DNS_TIMEOUT_MS = 2 ** 31 - 1;
const MAX_DNS_TRIES = 100;

export interface DnsResolverOptions {
  /** Servers as `IP`, `IP:PORT` or `[IPv6]:PORT`; none or an empty list means the system's. @default the system's (from /etc/resolv.conf) */
  servers?: readonly string[];
  /** Milliseconds to wait for an answer before retrying. @default 5000 */
  timeout?: number;
  /** Tries per server. @default 2 */
  tries?: number;
}

/**
 * A resolver that sends AAAA and A queries straight to DNS servers (c-ares, through
 * `dns.promises.Resolver`), skipping /etc/hosts. Unlike the system resolver it learns the TTL and can
 * cancel: an abort cancels the queries of its signal, and `resolve` rejects with `signal.reason`. NODATA
 * resolves with no addresses; any other failure rejects with a `DnsQueryError` with c-ares' `code`
 * (`ENOTFOUND` for NXDOMAIN, `ESERVFAIL`, ...). Bad options throw an `InvalidOptionError` here.
 *
 * @example
 * const resolver = createDnsResolver({ servers: ['127.0.0.1:5353'], timeout: 1000 });
 * await resolver.resolve('example.test', 6, AbortSignal.timeout(3000)); // { addresses: [...], ttl: 60 }
 */
export function createDnsResolver(options: DnsResolverOptions = {}): FamilyResolver {
  const timeout = checkInteger('timeout', options.timeout ?? DEFAULT_DNS_TIMEOUT_MS, 1, MAX_DNS_TIMEOUT_MS);
  const tries = checkInteger('tries', options.tries ?? DEFAULT_DNS_TRIES, 1, MAX_DNS_TRIES);
  // Canonical forms: Node's setServers quietly misreads some inputs (`::1:53` as `::0.1.0.83`) and aborts the process on port 0.
  const servers = options.servers?.map((server) => {
    const { host, port } = parseDnsServer(server, 'servers');
    return formatHostPort(host, port);
  });

  // One c-ares channel per signal: its queries are cancelled together, and one connection's AAAA and A share a socket.
  const channels = new WeakMap<AbortSignal, InstanceType<typeof dns.Resolver>>();
  const channelFor = (signal: AbortSignal): InstanceType<typeof dns.Resolver> => {
    let channel = channels.get(signal);
    if (channel === undefined) {
      channel = new dns.Resolver({ timeout, tries });
      if (servers !== undefined && servers.length > 0) channel.setServers(servers);
      channels.set(signal, channel);
    }
    return channel;
  };

  // The first server, as c-ares asks first; read at the call (dns.setServers replaces the system's list).
  const httpsServer = (): string | null => servers?.[0] ?? dns.getServers()[0] ?? null;

  return {
    name: 'dns',
    async resolve(hostname: string, family: Family, signal: AbortSignal): Promise<ResolveAnswer> {
      signal.throwIfAborted();
      const resolver = channelFor(signal);
      const query = (family === 6 ? resolver.resolve6(hostname, { ttl: true }) : resolver.resolve4(hostname, { ttl: true })).then(
        (records) =>
          makeAnswer(
            records.map((record) => record.address),
            smallestTtl(records),
          ),
        (error: unknown) => {
          const code = errorCode(error, 'EBADRESP');
          if (code === 'ENODATA') return makeAnswer([], null);
          throw new DnsQueryError(hostname, family, code, { cause: error });
        },
      );
      return raceAbort(query, signal, () => resolver.cancel());
    },
    resolveHttps(hostname: string, signal: AbortSignal, onSent?: () => void): Promise<HttpsAnswer> {
      const server = httpsServer();
      if (server === null) return Promise.reject(new HttpsQueryError(hostname, 'EYEBALL_NO_DNS_SERVER'));
      return queryHttpsRecords(hostname, { server, timeout, tries, signal, ...(onSent ? { onSent } : {}) });
    },
    reportsHttpsSent: true,
    httpsServer,
  };
}

/** The smallest TTL of an answer's records; null without records, or past c-ares' first 256 (they have no TTL). */
export function smallestTtl(records: ReadonlyArray<{ readonly ttl?: number | undefined }>): number | null {
  const ttls = records.map((record) => record.ttl);
  if (ttls.length === 0 || !ttls.every((ttl): ttl is number => Number.isInteger(ttl))) return null;
  return Math.min(...ttls);
}
