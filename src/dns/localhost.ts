/*
 * RFC 6761 §6.3: `localhost` and names under `.localhost` are special; name resolution libraries SHOULD
 * answer them with the loopback address themselves and never send the query out. Asking the network for
 * `localhost AAAA` (as getaddrinfo does when /etc/hosts has no `::1` line) can cost the resolver's whole
 * timeout, seconds, and a lookup that cannot be cancelled then holds a thread-pool thread for that long;
 * or it comes back as NXDOMAIN, and `localhost` seems to have no IPv6 although `::1` is there.
 *
 * So a localhost name is not given to the chosen resolver at all: it goes to {@link localhostResolver},
 * whose name, `rfc6761`, is what the trace shows for its answers, so that a report never says the OS or a
 * DNS server was asked when nobody was.
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
 * eyeball's own answer for localhost names: the loopback address of the family, no query sent, no TTL, no
 * HTTPS records. Any other name (a NAT64 discovery query, say) is refused without a query either: this
 * resolver stands in for the chosen one only for a localhost host.
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
