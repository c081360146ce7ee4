/*
 * What the CLI and its lookup process (child.ts) say to each other: one JSON object per line each way.
 * Times are `process.hrtime.bigint()` readings (CLOCK_MONOTONIC, the same in every process of the
 * machine), as strings.
 *
 * The CLI writes requests. `lookup` is getaddrinfo; `resolve` (AAAA or A) and `https` go straight to DNS
 * servers through the library's own clients. Requests of one `group` share an abort (the CLI's signal):
 * their A/AAAA queries share a c-ares channel, as the library's resolver does, and a `cancel` of any of
 * them aborts the group.
 *
 * The child writes `{"ready":true}` once, then per request `{"id":1,"askedAt":"…"}` when the query has
 * been handed on (the datagram written, for DNS) and, when the answer arrives, one of the answers below
 * with its `answeredAt`. After a `cancel` it writes nothing more for the group.
 */
import type { HttpsAnswer } from '../../dns/https-query.js';
import type { Family } from '../../base/family.js';

export type ChildRequest =
  | { readonly id: number; readonly kind: 'lookup'; readonly hostname: string; readonly family: Family | 0; readonly hints?: number | undefined }
  | {
      readonly id: number;
      readonly kind: 'resolve';
      readonly group: number;
      readonly hostname: string;
      readonly family: Family;
      /** As `DnsResolverOptions.servers`; absent: the system's. */
      readonly servers?: readonly string[] | undefined;
      readonly timeout: number;
      readonly tries: number;
    }
  | {
      readonly id: number;
      readonly kind: 'https';
      readonly group: number;
      readonly hostname: string;
      readonly server: string;
      readonly timeout: number;
      readonly tries: number;
    }
  | { readonly id: number; readonly kind: 'cancel' };

/** A request as the CLI's code makes it: the lookup process gives the id and, for DNS, the group. */
export type RequestBody = DistributiveOmit<Exclude<ChildRequest, { kind: 'cancel' }>, 'id' | 'group'>;

/** An error as it crosses the pipe: what the child's call rejected with (for `resolve`, the c-ares error under the library's). */
export interface ChildError {
  readonly name?: string | undefined;
  readonly code?: string | undefined;
  readonly errno?: number | undefined;
  readonly message: string;
}

/** The end of one request: its answer, by kind, or its error. */
export type ChildAnswer =
  | { readonly id: number; readonly addresses: readonly string[]; readonly answeredAt: string }
  | { readonly id: number; readonly addresses: readonly string[]; readonly ttl: number | null; readonly answeredAt: string }
  | { readonly id: number; readonly https: HttpsAnswer; readonly answeredAt: string }
  | { readonly id: number; readonly error: ChildError; readonly answeredAt: string };

export type ChildMessage = { readonly ready: true } | { readonly id: number; readonly askedAt: string } | ChildAnswer;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
