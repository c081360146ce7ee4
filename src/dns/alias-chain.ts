/*
 * AliasMode (RFC 9460 §2.4.2, §3): an HTTPS RRset with an AliasMode record (priority 0) says "ask this
 * other name instead", and its ServiceMode records are ignored. The chain is followed up to a bound and
 * never into a name already asked. HEv3 -04 §4.2.1 counts only ServiceMode records as service
 * information, so the wait for HTTPS lasts until the chain ends.
 */
import { HttpsQueryError } from '../errors/https-query-error.js';
import type { HttpsAnswer } from './https-query.js';
import type { HttpsRecord } from '../trace/https-record.js';

/** Follow-up HTTPS queries after the first one before giving up on an AliasMode chain (RFC 9460 §3: "a limit"). */
export const MAX_ALIAS_FOLLOW_UPS = 8;

/** Code of the error when an AliasMode chain loops or is longer than `MAX_ALIAS_FOLLOW_UPS`. */
export const ALIAS_CHAIN_CODE = 'EYEBALL_SVCB_ALIAS_CHAIN';

export interface ServiceRecords {
  /** Where the chain ended: the host, or the last AliasMode target asked. `.` targets of `records` mean it. */
  readonly name: string;
  /** The ServiceMode records of `name`; empty when the chain ended without any (NODATA, or `error`). */
  readonly records: readonly HttpsRecord[];
  /** Why the chain ended early: a failed query, a loop, or too many aliases. */
  readonly error: unknown;
}

export interface AliasChainOptions {
  readonly signal: AbortSignal;
  /** Each query as it goes out, the host's first: when `resolveHttps` says it sent it, or else when it is asked. */
  readonly onQuery?: (name: string, sentAt?: number) => void;
  /** `resolveHttps` calls its `onSent` when its query has been handed to the network. @default false */
  readonly isSendReported?: boolean;
  /** Each answer as it comes, with the name asked. */
  readonly onAnswer: (name: string, answer: HttpsAnswer) => void;
  /** Picks among several AliasMode records (RFC 9460 §2.4.2: at random). @default Math.random */
  readonly random?: () => number;
}

/**
 * Asks `host`'s HTTPS records and follows AliasMode targets until ServiceMode records (or none) come.
 * Never rejects for DNS reasons: a failure ends the chain with `error` set (RFC 9460 §3: the client then
 * goes on without records, but with the name the chain reached).
 */
export async function followAliases(
  resolveHttps: (name: string, signal: AbortSignal, onSent?: (sentAt?: number) => void) => Promise<HttpsAnswer>,
  host: string,
  options: AliasChainOptions,
): Promise<ServiceRecords> {
  const asked = new Set<string>(); // lowercase: DNS names compare without case (RFC 4343)
  let name = host;
  for (let followUps = 0; ; followUps++) {
    asked.add(name.toLowerCase());
    let answer: HttpsAnswer;
    try {
      const answering = resolveHttps(name, options.signal, (sentAt) => options.onQuery?.(name, sentAt));
      if (options.isSendReported !== true) options.onQuery?.(name);
      answer = await answering;
    } catch (error) {
      return { name, records: [], error };
    }
    options.signal.throwIfAborted();
    options.onAnswer(name, answer);
    const aliases = answer.records.filter((record) => record.mode === 'alias');
    if (aliases.length === 0) return { name, records: answer.records, error: null };
    const alias = aliases[Math.floor((options.random ?? Math.random)() * aliases.length)] ?? aliases[0];
    // A `.` AliasMode target means "no service here" (RFC 9460 §2.5.1): the chain ends without records.
    if (!alias || alias.target === '.') return { name, records: [], error: null };
    const problem = asked.has(alias.target.toLowerCase())
      ? `loops back to ${alias.target}`
      : followUps >= MAX_ALIAS_FOLLOW_UPS
        ? `is longer than ${MAX_ALIAS_FOLLOW_UPS} aliases`
        : null;
    if (problem !== null) {
      const message = `HTTPS query for ${host} failed: its AliasMode chain ${problem}`;
      return { name, records: [], error: new HttpsQueryError(host, ALIAS_CHAIN_CODE, { message }) };
    }
    name = alias.target;
  }
}
