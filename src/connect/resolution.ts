/*
 * Hostname resolution the RFC 8305 §3 way: AAAA and A are asked separately and concurrently (AAAA
 * first), and connecting does not wait for both. A positive AAAA answer lets attempts start at once;
 * an A answer that comes first arms the Resolution Delay (50 ms) to give AAAA a chance; an empty or
 * failed AAAA answer, or the end of that delay, lets IPv4 go ahead. Answers that come later are merged
 * into the addresses not yet tried (§6). A family that fails or is empty never holds the other back.
 */
import { DnsQueryError } from '../errors/dns-query-error.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { sortDestinations } from '../dns/rfc6724.js';
import type { Clock } from '../race/clock.js';
import { toErrorInfo } from '../trace/error-info.js';
import { abortError } from '../util/abort-error.js';
import type { Family, Nat64Origin, TraceEvent } from '../trace/events.js';
import type { Nat64Synthesis } from './nat64-synthesis.js';

export interface Candidate {
  readonly address: string;
  readonly family: Family;
  /** The source address the OS would use (RFC 6724 §6 rule 1: null means unusable). */
  readonly source: string | null;
  /** Set for a NAT64 address made from an IPv4 one (RFC 8305 §7.1). */
  readonly synthesizedFrom?: Nat64Origin;
}

export type FindSource = (destination: string, family: Family, localAddress?: string) => Promise<string | null>;

export interface ResolutionSetup {
  readonly host: string;
  /** The families to ask for, AAAA (6) first. */
  readonly families: readonly Family[];
  /** When the host is an IP literal: no DNS at all. */
  readonly literal: Family | null;
  readonly resolutionDelay: number;
  readonly localAddressFor: (family: Family) => string | undefined;
  readonly resolver: FamilyResolver;
  readonly findSource: FindSource;
  readonly clock: Clock;
  /** ms since the start of the connection. */
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Called when something changed that may let the next attempt start. */
  readonly onChange: (addressesChanged: boolean) => void;
  /** NAT64 synthesis for IPv4 addresses without an IPv4 route, when enabled. */
  readonly nat64?: Nat64Synthesis | null;
}

type FamilyStatus = 'pending' | 'answered' | 'failed';

export class Resolution {
  /** Every usable address known so far, sorted by RFC 6724 (§4). */
  sorted: readonly Candidate[] = [];
  /** The DNS failures, one per failed family, AAAA first. */
  readonly errors: DnsQueryError[] = [];
  /** Why an IP literal cannot be used at all (a NAT64 synthesis RFC 6052 forbids), or null. */
  literalError: Error | null = null;
  private readonly status = new Map<Family, FamilyStatus>();
  private readonly controller = new AbortController();
  private delayTimer: unknown = null;
  private isDelayOver = false;

  constructor(private readonly setup: ResolutionSetup) {}

  start(): void {
    const { setup } = this;
    setup.nat64?.start();
    if (setup.literal === 4 && setup.nat64) {
      void this.mergeLiteral(setup.nat64);
      return;
    }
    if (setup.literal !== null) {
      // One address needs no sorting, so no source-address probe either.
      this.sorted = [{ address: setup.host, family: setup.literal, source: null }];
      setup.onChange(true);
      return;
    }
    for (const family of setup.families) this.status.set(family, 'pending');
    // Both queries go out at once, AAAA first (RFC 8305 §3).
    for (const family of setup.families) {
      setup.emit({ type: 'dns-query', at: setup.elapsed(), family, recordType: recordType(family), resolver: setup.resolver.name });
    }
    for (const family of setup.families) void this.query(family);
  }

  /** Whether attempts may start (the Resolution Delay logic of §3). */
  get isReady(): boolean {
    const aaaa = this.status.get(6);
    if (this.setup.literal !== null || aaaa === undefined) return this.sorted.length > 0 || this.isFinished;
    return aaaa !== 'pending' || this.isDelayOver;
  }

  /** Every query has answered or failed, and every answer is merged. */
  get isFinished(): boolean {
    if (this.setup.literal !== null) return this.sorted.length > 0 || this.literalError !== null;
    for (const status of this.status.values()) if (status === 'pending') return false;
    return true;
  }

  /** Stops what is still outstanding: queries are cancelled (and reported), the delay timer cleared. */
  cancel(): void {
    this.clearDelay();
    this.setup.nat64?.cancel();
    if (this.controller.signal.aborted) return;
    this.controller.abort(abortError('the connection attempt ended'));
    for (const [family, status] of this.status) {
      if (status !== 'pending') continue;
      this.setup.emit({ type: 'dns-cancelled', at: this.setup.elapsed(), family, recordType: recordType(family) });
    }
  }

  private async query(family: Family): Promise<void> {
    const { setup } = this;
    const { signal } = this.controller;
    let addresses: readonly string[];
    try {
      const answer = await setup.resolver.resolve(setup.host, family, signal);
      if (signal.aborted) return;
      addresses = answer.addresses;
      setup.emit({ type: 'dns-answer', at: setup.elapsed(), family, recordType: recordType(family), addresses, ttl: answer.ttl });
    } catch (cause) {
      if (signal.aborted) return;
      const error =
        cause instanceof DnsQueryError ? cause : new DnsQueryError(setup.host, family, toErrorInfo(cause).code, { cause });
      this.errors.push(error);
      this.errors.sort((a, b) => b.family - a.family);
      setup.emit({ type: 'dns-error', at: setup.elapsed(), family, recordType: recordType(family), error: toErrorInfo(error) });
      this.settleFamily(family, 'failed', false);
      return;
    }
    await this.merge(family, addresses);
  }

  private async merge(family: Family, addresses: readonly string[]): Promise<void> {
    const { setup } = this;
    const known = new Set(this.sorted.map((candidate) => candidate.address));
    const fresh = [...new Set(addresses)].filter((address) => !known.has(address));
    const local = setup.localAddressFor(family);
    const sources = await Promise.all(fresh.map((address) => setup.findSource(address, family, local)));
    if (this.controller.signal.aborted) return;
    let added = fresh.map((address, index): Candidate => ({ address, family, source: sources[index] ?? null }));
    if (family === 4 && setup.nat64) {
      // RFC 8305 §7.1: IPv4 addresses this host cannot reach go as their NAT64 form.
      added = await setup.nat64.synthesize(added);
      if (this.controller.signal.aborted) return;
      const present = new Set(this.sorted.map((candidate) => candidate.address));
      added = added.filter((candidate) => !present.has(candidate.address));
    }
    this.sorted = sortDestinations([...this.sorted, ...added]);
    this.settleFamily(family, 'answered', added.length > 0);
  }

  /** An IPv4 literal with NAT64 on: the literal, its synthesised form, or a `literalError`. */
  private async mergeLiteral(nat64: Nat64Synthesis): Promise<void> {
    try {
      const candidate = await nat64.literal(this.setup.host);
      if (this.controller.signal.aborted) return;
      this.sorted = [candidate];
      this.setup.onChange(true);
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.literalError = error instanceof Error ? error : new Error(String(error));
      this.setup.onChange(false);
    }
  }

  private settleFamily(family: Family, status: Exclude<FamilyStatus, 'pending'>, addressesChanged: boolean): void {
    const { setup } = this;
    if (this.status.has(family)) this.status.set(family, status);
    if (family === 6 && this.delayTimer !== null) {
      this.clearDelay();
      const reason = status === 'answered' && addressesChanged ? 'aaaa-answer' : 'aaaa-negative';
      setup.emit({ type: 'resolution-delay-ended', at: setup.elapsed(), reason });
    }
    setup.onChange(addressesChanged);
    if (family === 4 && addressesChanged && this.status.get(6) === 'pending' && !this.isDelayOver) this.armDelay();
  }

  /** RFC 8305 §3: an A answer came first; give AAAA `resolutionDelay` ms before going ahead with IPv4. */
  private armDelay(): void {
    const { setup } = this;
    setup.emit({ type: 'resolution-delay-started', at: setup.elapsed(), delay: setup.resolutionDelay });
    this.delayTimer = setup.clock.setTimeout(() => {
      this.delayTimer = null;
      this.isDelayOver = true;
      setup.emit({ type: 'resolution-delay-ended', at: setup.elapsed(), reason: 'elapsed' });
      setup.onChange(false);
    }, setup.resolutionDelay);
  }

  private clearDelay(): void {
    if (this.delayTimer === null) return;
    this.setup.clock.clearTimeout(this.delayTimer);
    this.delayTimer = null;
  }
}

export function recordType(family: Family): 'A' | 'AAAA' {
  return family === 6 ? 'AAAA' : 'A';
}
