import type { FamilyResolver } from '../../dns/resolver.js';
import { DnsQueryError } from '../../errors/dns-query-error.js';
import { ResolutionFailedError } from '../../errors/resolution-failed-error.js';
import type { Family } from '../../base/family.js';
import type { LookupAddress, LookupAll } from './strategy-events.js';

/**
 * A lookup of every family at once, as `--compare`'s plain connects need, made of a {@link FamilyResolver}:
 * IPv6 addresses first (as RFC 6724 sorts them on a host with IPv6). Only both families failing rejects.
 */
export function lookupAllWith(resolver: FamilyResolver): LookupAll {
  return async (hostname, family) => {
    const families: Family[] = family === 0 ? [6, 4] : [family];
    // The resolver bounds each query itself; nothing here cancels a lookup once it has started.
    const signal = new AbortController().signal;
    const answers = await Promise.allSettled(families.map((version) => resolver.resolve(hostname, version, signal)));
    const addresses: LookupAddress[] = [];
    const errors: DnsQueryError[] = [];
    answers.forEach((answer, position) => {
      const version = families[position] ?? 4;
      if (answer.status === 'fulfilled') {
        addresses.push(...answer.value.addresses.map((address) => ({ address, family: version })));
      } else {
        const reason: unknown = answer.reason;
        errors.push(reason instanceof DnsQueryError ? reason : new DnsQueryError(hostname, version, 'EAI_FAIL', { cause: reason }));
      }
    });
    if (addresses.length === 0 && errors.length > 0) throw new ResolutionFailedError(hostname, errors);
    return addresses;
  };
}
