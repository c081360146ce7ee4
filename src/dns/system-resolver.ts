import { lookup } from 'node:dns/promises';
import { getSystemErrorName } from 'node:util';
import { errorCode } from '../base/error-info.js';
import { DnsQueryError } from '../errors/dns-query-error.js';
import type { Family } from '../base/family.js';
import { makeAnswer } from './answer.js';
import { raceAbort } from './race-abort.js';
import type { FamilyResolver, ResolveAnswer } from './resolver.js';

/** A lookup's addresses with the time its answer arrived (a `performance.now()` reading). */
export interface TimedLookupAnswer {
  readonly entries: ReadonlyArray<{ readonly address: string }>;
  readonly answeredAt: number;
}

/**
 * One family of one name through the OS, as `dns.promises.lookup(hostname, { family, all: true })`; one that
 * knows when its answer arrived (the CLI's lookup process) resolves with a {@link TimedLookupAnswer}.
 */
export type SystemLookup = (
  hostname: string,
  family: Family,
  onAsked?: (askedAt: number) => void,
) => Promise<ReadonlyArray<{ readonly address: string }> | TimedLookupAnswer>;

/** getaddrinfo's code for a failure, for an error that carries none of its own. */
const LOOKUP_FAILED_CODE = 'EAI_FAIL';

/** getaddrinfo, one family at a time. */
const osLookup: SystemLookup = (hostname, family) => lookup(hostname, { family, all: true });

/**
 * A resolver that asks the OS (getaddrinfo) once per family (RFC 8305 §3), so /etc/hosts, nsswitch and the
 * system's DNS settings apply. It learns no TTL and cannot cancel: on abort the lookup finishes unheard and
 * `resolve` rejects at once with `signal.reason`. `lookup` replaces the OS call (tests, a hosts table of
 * your own); with `reportsAskedAt`, it calls `onAsked` with the `performance.now()` it asked the OS.
 */
export function createSystemResolver(lookup: SystemLookup = osLookup, options: { reportsAskedAt?: boolean } = {}): FamilyResolver {
  return {
    name: 'system',
    async resolve(hostname: string, family: Family, signal: AbortSignal, onAsked?: (askedAt: number) => void): Promise<ResolveAnswer> {
      signal.throwIfAborted();
      const query = lookup(hostname, family, onAsked).then(
        (answer) => {
          if (!('answeredAt' in answer))
            return makeAnswer(
              answer.map((entry) => entry.address),
              null,
            );
          return makeAnswer(
            answer.entries.map((entry) => entry.address),
            null,
            answer.answeredAt,
          );
        },
        (error: unknown) => {
          // The CLI's lookup process stamps its errors too.
          const answeredAt = (error as { answeredAt?: unknown } | null)?.answeredAt;
          const receivedAt = typeof answeredAt === 'number' ? answeredAt : undefined;
          if (isNoData(error)) return makeAnswer([], null, receivedAt);
          throw new DnsQueryError(hostname, family, errorCode(error, LOOKUP_FAILED_CODE), {
            cause: error,
            ...(receivedAt === undefined ? {} : { receivedAt }),
          });
        },
      );
      return raceAbort(query, signal);
    },
    ...(options.reportsAskedAt === true ? { reportsAskedAt: true } : {}),
  };
}

/**
 * The OS resolver (see `createSystemResolver`).
 *
 * @example
 * await systemResolver.resolve('localhost', 4, AbortSignal.timeout(1000)); // { addresses: ['127.0.0.1'], ttl: null }
 */
export const systemResolver: FamilyResolver = createSystemResolver();

/**
 * The name exists but has no address of this family. Node reports getaddrinfo's EAI_NODATA as code
 * `ENOTFOUND`, the same code as EAI_NONAME (no such name), so only `errno` tells them apart.
 */
function isNoData(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null)?.errno;
  const isEaiNoData = typeof errno === 'number' && Number.isInteger(errno) && errno < 0 && getSystemErrorName(errno) === 'EAI_NODATA';
  return isEaiNoData || errorCode(error, LOOKUP_FAILED_CODE) === 'ENODATA';
}
