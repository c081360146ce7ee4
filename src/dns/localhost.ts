/*
 * RFC 6761 §6.3: `localhost` and names under `.localhost` get the loopback address from eyeball itself,
 * never from the network. Asking for `localhost AAAA` (getaddrinfo does, when /etc/hosts has no `::1`
 * line) can cost the resolver's whole timeout, or come back NXDOMAIN and hide `::1`. The trace names this
 * resolver `rfc6761`, so a report never says the OS or a DNS server was asked when nobody was.
 */
import type { Family } from '../base/family.js';
import { DnsQueryError } from '../errors/dns-query-error.js';
import type { FamilyResolver } from './resolver.js';

/** The loopback address of each family (RFC 4291 §2.5.3, RFC 1122 §3.2.1.3). */
const LOOPBACK: Readonly<Record<Family, string>> = { 6: '::1', 4: '127.0.0.1' };

/** `localhost`, `LOCALHOST.`, `app.localhost`: a name RFC 6761 §6.3 reserves for loopback. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/u, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The loopback address of the family for a localhost name: no query, no TTL, no HTTPS records. Any other
 * name (a NAT64 discovery query, say) is refused, without a query either.
 */
export const localhostResolver: FamilyResolver = {
  name: 'rfc6761',
  async resolve(hostname, family, signal) {
    signal.throwIfAborted();
    if (!isLocalhostName(hostname)) {
      throw new DnsQueryError(hostname, family, 'ENOTFOUND', { message: `${hostname} is not a localhost name: the rfc6761 resolver sends no query` });
    }
    return { addresses: [LOOPBACK[family]], ttl: null };
  },
  async resolveHttps(_hostname, signal) {
    signal.throwIfAborted();
    return { records: [], ttl: null, malformed: 0 };
  },
  httpsServer: () => null,
};

/** The resolver for `hostname`: {@link localhostResolver} for a localhost name, `resolver` for any other. */
export function resolverForHost(hostname: string, resolver: FamilyResolver): FamilyResolver {
  return isLocalhostName(hostname) ? localhostResolver : resolver;
}
