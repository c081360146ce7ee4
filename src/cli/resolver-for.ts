/**
 * The resolver and the families the CLI's settings ask for, for the modes that resolve a name themselves
 * (`--each`, `--compare`) rather than through `connect()`. Same rules as `connect()`: `-4`/`-6` restrict
 * the family, and so does a single `--local-address`. The system resolver of the CLI, for every mode, is
 * {@link cliSystemResolver}: getaddrinfo in a process of its own.
 */
import { isIP } from 'node:net';
import { createDnsResolver } from '../dns/dns-resolver.js';
import { answerLocalhost, isLocalhostName } from '../dns/localhost.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import type { Family } from '../base/family.js';
import { createLookupProcess } from './lookup-process/lookup-process.js';
import type { RunSettings } from './report.js';
import { withoutZone } from './target.js';

/** The CLI's one lookup process; it starts on the first system lookup and is killed when the CLI exits. */
const lookupProcess = createLookupProcess();

/**
 * The library's system resolver (getaddrinfo per family, `localhost` answered without a query) with its
 * lookups in the CLI's lookup process, so that a lookup the OS keeps retrying cannot hold the CLI past its
 * report (src/cli/lookup-process/lookup-process.ts).
 */
export const cliSystemResolver: FamilyResolver = answerLocalhost(createSystemResolver(lookupProcess.lookup, { reportsAskedAt: true }));

/**
 * Starts and warms the lookup process before a race that will need it (a name that is neither an IP
 * address nor `localhost`), so that the race's first DNS query does not also wait for a Node to start.
 */
export function prepareSystemLookups(settings: RunSettings, host: string): Promise<void> {
  const needsLookup = settings.resolver === 'system' && isIP(withoutZone(host)) === 0 && !isLocalhostName(host);
  return needsLookup ? lookupProcess.warmUp() : Promise.resolve();
}

/** The resolver for `--resolver` and `--dns-server`. */
export function resolverFor(settings: RunSettings): FamilyResolver {
  if (settings.resolver === 'system') return cliSystemResolver;
  return createDnsResolver(settings.dnsServer === null ? {} : { servers: [settings.dnsServer] });
}

/** The families to look up, AAAA's first (RFC 8305 §3). */
export function familiesFor(settings: RunSettings): Family[] {
  if (settings.family !== 0) return [settings.family];
  const local = settings.localAddress === null ? 0 : isIP(withoutZone(settings.localAddress));
  return local === 4 || local === 6 ? [local] : [6, 4];
}
