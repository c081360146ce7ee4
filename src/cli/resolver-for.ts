/**
 * The resolver and the families the CLI's settings ask for, by the same rules as `connect()`. The CLI's
 * queries run in a process of its own (lookup-process/), with either resolver: the system's getaddrinfo
 * lookups, and the dns resolver's A, AAAA and HTTPS queries; a localhost name is answered by eyeball in
 * every mode, whatever the resolver (RFC 6761).
 */
import { isIP } from 'node:net';
import { isLocalhostName, resolverForHost } from '../dns/localhost.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import type { Family } from '../base/family.js';
import type { LookupAll } from './compare/strategy-events.js';
import { createChildDnsResolver } from './lookup-process/child-dns-resolver.js';
import { createLookupProcess } from './lookup-process/lookup-process.js';
import type { RunSettings } from './report.js';
import { withoutZone } from './target.js';

const lookupProcess = createLookupProcess();

/** The library's system resolver with its lookups in the CLI's lookup process. */
export const cliSystemResolver: FamilyResolver = createSystemResolver(lookupProcess.lookup, { reportsAskedAt: true });

/** getaddrinfo for every family at once, in the CLI's lookup process: the lookup of `--compare`'s Node and sequential connects. */
export const cliSystemLookupAll: LookupAll = async (hostname, family, hints) => {
  const entries = await lookupProcess.lookupAll(hostname, family, hints);
  return entries.map(({ address }) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
};

/** The library's dns resolver with its queries in the CLI's lookup process; `server` as `--dns-server`, null: the system's. */
export function cliDnsResolver(server: string | null): FamilyResolver {
  return createChildDnsResolver(lookupProcess, server === null ? {} : { servers: [server] });
}

/**
 * Starts the lookup process before a race that will need it, so its first query does not wait for a Node to
 * start. For the system resolver it also warms getaddrinfo; the dns resolver's queries are warmed by
 * readiness's race against a DNS server of its own.
 */
export function prepareLookupProcess(settings: RunSettings, host: string): Promise<void> {
  if (isIP(withoutZone(host)) !== 0 || isLocalhostName(host)) return Promise.resolve();
  return settings.resolver === 'system' ? lookupProcess.warmUp() : lookupProcess.start();
}

/** The same for `--compare`'s Node and sequential connects, whose system lookups ask the OS for any name (localhost too). */
export function prepareLookupAll(settings: RunSettings, host: string): Promise<void> {
  if (isIP(withoutZone(host)) !== 0 || (settings.resolver === 'dns' && isLocalhostName(host))) return Promise.resolve();
  return lookupProcess.start();
}

/** The resolver for `--resolver` and `--dns-server`, or eyeball's own answer when `host` is a localhost name. */
export function resolverFor(settings: RunSettings, host: string): FamilyResolver {
  return resolverForHost(host, settings.resolver === 'system' ? cliSystemResolver : cliDnsResolver(settings.dnsServer));
}

/** The families to look up, AAAA's first (RFC 8305 §3). */
export function familiesFor(settings: RunSettings): Family[] {
  if (settings.family !== 0) return [settings.family];
  const local = settings.localAddress === null ? 0 : isIP(withoutZone(settings.localAddress));
  return local === 4 || local === 6 ? [local] : [6, 4];
}
