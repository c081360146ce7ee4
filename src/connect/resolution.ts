/*
 * Hostname resolution the RFC 8305 §3 way: AAAA and A are asked separately and concurrently (AAAA
 * first), and connecting does not wait for both. A positive AAAA answer lets attempts start at once;
 * an A answer that comes first arms the Resolution Delay (50 ms) to give AAAA a chance; an empty or
 * failed AAAA answer, or the end of that delay, lets IPv4 go ahead. Answers that come later are merged
 * into the addresses not yet tried (§6). A family that fails or is empty never holds the other back.
 *
 * With `https` (Happy Eyeballs v3, draft-ietf-happy-happyeyeballs-v3-04) the HTTPS query goes out first
 * (§4.1) and the start rule is §4.2's: some address AND AAAA answered AND HTTPS answered (an error counts
 * as negative), or some address AND the Resolution Delay over. The address hints of ServiceMode records
 * for the owner name count as answers of their family until its real answer comes, which then replaces
 * them (§4.2.1, §7): hints it lacks are dropped unless already tried. AliasMode chains are followed
 * (alias-chain.ts); the records then make groups of endpoints (§5.2, service-groups.ts), and the A/AAAA of
 * TargetNames other than the host are asked too (service-endpoints.ts).
 */
import { followAliases } from '../dns/alias-chain.js';
import type { DnsQueryError } from '../errors/dns-query-error.js';
import type { HttpsAnswer } from '../dns/https-query.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { hintsByName, planServiceGroups, type ServiceGroupPlan, type ServiceRef } from '../dns/service-groups.js';
import type { Clock } from '../race/clock.js';
import { toErrorInfo } from '../trace/error-info.js';
import { abortError } from '../util/abort-error.js';
import type { Family, Nat64Origin, TraceEvent } from '../trace/events.js';
import type { Nat64Synthesis } from './nat64-synthesis.js';
import { addHints, askFamily, type FamilyStatus, replaceHints, ServiceEndpoints } from './service-endpoints.js';

export interface Candidate {
  readonly address: string;
  readonly family: Family;
  /** The source address the OS would use (RFC 6724 §6 rule 1: null means unusable). */
  readonly source: string | null;
  /** Set for a NAT64 address made from an IPv4 one (RFC 8305 §7.1). */
  readonly synthesizedFrom?: Nat64Origin;
  /** Set while the address is known only from an HTTPS address hint (HEv3 §4.2.1). */
  readonly fromHint?: true;
}

/** Endpoints to try one after another (HEv3 §5.2): the addresses of one name, on one port, for one service. */
export interface EndpointGroup {
  /** The HTTPS record behind the group; null for the host's A/AAAA tried without one (the last group). */
  readonly service: ServiceRef | null;
  /** The record's `port`; null for the connection's port. */
  readonly port: number | null;
  /** Sorted by RFC 6724 (§5.3). */
  readonly candidates: readonly Candidate[];
}

/**
 * The source addresses the OS would use for several destinations of one family (`findSourceAddresses`),
 * in order, null where there is none (RFC 6724 §6); one destination is asked as a list of one.
 */
export type FindSources = (destinations: readonly string[], family: Family, localAddress?: string) => Promise<Array<string | null>>;

export interface ResolutionSetup {
  readonly host: string;
  /** The families to ask for, AAAA (6) first. */
  readonly families: readonly Family[];
  /** When the host is an IP literal: no DNS at all. */
  readonly literal: Family | null;
  readonly resolutionDelay: number;
  readonly localAddressFor: (family: Family) => string | undefined;
  readonly resolver: FamilyResolver;
  /** Probes an answer's addresses together. */
  readonly findSources: FindSources;
  readonly clock: Clock;
  /** ms since the start of the connection. */
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Called when something changed that may let the next attempt start. */
  readonly onChange: (addressesChanged: boolean) => void;
  /** NAT64 synthesis for IPv4 addresses without an IPv4 route, when enabled. */
  readonly nat64?: Nat64Synthesis | null;
  /** Ask for HTTPS records too (HEv3 §4), when the resolver can. @default false */
  readonly https?: boolean;
  /** The ALPN ids the client offers (`tls.alpn`); records it cannot use give no hints nor endpoints (HEv3 §6.2). */
  readonly clientAlpn?: readonly string[];
  /** Shuffles HTTPS records of equal priority (HEv3 §5.2) and picks among AliasMode records. @default Math.random */
  readonly random?: () => number;
}

export class Resolution {
  /** Every usable address known so far, sorted by RFC 6724 (§4). */
  sorted: readonly Candidate[] = [];
  /** The DNS failures, one per failed family, AAAA first. */
  readonly errors: DnsQueryError[] = [];
  /** Why an IP literal cannot be used at all (a NAT64 synthesis RFC 6052 forbids), or null. */
  literalError: Error | null = null;
  private readonly status = new Map<Family, FamilyStatus>();
  /** The HTTPS query's status, or null when it is not asked. */
  private httpsStatus: FamilyStatus | null = null;
  /** The host's addresses known only from HTTPS address hints, so far (HEv3 §4.2.1). */
  readonly hinted = new Map<string, Family>();
  /**
   * Aborts what is outstanding when the connection ends. Made on first use (`signal`): an IP literal asks
   * nothing, and so needs no controller and no abort reason (a DOMException) at the end.
   */
  private controller: AbortController | null = null;
  private isCancelled = false;
  private delayTimer: unknown = null;
  private isDelayOver = false;
  /** The groups to form, in order (HEv3 §5.2); without HTTPS records, the host's addresses alone. */
  private plans: readonly ServiceGroupPlan[] | null = null;
  /** The A/AAAA of other names the HTTPS records point to; made when HTTPS records name one. */
  private services: ServiceEndpoints | null = null;
  /** `groups` without HTTPS records, for the current `sorted`. */
  private hostGroup: [EndpointGroup] | null = null;

  constructor(private readonly setup: ResolutionSetup) {}

  /** The signal that aborts every query of this connection (see `controller`). */
  private get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.isCancelled && !this.controller.signal.aborted) this.controller.abort(abortError('the connection attempt ended'));
    return this.controller.signal;
  }

  /** Every endpoint known so far, by group, groups in the order to try them (HEv3 §5.2, §6). */
  get groups(): readonly EndpointGroup[] {
    // Without HTTPS records: the host's addresses alone, on the connection's port; the same array until
    // they change (the feed asks for the groups on every turn of the race).
    if (this.plans === null) {
      if (this.hostGroup?.[0]?.candidates !== this.sorted) this.hostGroup = [{ service: null, port: null, candidates: this.sorted }];
      return this.hostGroup;
    }
    const { services } = this;
    return this.plans.map(({ service, name, port }) => ({
      service,
      port,
      candidates: name === this.setup.host ? this.sorted : (services?.addresses(name) ?? []),
    }));
  }

  /** Some address is known, of the host or of a name its HTTPS records point to. */
  private get hasAddress(): boolean {
    if (this.plans === null) return this.sorted.length > 0;
    return this.groups.some((group) => group.candidates.length > 0);
  }

  /** The ServiceEndpoints of the names HTTPS records point to, made on first use. */
  private serviceEndpoints(): ServiceEndpoints {
    this.services ??= new ServiceEndpoints({
      ...this.setup,
      signal: this.signal,
      toCandidates: (family, addresses, known) => this.addAddresses(family, addresses, known),
      // While the HTTPS answer is being applied, its hints wait for it (queryHttps reconsiders at the end).
      // An IPv6 address of a service ends the wait for AAAA as the host's own would (HEv3 §4.2).
      onChange: (addressesChanged) => {
        if (this.httpsStatus !== 'pending') this.reconsider(addressesChanged, this.hasServiceAddress(6) ? 'aaaa-answer' : null);
      },
    });
    return this.services;
  }

  private hasServiceAddress(family: Family): boolean {
    return this.services !== null && this.services.has(family);
  }

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
    // HEv3 §4.1: HTTPS first, then AAAA and A, back to back (RFC 8305 §3).
    const resolveHttps = setup.https === true ? setup.resolver.resolveHttps?.bind(setup.resolver) : undefined;
    if (resolveHttps) {
      this.httpsStatus = 'pending';
      this.emitHttpsQuery(setup.host);
      void this.queryHttps(resolveHttps);
    }
    for (const family of setup.families) {
      setup.emit({ type: 'dns-query', at: setup.elapsed(), family, recordType: recordType(family), resolver: setup.resolver.name });
    }
    for (const family of setup.families) void this.query(family);
  }

  /** Whether attempts may start (the Resolution Delay logic of RFC 8305 §3, HEv3 §4.2 with `https`). */
  get isReady(): boolean {
    if (this.setup.literal !== null) return this.sorted.length > 0 || this.isFinished;
    return this.hasWaitedEnough || this.isDelayOver;
  }

  /** HEv3 §4.2 (a), less "some address": AAAA (or its hints) and HTTPS have answered, if asked. */
  private get hasWaitedEnough(): boolean {
    const aaaa = this.status.get(6);
    const isAaaaIn = aaaa === undefined || aaaa !== 'pending' || [...this.hinted.values()].includes(6) || this.hasServiceAddress(6);
    return isAaaaIn && this.httpsStatus !== 'pending';
  }

  /** Every query has answered or failed (HTTPS and the names it points to included), and every answer is merged. */
  get isFinished(): boolean {
    if (this.setup.literal !== null) return this.sorted.length > 0 || this.literalError !== null;
    for (const status of this.status.values()) if (status === 'pending') return false;
    return this.httpsStatus !== 'pending' && (this.services === null || this.services.isFinished);
  }

  /** Stops what is still outstanding: queries are cancelled (and reported), the delay timer cleared. */
  cancel(): void {
    this.clearDelay();
    this.setup.nat64?.cancel();
    if (this.isCancelled) return;
    this.isCancelled = true;
    // Nothing was ever handed a signal (an IP literal): no abort reason to make.
    this.controller?.abort(abortError('the connection attempt ended'));
    if (this.httpsStatus === 'pending') {
      this.httpsStatus = 'failed';
      this.setup.emit({ type: 'https-cancelled', at: this.setup.elapsed() });
    }
    for (const [family, status] of this.status) {
      if (status !== 'pending') continue;
      this.setup.emit({ type: 'dns-cancelled', at: this.setup.elapsed(), family, recordType: recordType(family) });
    }
    this.services?.cancel();
  }

  private async query(family: Family): Promise<void> {
    const result = await askFamily(this.setup, this.setup.host, family, this.signal, {});
    if (result === null) return;
    if ('error' in result) {
      this.errors.push(result.error);
      this.errors.sort((a, b) => b.family - a.family);
      this.settleFamily(family, 'failed', false);
      return;
    }
    await this.merge(family, result.addresses);
  }

  /**
   * HEv3 §4.1: the HTTPS query, with its AliasMode chain followed (RFC 9460 §3). The records then decide
   * the groups (§5.2); the hints of usable records stand in for their name's addresses (§4.2.1), and other
   * names' A/AAAA are asked.
   */
  private async queryHttps(resolveHttps: (hostname: string, signal: AbortSignal) => Promise<HttpsAnswer>): Promise<void> {
    const { setup } = this;
    const { signal } = this;
    const chain = await followAliases(resolveHttps, setup.host, {
      signal,
      ...(setup.random ? { random: setup.random } : {}),
      onQuery: (name) => this.emitHttpsQuery(name),
      onAnswer: (name, answer) =>
        setup.emit({ type: 'https-answer', at: setup.elapsed(), records: answer.records, ttl: answer.ttl, malformed: answer.malformed, ...this.named(name) }),
    }).catch(() => null);
    if (chain === null || signal.aborted) return;
    if (chain.error !== null) setup.emit({ type: 'https-error', at: setup.elapsed(), error: toErrorInfo(chain.error), ...this.named(chain.name) });
    const clientAlpn = setup.clientAlpn ?? [];
    const random = setup.random ? { random: setup.random } : {};
    const plans = planServiceGroups(chain.records, { host: setup.host, ownerName: chain.name, clientAlpn, ...random });
    this.plans = plans;
    const hints = hintsByName(chain.records, chain.name, clientAlpn);
    const others = plans.filter((plan) => plan.name !== setup.host);
    if (others.length > 0) {
      const services = this.serviceEndpoints();
      await Promise.all(others.map((plan) => services.resolve(plan.name, hints.get(plan.name))));
    }
    if (signal.aborted) return;
    // A family whose real answer is in already takes no hints.
    let added = false;
    const own = hints.get(setup.host);
    for (const family of own ? setup.families : []) {
      if (this.status.get(family) !== 'pending') continue;
      const fresh = await this.addAddresses(family, own?.[family] ?? []);
      if (signal.aborted) return;
      if (this.status.get(family) !== 'pending') continue; // the real answer came meanwhile
      added = addHints(this, family, fresh) || added;
    }
    this.httpsStatus = chain.error === null ? 'answered' : 'failed';
    this.reconsider(added || (plans.length > 1 && this.hasAddress), 'https-answer');
  }

  /** The HTTPS query for `name` went out: the host's, or an AliasMode target's follow-up (RFC 9460 §2.4.2). */
  private emitHttpsQuery(name: string): void {
    const { setup } = this;
    const server = setup.resolver.httpsServer?.(name) ?? null;
    setup.emit({ type: 'https-query', at: setup.elapsed(), resolver: setup.resolver.name, server, ...this.named(name) });
  }

  /** The `name` field of an HTTPS event: absent for the host itself. */
  private named(name: string): { name?: string } {
    return name === this.setup.host ? {} : { name };
  }

  private async merge(family: Family, addresses: readonly string[]): Promise<void> {
    const added = await this.addAddresses(family, addresses);
    if (this.isCancelled) return;
    // HEv3 §7: the real answer replaces the hints of its family; the feed keeps attempts already started.
    this.settleFamily(family, 'answered', replaceHints(this, family, addresses, added));
  }

  /** The candidates for `addresses` that `known` lacks, with their source addresses (and NAT64 forms). */
  private async addAddresses(family: Family, addresses: readonly string[], known: readonly Candidate[] = this.sorted): Promise<Candidate[]> {
    const { setup } = this;
    const knownSet = new Set(known.map((candidate) => candidate.address));
    const fresh = [...new Set(addresses)].filter((address) => !knownSet.has(address));
    const local = setup.localAddressFor(family);
    const sources = await setup.findSources(fresh, family, local);
    if (this.isCancelled) return [];
    const added = fresh.map((address, index): Candidate => ({ address, family, source: sources[index] ?? null }));
    // RFC 8305 §7.1: IPv4 addresses this host cannot reach go as their NAT64 form.
    if (family === 4 && setup.nat64) return setup.nat64.synthesize(added);
    return added;
  }

  /** An IPv4 literal with NAT64 on: the literal, its synthesised form, or a `literalError`. */
  private async mergeLiteral(nat64: Nat64Synthesis): Promise<void> {
    try {
      const candidate = await nat64.literal(this.setup.host);
      if (this.isCancelled) return;
      this.sorted = [candidate];
      this.setup.onChange(true);
    } catch (error) {
      if (this.isCancelled) return;
      this.literalError = error instanceof Error ? error : new Error(String(error));
      this.setup.onChange(false);
    }
  }

  private settleFamily(family: Family, status: Exclude<FamilyStatus, 'pending'>, addressesChanged: boolean): void {
    if (this.status.has(family)) this.status.set(family, status);
    const reason = family === 4 ? null : status === 'answered' && addressesChanged ? 'aaaa-answer' : 'aaaa-negative';
    this.reconsider(addressesChanged, reason);
  }

  /**
   * After any answer: end the Resolution Delay if what it waited for is in, tell the feed, and arm the
   * delay when an address is known but AAAA (or HTTPS) is still out.
   */
  private reconsider(addressesChanged: boolean, reason: 'aaaa-answer' | 'aaaa-negative' | 'https-answer' | null): void {
    const { setup } = this;
    if (this.delayTimer !== null && reason !== null && this.hasWaitedEnough) {
      this.clearDelay();
      setup.emit({ type: 'resolution-delay-ended', at: setup.elapsed(), reason });
    }
    setup.onChange(addressesChanged);
    if (this.hasAddress && !this.hasWaitedEnough && !this.isDelayOver && this.delayTimer === null) this.armDelay();
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
