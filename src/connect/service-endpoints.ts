/*
 * The addresses of the other names HTTPS records point to (the `https` option, HEv3 -04 §4.2.1, §5.2):
 * a ServiceMode record whose TargetName is not `.`, or the name an AliasMode chain ended at. Each name's
 * AAAA and A are asked through the connection's resolver, concurrently, AAAA first, for the families the
 * connection uses; its address hints stand in for a family until that family's answer comes, which then
 * replaces them (§7), exactly as for the host (see resolution.ts, which shares the helpers below).
 */
import { DnsQueryError } from '../errors/dns-query-error.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { sortDestinations } from '../dns/rfc6724.js';
import { toErrorInfo } from '../trace/error-info.js';
import type { Family, TraceEvent } from '../trace/events.js';
import { type Candidate, recordType } from './resolution.js';

export type FamilyStatus = 'pending' | 'answered' | 'failed';

export interface AskSetup {
  readonly resolver: FamilyResolver;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
}

/**
 * Asks `name`'s AAAA or A and reports the answer or the error (`dns-answer`, `dns-error`, with `name` when
 * `traced` says so). Resolves with null once `signal` has aborted.
 */
export async function askFamily(
  setup: AskSetup,
  name: string,
  family: Family,
  signal: AbortSignal,
  traced: { readonly name?: string },
): Promise<{ addresses: readonly string[] } | { error: DnsQueryError } | null> {
  try {
    const answer = await setup.resolver.resolve(name, family, signal);
    if (signal.aborted) return null;
    setup.emit({ type: 'dns-answer', at: setup.elapsed(), family, recordType: recordType(family), addresses: answer.addresses, ttl: answer.ttl, ...traced });
    return { addresses: answer.addresses };
  } catch (cause) {
    if (signal.aborted) return null;
    const error = cause instanceof DnsQueryError ? cause : new DnsQueryError(name, family, toErrorInfo(cause).code, { cause });
    setup.emit({ type: 'dns-error', at: setup.elapsed(), family, recordType: recordType(family), error: toErrorInfo(error), ...traced });
    return { error };
  }
}

/** One name's known addresses: sorted (RFC 6724), and which of them are only hints so far, by family. */
export interface AddressBook {
  sorted: readonly Candidate[];
  readonly hinted: Map<string, Family>;
}

/** Adds hint candidates of `family` (not known yet) to `book`. Returns whether any was added. */
export function addHints(book: AddressBook, family: Family, fresh: readonly Candidate[]): boolean {
  for (const candidate of fresh) book.hinted.set(candidate.address, family);
  book.sorted = sortDestinations([...book.sorted, ...fresh.map((candidate): Candidate => ({ ...candidate, fromHint: true }))]);
  return fresh.length > 0;
}

/**
 * HEv3 §7: the real answer of `family` (`answered`, whose new candidates are `added`) replaces that
 * family's hints in `book`: hints it lacks are dropped (the feed keeps attempts already started). Returns
 * whether the list changed.
 */
export function replaceHints(book: AddressBook, family: Family, answered: readonly string[], added: readonly Candidate[]): boolean {
  const answeredSet = new Set(answered);
  const dropped = new Set<string>();
  for (const [address, hintFamily] of book.hinted) {
    if (hintFamily !== family) continue;
    book.hinted.delete(address);
    if (!answeredSet.has(address)) dropped.add(address);
  }
  const present = new Set(book.sorted.map((candidate) => candidate.address));
  const fresh = added.filter((candidate) => !present.has(candidate.address));
  const kept = book.sorted.filter((candidate) => !dropped.has(candidate.address));
  const unmarked = kept.map((candidate) => confirmed(candidate, answeredSet));
  const relabelled = unmarked.some((candidate, index) => candidate !== kept[index]);
  book.sorted = sortDestinations([...unmarked, ...fresh]);
  return fresh.length > 0 || dropped.size > 0 || relabelled;
}

/** A hinted candidate the real answer names too is no longer known from the hint alone. */
function confirmed(candidate: Candidate, answered: ReadonlySet<string>): Candidate {
  if (candidate.fromHint === undefined || !answered.has(candidate.address)) return candidate;
  const { fromHint: _, ...rest } = candidate;
  return rest;
}

export interface ServiceEndpointsSetup extends AskSetup {
  /** The families to ask for, AAAA (6) first. */
  readonly families: readonly Family[];
  /** Aborts every query (the connection's end). */
  readonly signal: AbortSignal;
  /** The candidates for `addresses` that `known` lacks, with their source addresses (and NAT64 forms). */
  readonly toCandidates: (family: Family, addresses: readonly string[], known: readonly Candidate[]) => Promise<Candidate[]>;
  /** Something changed that may let the next attempt start. */
  readonly onChange: (addressesChanged: boolean) => void;
}

interface Target extends AddressBook {
  readonly status: Map<Family, FamilyStatus>;
}

export class ServiceEndpoints {
  private readonly targets = new Map<string, Target>();

  constructor(private readonly setup: ServiceEndpointsSetup) {}

  /**
   * Asks `name`'s AAAA and A (once per name), using `hints` for a family until its answer comes. Resolves
   * once the hints are in.
   */
  async resolve(name: string, hints: { readonly 6: readonly string[]; readonly 4: readonly string[] } | undefined): Promise<void> {
    const { setup } = this;
    if (this.targets.has(name)) return;
    const target: Target = { sorted: [], hinted: new Map(), status: new Map() };
    this.targets.set(name, target);
    for (const family of setup.families) {
      target.status.set(family, 'pending');
      setup.emit({ type: 'dns-query', at: setup.elapsed(), family, recordType: recordType(family), resolver: setup.resolver.name, name });
    }
    for (const family of setup.families) void this.query(name, target, family);
    await Promise.all(setup.families.map((family) => this.hint(target, family, hints?.[family] ?? [])));
  }

  /** The known addresses of `name`, sorted (RFC 6724); none for a name not asked. */
  addresses(name: string): readonly Candidate[] {
    return this.targets.get(name)?.sorted ?? [];
  }

  /** Whether any name has an address of `family` (hint or answer). */
  has(family: Family): boolean {
    return [...this.targets.values()].some((target) => target.sorted.some((candidate) => candidate.family === family));
  }

  /** Every query has answered or failed. */
  get isFinished(): boolean {
    return [...this.targets.values()].every((target) => ![...target.status.values()].includes('pending'));
  }

  /** Reports the queries still out as cancelled (the caller has aborted `signal`). */
  cancel(): void {
    const { setup } = this;
    for (const [name, target] of this.targets) {
      for (const [family, status] of target.status) {
        if (status === 'pending') setup.emit({ type: 'dns-cancelled', at: setup.elapsed(), family, recordType: recordType(family), name });
      }
    }
  }

  private async query(name: string, target: Target, family: Family): Promise<void> {
    const { setup } = this;
    const { signal } = setup;
    const result = await askFamily(setup, name, family, signal, { name });
    if (result === null) return;
    if ('error' in result) {
      target.status.set(family, 'failed'); // hints stay (§7 replaces them only with a real answer)
      setup.onChange(false);
      return;
    }
    const added = await setup.toCandidates(family, result.addresses, target.sorted);
    if (signal.aborted) return;
    target.status.set(family, 'answered');
    setup.onChange(replaceHints(target, family, result.addresses, added));
  }

  private async hint(target: Target, family: Family, hints: readonly string[]): Promise<void> {
    if (hints.length === 0) return;
    const fresh = await this.setup.toCandidates(family, hints, target.sorted);
    // The real answer came meanwhile: it wins.
    if (this.setup.signal.aborted || target.status.get(family) !== 'pending') return;
    this.setup.onChange(addHints(target, family, fresh));
  }
}
