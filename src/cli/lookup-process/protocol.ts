/*
 * What the CLI and its lookup process (child.ts) say to each other: one JSON object per line each way.
 * Times are `process.hrtime.bigint()` readings (CLOCK_MONOTONIC, the same in every process of the
 * machine), as strings.
 *
 * The CLI writes requests. `lookup` is getaddrinfo; `resolve` (AAAA or A) and `https` go straight to DNS
 * servers through the library's own clients. The requests of one `group` (one signal of the CLI's) that are
 * out at the same time share an abort, and their A/AAAA queries a c-ares channel, as the library's resolver
 * does; a `cancel` of one of them aborts them all (the CLI cancels a signal's requests together). A group
 * ends with its last answer: a later request of the same number starts it afresh.
 *
 * The child writes `{"ready":true}` once, then per request `{"id":1,"askedAt":"…"}` when the query has
 * been handed on (the datagram written, for DNS) and, when the answer arrives, one of the answers below
 * with its `answeredAt`. After a `cancel` it writes nothing more for the requests it aborted.
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

/** An error as it crosses the pipe: what the child's call rejected with, and the error under it, if any (c-ares', a socket's). */
export interface ChildError {
  readonly name?: string | undefined;
  readonly code?: string | undefined;
  readonly errno?: number | undefined;
  readonly message: string;
  readonly cause?: ChildError | undefined;
}

/** The end of one request: its answer, by kind, or its error. */
export type ChildAnswer =
  | { readonly id: number; readonly addresses: readonly string[]; readonly answeredAt: string }
  | { readonly id: number; readonly addresses: readonly string[]; readonly ttl: number | null; readonly answeredAt: string }
  | { readonly id: number; readonly https: HttpsAnswer; readonly answeredAt: string }
  | { readonly id: number; readonly error: ChildError; readonly answeredAt: string };

export type ChildMessage = { readonly ready: true } | { readonly id: number; readonly askedAt: string } | ChildAnswer;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An error of the child's as an Error on this side, with its name, code, errno and cause. */
export function fromChildError({ name, code, errno, message, cause }: ChildError): Error {
  const error = Object.assign(new Error(message, cause === undefined ? undefined : { cause: fromChildError(cause) }), {
    ...(code === undefined ? {} : { code }),
    ...(errno === undefined ? {} : { errno }),
  });
  if (name !== undefined) error.name = name;
  return error;
}
