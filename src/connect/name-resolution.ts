/*
 * One name's addresses the RFC 8305 §3 way: AAAA and A are asked concurrently (AAAA first), and each
 * answer is merged into the name's list, sorted by RFC 6724 (§4), as soon as it comes, so a late answer
 * joins the addresses not yet tried (§6). When attempts may start is the owner's rule (resolution.ts).
 */
import { DnsQueryError, NO_DATA_CODE } from '../errors/dns-query-error.js';
import type { FamilyResolver, ResolveAnswer } from '../dns/resolver.js';
import { sortDestinations } from '../dns/rfc6724.js';
import { toErrorInfo } from '../base/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { Family } from '../base/family.js';
import { type Candidate, learnedAs, type MakeCandidates } from './candidate.js';
import { recordType } from '../base/family.js';
import { wireTime } from './wire-time.js';

export type QueryStatus = 'pending' | 'answered' | 'failed';

export interface NameResolutionSetup {
  readonly name: string;
  /** The families to ask for, AAAA (6) first. */
  readonly families: readonly Family[];
  readonly resolver: FamilyResolver;
  /** Aborts every query (the connection's end); answers after it are ignored. */
  readonly signal: AbortSignal;
  readonly makeCandidates: MakeCandidates;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Whether the trace events carry `name` (every name but the host). */
  readonly isNamed: boolean;
  /** A family's answer (its candidates merged: `added` are the new ones) or failure is in. */
  readonly onSettled: (family: Family, added: readonly Candidate[]) => void;
}

export class NameResolution {
  /** Every address answered so far, sorted by RFC 6724. */
  candidates: readonly Candidate[] = [];
  private readonly statuses = new Map<Family, QueryStatus>();
  private readonly whyNoAddress = new Map<Family, DnsQueryError>();
  /** The families whose `dns-query` event went out. */
  private readonly tracedQueries = new Set<Family>();

  constructor(private readonly setup: NameResolutionSetup) {}

  /** Sends the queries, AAAA first; each `dns-query` event comes once its query has been handed over. */
  start(): void {
    for (const family of this.setup.families) this.statuses.set(family, 'pending');
    for (const family of this.setup.families) void this.ask(family);
  }

  /** Where `family`'s query stands; undefined for a family not asked. */
  status(family: Family): QueryStatus | undefined {
    return this.statuses.get(family);
  }

  /** Every query has answered or failed. */
  get isFinished(): boolean {
    return ![...this.statuses.values()].includes('pending');
  }

  /** What each family that gave no address said (a `DnsQueryError`, code `ENODATA` for NODATA), AAAA first. */
  get errors(): DnsQueryError[] {
    return this.setup.families.flatMap((family) => this.whyNoAddress.get(family) ?? []);
  }

  /** Reports the queries still out as cancelled (the owner has aborted `signal`). */
  reportCancelled(): void {
    const { setup } = this;
    for (const [family, status] of this.statuses) {
      if (status !== 'pending') continue;
      this.traceQuery(family, setup.elapsed());
      setup.emit({ type: 'dns-cancelled', at: setup.elapsed(), family, recordType: recordType(family), ...this.named() });
    }
  }

  private async ask(family: Family): Promise<void> {
    const { setup } = this;
    const { name, signal } = setup;
    const reportsAskedAt = setup.resolver.reportsAskedAt === true;
    let answering: Promise<ResolveAnswer>;
    try {
      const onAsked = reportsAskedAt ? (askedAt: number) => this.traceQuery(family, wireTime(setup.elapsed, askedAt)) : undefined;
      answering = setup.resolver.resolve(name, family, signal, onAsked);
    } catch (error) {
      answering = Promise.reject(error);
    }
    // Otherwise the query counts as sent once `resolve` returns: c-ares writes its datagram inside it.
    if (!reportsAskedAt) this.traceQuery(family, setup.elapsed());
    let addresses: readonly string[];
    try {
      const answer = await answering;
      if (signal.aborted) return;
      this.traceQuery(family, setup.elapsed()); // a resolver that never said when it asked
      setup.emit({
        type: 'dns-answer',
        at: wireTime(setup.elapsed, answer.receivedAt),
        family,
        recordType: recordType(family),
        addresses: answer.addresses,
        ttl: answer.ttl,
        ...this.named(),
      });
      addresses = answer.addresses;
    } catch (cause) {
      if (signal.aborted) return;
      this.traceQuery(family, setup.elapsed());
      const error = cause instanceof DnsQueryError ? cause : new DnsQueryError(name, family, toErrorInfo(cause).code, { cause });
      setup.emit({
        type: 'dns-error',
        at: wireTime(setup.elapsed, error.receivedAt),
        family,
        recordType: recordType(family),
        error: toErrorInfo(error),
        ...this.named(),
      });
      this.whyNoAddress.set(family, error);
      this.statuses.set(family, 'failed');
      setup.onSettled(family, []);
      return;
    }
    if (addresses.length === 0) this.whyNoAddress.set(family, noData(name, family));
    const added = await this.newCandidates(family, addresses);
    if (signal.aborted) return;
    this.candidates = sortDestinations([...this.candidates, ...added]);
    this.statuses.set(family, 'answered');
    setup.onSettled(family, added);
  }

  /** Candidates for those of `addresses` (of `family`) that this name does not have yet. */
  newCandidates(family: Family, addresses: readonly string[]): Promise<Candidate[]> {
    const known = new Set(this.candidates.map(learnedAs));
    return this.setup.makeCandidates(
      family,
      [...new Set(addresses)].filter((address) => !known.has(address)),
    );
  }

  /** Traces `family`'s query as sent at `at`, once. */
  private traceQuery(family: Family, at: number): void {
    if (this.tracedQueries.has(family)) return;
    this.tracedQueries.add(family);
    const { setup } = this;
    setup.emit({ type: 'dns-query', at, family, recordType: recordType(family), resolver: setup.resolver.name, ...this.named() });
  }

  /** The `name` field of a trace event. */
  private named(): { name?: string } {
    return this.setup.isNamed ? { name: this.setup.name } : {};
  }
}

/** An answer without records (NOERROR, NODATA), said as an error for `ResolutionFailedError`. */
function noData(name: string, family: Family): DnsQueryError {
  const type = recordType(family);
  return new DnsQueryError(name, family, NO_DATA_CODE, { message: `${type} query for ${name}: no ${type} records (NODATA)` });
}
