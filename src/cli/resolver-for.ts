/**
 * The resolver and the families the CLI's settings ask for, for the modes that resolve a name themselves
 * (`--each`, `--compare`) rather than through `connect()`. Same rules as `connect()`: `-4`/`-6` restrict
 * the family, and so does a single `--local-address`.
 */
import { isIP } from 'node:net';
import { createDnsResolver } from '../dns/dns-resolver.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { systemResolver } from '../dns/system-resolver.js';
import type { Family } from '../base/family.js';
import type { RunSettings } from './report.js';
import { withoutZone } from './target.js';

/** The library's resolver for `--resolver` and `--dns-server`. */
export function resolverFor(settings: RunSettings): FamilyResolver {
  if (settings.resolver === 'system') return systemResolver;
  return createDnsResolver(settings.dnsServer === null ? {} : { servers: [settings.dnsServer] });
}

/** The families to look up, AAAA's first (RFC 8305 §3). */
export function familiesFor(settings: RunSettings): Family[] {
  if (settings.family !== 0) return [settings.family];
  const local = settings.localAddress === null ? 0 : isIP(withoutZone(settings.localAddress));
  return local === 4 || local === 6 ? [local] : [6, 4];
}
