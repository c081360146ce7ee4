/*
 * RFC 6761 §6.3: `localhost` and names under `.localhost` are special; name resolution libraries SHOULD
 * answer them with the loopback address themselves and never send the query out. Asking the network for
 * `localhost AAAA` (as getaddrinfo does when /etc/hosts has no `::1` line) can cost the resolver's whole
 * timeout, seconds, and a lookup that cannot be cancelled then holds a thread-pool thread for that long.
 */
import type { Family } from '../base/family.js';
import type { FamilyResolver } from './resolver.js';

/** The loopback address of each family (RFC 4291 §2.5.3, RFC 1122 §3.2.1.3). */
const LOOPBACK: Readonly<Record<Family, string>> = { 6: '::1', 4: '127.0.0.1' };

/** `localhost`, `LOCALHOST.`, `app.localhost`: a name RFC 6761 §6.3 reserves for loopback. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/u, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Wraps a resolver so that localhost names get the loopback address of the family, without a query. */
export function answerLocalhost(resolver: FamilyResolver): FamilyResolver {
  const resolveHttps = resolver.resolveHttps?.bind(resolver);
  const httpsServer = resolver.httpsServer?.bind(resolver);
  return {
    name: resolver.name,
    async resolve(hostname, family, signal, onAsked) {
      if (!isLocalhostName(hostname)) return resolver.resolve(hostname, family, signal, onAsked);
      signal.throwIfAborted();
      onAsked?.(performance.now());
      return { addresses: [LOOPBACK[family]], ttl: null };
    },
    ...(resolver.reportsAskedAt === undefined ? {} : { reportsAskedAt: resolver.reportsAskedAt }),
    ...(resolveHttps === undefined
      ? {}
      : {
          // A localhost name has no HTTPS records: it never reaches DNS (RFC 6761 §6.3), and is answered at once.
          resolveHttps: (hostname: string, signal: AbortSignal, onSent?: () => void) => {
            if (!isLocalhostName(hostname)) return resolveHttps(hostname, signal, onSent);
            onSent?.();
            return Promise.resolve({ records: [], ttl: null, malformed: 0 });
          },
          ...(resolver.reportsHttpsSent === undefined ? {} : { reportsHttpsSent: resolver.reportsHttpsSent }),
        }),
    ...(httpsServer === undefined
      ? {}
      : { httpsServer: (hostname: string) => (isLocalhostName(hostname) ? null : httpsServer(hostname)) }),
  };
}
