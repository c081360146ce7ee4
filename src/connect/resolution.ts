/*
 * Hostname resolution the RFC 8305 §3 way, and when attempts may start. The host's AAAA and A are asked
 * concurrently (name-resolution.ts), and connecting does not wait for both: a positive AAAA answer lets
 * attempts start at once; an A answer that comes first starts the Resolution Delay (resolution-delay.ts)
 * to give AAAA a chance; an empty or failed AAAA answer, or the end of that delay, lets IPv4 go ahead.
 * Answers that come later are merged into the addresses not yet tried (§6).
 *
 * Two layers sit on top, each optional. NAT64 (RFC 8305 §7.1, nat64-synthesis.ts) turns IPv4 addresses
 * this host cannot reach into IPv6 ones as they become candidates. HTTPS records (Happy Eyeballs v3,
 * https-resolution.ts) bring groups of endpoints and address hints, and change the start rule (HEv3
 * §4.2): some address AND AAAA answered AND HTTPS answered (an error counts as negative), or some address
 * AND the Resolution Delay over; a hint or a service's IPv6 address stands in for the AAAA answer.
 */
import type { Nat64Prefix } from '../dns/nat64.js';
import type { FamilyResolver } from '../dns/resolver.js';
import type { DnsQueryError } from '../errors/dns-query-error.js';
import type { Clock } from '../race/clock.js';
import type { TraceEvent } from '../trace/events.js';
import type { Family } from '../base/family.js';
import type { Candidate, EndpointGroup, FindSources, MakeCandidates } from './candidate.js';
import { HttpsResolution } from './https-resolution.js';
import { NameResolution } from './name-resolution.js';
import { Nat64Synthesis } from './nat64-synthesis.js';
import { type DelayEndReason, ResolutionDelay } from './resolution-delay.js';

export interface ResolutionSetup {
  readonly host: string;
  /** The families to ask for, AAAA (6) first. */
  readonly families: readonly Family[];
  /** When the host is an IP literal: no DNS at all. */
  readonly literal: Family | null;
  readonly resolutionDelay: number;
  readonly localAddressFor: (family: Family) => string | undefined;
  readonly resolver: FamilyResolver;
  readonly findSources: FindSources;
  readonly clock: Clock;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Called when something changed that may let the next attempt start. */
  readonly onChange: (addressesChanged: boolean) => void;
  /** NAT64 (RFC 8305 §7.1): off (null), with a prefix, or with RFC 7050 discovery (prefix null). */
  readonly nat64?: { readonly prefix: Nat64Prefix | null } | null | undefined;
  /** Ask for HTTPS records too (HEv3 §4), when the resolver can. @default false */
  readonly https?: boolean;
  /** The ALPN ids the client offers (`tls.alpn`); records it cannot use give no hints nor endpoints (HEv3 §6.2). */
  readonly clientAlpn?: readonly string[];
  /** Shuffles HTTPS records of equal priority (HEv3 §5.2) and picks among AliasMode records. @default Math.random */
  readonly random?: () => number;
}

export class Resolution {
  /** Why an IP literal cannot be used at all (a NAT64 synthesis RFC 6052 forbids), or null. */
  literalError: Error | null = null;
  /** The candidate of an IP literal, once known. */
  private literal: Candidate | null = null;
  /** Aborts every query when the connection ends. */
  private readonly controller = new AbortController();
  private readonly host: NameResolution;
  private readonly https: HttpsResolution | null;
  private readonly delay: ResolutionDelay;
  private readonly nat64: Nat64Synthesis | null;

  constructor(private readonly setup: ResolutionSetup) {
    const { signal } = this.controller;
    // The layers below take their settings from `setup` (resolver, families, clock, elapsed, emit, ...).
    this.nat64 = setup.nat64 ? new Nat64Synthesis({ ...setup, prefix: setup.nat64.prefix }) : null;
    const makeCandidates = candidateMaker(setup, this.nat64);
    this.host = new NameResolution({
      ...setup,
      name: setup.host,
      signal,
      makeCandidates,
      isNamed: false,
      onSettled: (family, added) => this.onHostSettled(family, added),
    });
    const { resolver } = setup;
    const resolveHttps = setup.https === true && setup.literal === null ? resolver.resolveHttps?.bind(resolver) : undefined;
    this.https = resolveHttps
      ? new HttpsResolution({
          ...setup,
          host: this.host,
          hostname: setup.host,
          resolveHttps,
          signal,
          makeCandidates,
          clientAlpn: setup.clientAlpn ?? [],
          onChange: (addressesChanged, reason) => this.reconsider(addressesChanged, reason),
        })
      : null;
    this.delay = new ResolutionDelay({ ...setup, delay: setup.resolutionDelay, onElapsed: () => setup.onChange(false) });
  }

  /** What each family of the host said when it gave no address (failure or NODATA), AAAA first. */
  get errors(): DnsQueryError[] {
    return this.host.errors;
  }

  /** Every endpoint known so far, by group, groups in the order to try them (HEv3 §5.2, §6). */
  get groups(): readonly EndpointGroup[] {
    if (this.setup.literal !== null) return [{ service: null, port: null, candidates: this.literal ? [this.literal] : [] }];
    if (this.https === null) return [{ service: null, port: null, candidates: this.host.candidates }];
    return this.https.groups() ?? [{ service: null, port: null, candidates: this.https.hostCandidates() }];
  }

  start(): void {
    const { setup } = this;
    this.nat64?.start();
    if (setup.literal === 4 && this.nat64) {
      void this.resolveLiteral(this.nat64);
      return;
    }
    if (setup.literal !== null) {
      // One address needs no sorting, so no source-address probe either.
      this.literal = { address: setup.host, family: setup.literal, source: null };
      setup.onChange(true);
      return;
    }
    // HEv3 §4.1: HTTPS first, then AAAA and A, back to back (RFC 8305 §3).
    this.https?.start();
    this.host.start();
  }

  /** Whether attempts may start (the Resolution Delay logic of RFC 8305 §3, HEv3 §4.2 with `https`). */
  get isReady(): boolean {
    if (this.setup.literal !== null) return this.isFinished;
    return this.hasWaitedEnough || this.delay.isOver;
  }

  /** Every query has answered or failed (HTTPS and the names it points to included), and every answer is merged. */
  get isFinished(): boolean {
    if (this.setup.literal !== null) return this.literal !== null || this.literalError !== null;
    return this.host.isFinished && (this.https === null || this.https.isFinished);
  }

  /** Cancels (and reports) the queries still out, and stops the delay. */
  cancel(): void {
    this.delay.cancel();
    this.nat64?.cancel();
    if (this.controller.signal.aborted) return;
    this.controller.abort(new DOMException('the connection attempt ended', 'AbortError'));
    this.https?.reportQueryCancelled();
    this.host.reportCancelled();
    this.https?.reportTargetsCancelled();
  }

  /** HEv3 §4.2 (a), less "some address": AAAA (or what stands in for it) and HTTPS have answered, if asked. */
  private get hasWaitedEnough(): boolean {
    const aaaa = this.host.status(6);
    const isAaaaIn = aaaa === undefined || aaaa !== 'pending' || (this.https?.standsInForAaaa ?? false);
    return isAaaaIn && !(this.https?.isPending ?? false);
  }

  private get hasAddress(): boolean {
    return this.groups.some((group) => group.candidates.length > 0);
  }

  /** A family of the host answered (its new candidates `added`) or failed. */
  private onHostSettled(family: Family, added: readonly Candidate[]): void {
    // HEv3 §7: a real answer replaces the family's hints, which changes the list even when it adds nothing.
    const isAnswered = this.host.status(family) === 'answered';
    const addressesChanged = isAnswered && (added.length > 0 || (this.https?.hasHostHints(family) ?? false));
    const reason = family === 4 ? null : addressesChanged ? 'aaaa-answer' : 'aaaa-negative';
    this.reconsider(addressesChanged, reason);
  }

  /** An IPv4 literal with NAT64 on: the literal, its synthesised form, or a `literalError`. */
  private async resolveLiteral(nat64: Nat64Synthesis): Promise<void> {
    try {
      const candidate = await nat64.literal(this.setup.host);
      if (this.controller.signal.aborted) return;
      this.literal = candidate;
      this.setup.onChange(true);
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.literalError = error instanceof Error ? error : new Error(String(error));
      this.setup.onChange(false);
    }
  }

  /**
   * After any answer: end the Resolution Delay if what it waited for is in, tell the feed, and start the
   * delay when an address is known but AAAA (or HTTPS) is still out.
   */
  private reconsider(addressesChanged: boolean, reason: DelayEndReason | null): void {
    if (this.delay.isRunning && reason !== null && this.hasWaitedEnough) this.delay.end(reason);
    this.setup.onChange(addressesChanged);
    if (this.hasAddress && !this.hasWaitedEnough && !this.delay.isOver && !this.delay.isRunning) this.delay.start();
  }
}

/** Addresses become candidates with their source addresses (RFC 6724 §6); with NAT64 on, unreachable IPv4 ones go as NAT64 (RFC 8305 §7.1). */
function candidateMaker({ findSources, localAddressFor }: ResolutionSetup, nat64: Nat64Synthesis | null): MakeCandidates {
  return async (family, addresses) => {
    const sources = await findSources(addresses, family, localAddressFor(family));
    const probed = addresses.map((address, index): Candidate => ({ address, family, source: sources[index] ?? null }));
    return family === 4 && nat64 ? nat64.synthesize(probed) : probed;
  };
}
