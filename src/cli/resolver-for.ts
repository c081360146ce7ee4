/**
 * The resolver and the families the CLI's settings ask for, by the same rules as `connect()`. The CLI's
 * system lookups run in a process of its own (lookup-process/); a localhost name is answered by eyeball in
 * every mode, whatever the resolver (RFC 6761).
 */
import { isIP } from 'node:net';
import { createDnsResolver } from '../dns/dns-resolver.js';
import { isLocalhostName, resolverForHost } from '../dns/localhost.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import type { Family } from '../base/family.js';
import type { LookupAll } from './compare/strategy-events.js';
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

/** Starts and warms the lookup process before a race that will need it, so its first query does not wait for a Node to start. */
export function prepareSystemLookups(settings: RunSettings, host: string): Promise<void> {
  const needsLookup = settings.resolver === 'system' && isIP(withoutZone(host)) === 0 && !isLocalhostName(host);
  return needsLookup ? lookupProcess.warmUp() : Promise.resolve();
}

/** The same for `--compare`'s Node and sequential connects, which ask the OS for any name (localhost too). */
export function prepareLookupAll(settings: RunSettings, host: string): Promise<void> {
  return settings.resolver === 'system' && isIP(withoutZone(host)) === 0 ? lookupProcess.start() : Promise.resolve();
}

/** The resolver for `--resolver` and `--dns-server`, or eyeball's own answer when `host` is a localhost name. */
export function resolverFor(settings: RunSettings, host: string): FamilyResolver {
  if (settings.resolver === 'system') return resolverForHost(host, cliSystemResolver);
  return resolverForHost(host, createDnsResolver(settings.dnsServer === null ? {} : { servers: [settings.dnsServer] }));
}

/** The families to look up, AAAA's first (RFC 8305 §3). */
export function familiesFor(settings: RunSettings): Family[] {
  if (settings.family !== 0) return [settings.family];
  const local = settings.localAddress === null ? 0 : isIP(withoutZone(settings.localAddress));
  return local === 4 || local === 6 ? [local] : [6, 4];
}
