/*
 * NAT64 inside the Happy Eyeballs engine (RFC 8305 §7.1, HEv3-04 §8): an IPv4 address (an A answer or an
 * IPv4 literal) with no IPv4 source (RFC 6724 rule 1) is raced as its IPv6 form under the NAT64 prefix
 * (RFC 6052). The prefix comes from the `nat64.prefix` option or from RFC 7050 discovery (AAAA of
 * `ipv4only.arpa`), sent at the start beside the host's queries, and only when the host has no IPv4 route
 * at all, so dual-stack hosts never send it.
 */
import type { FamilyResolver } from '../dns/resolver.js';
import { findNat64Prefixes, IPV4ONLY_ARPA, IPV4ONLY_ARPA_ADDRESSES, type Nat64Prefix, nat64Refusal, synthesizeNat64 } from '../dns/nat64.js';
import { Nat64SynthesisError } from '../errors/nat64-synthesis-error.js';
import { toErrorInfo } from '../base/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { Family } from '../base/family.js';
import type { Candidate, FindSources } from './candidate.js';

/** The address probed to tell an IPv6-only host: 192.0.0.170 (RFC 7050 §2.2), reached through the default route. */
const IPV4_ROUTE_PROBE = IPV4ONLY_ARPA_ADDRESSES[0] ?? '192.0.0.170';

export interface Nat64Setup {
  /** null: discover it (RFC 7050). */
  readonly prefix: Nat64Prefix | null;
  readonly resolver: FamilyResolver;
  readonly findSources: FindSources;
  readonly localAddressFor: (family: Family) => string | undefined;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
}

export class Nat64Synthesis {
  private readonly controller = new AbortController();
  private learned: Promise<Nat64Prefix | null> | null = null;

  constructor(private readonly setup: Nat64Setup) {}

  /** Learns the prefix: at once from the option, else by discovery if the host has no IPv4 route. */
  start(): void {
    this.learned ??= this.learn();
  }

  /** Stops a discovery still under way; later synthesis finds no prefix. */
  cancel(): void {
    this.controller.abort(new DOMException('the connection attempt ended', 'AbortError'));
  }

  /**
   * IPv4 candidates with no IPv4 source, replaced by their synthesised IPv6 form where the prefix allows
   * it; the others are returned unchanged (an address RFC 6052 forbids stays IPv4, and unusable).
   */
  async synthesize(candidates: readonly Candidate[]): Promise<Candidate[]> {
    if (!candidates.some((candidate) => candidate.family === 4 && candidate.source === null)) return [...candidates];
    const prefix = await this.prefix();
    if (prefix === null) return [...candidates];
    return Promise.all(
      candidates.map(async (candidate) =>
        candidate.family !== 4 || candidate.source !== null || nat64Refusal(candidate.address, prefix) !== null
          ? candidate
          : this.synthesizeOne(candidate.address, prefix),
      ),
    );
  }

  /**
   * The candidate for an IPv4 literal: the literal itself when it has an IPv4 source or no prefix is known,
   * its synthesised form otherwise. Throws a `Nat64SynthesisError` for a literal RFC 6052 forbids.
   */
  async literal(address: string): Promise<Candidate> {
    const source = await this.sourceOf(address, 4);
    const native: Candidate = { address, family: 4, source };
    if (source !== null) return native;
    const prefix = await this.prefix();
    if (prefix === null) return native;
    const refusal = nat64Refusal(address, prefix);
    if (refusal !== null) throw new Nat64SynthesisError(address, prefix.text, refusal);
    return this.synthesizeOne(address, prefix);
  }

  private async synthesizeOne(ipv4: string, prefix: Nat64Prefix): Promise<Candidate> {
    const address = synthesizeNat64(ipv4, prefix);
    const source = await this.sourceOf(address, 6);
    return { address, family: 6, source, synthesizedFrom: { address: ipv4, prefix: prefix.text } };
  }

  /** The source address of one destination (null: no route), asked as a list of one. */
  private async sourceOf(destination: string, family: Family): Promise<string | null> {
    const [source = null] = await this.setup.findSources([destination], family, this.setup.localAddressFor(family));
    return source;
  }

  private prefix(): Promise<Nat64Prefix | null> {
    this.start();
    return this.learned ?? Promise.resolve(null);
  }

  private async learn(): Promise<Nat64Prefix | null> {
    const { setup } = this;
    const { signal } = this.controller;
    if (setup.prefix !== null) {
      setup.emit({ type: 'nat64-prefix', at: setup.elapsed(), source: 'option', prefixes: [setup.prefix.text], error: null });
      return setup.prefix;
    }
    const route = await this.sourceOf(IPV4_ROUTE_PROBE, 4);
    if (route !== null || signal.aborted) return null;
    setup.emit({ type: 'nat64-query', at: setup.elapsed(), resolver: setup.resolver.name });
    try {
      const answer = await setup.resolver.resolve(IPV4ONLY_ARPA, 6, signal);
      if (signal.aborted) return null;
      const prefixes = findNat64Prefixes(answer.addresses);
      setup.emit({ type: 'nat64-prefix', at: setup.elapsed(), source: 'rfc7050', prefixes: prefixes.map((prefix) => prefix.text), error: null });
      // RFC 7050 §3 lets a node use any prefix it found; eyeball uses the first.
      return prefixes[0] ?? null;
    } catch (error) {
      if (signal.aborted) return null;
      setup.emit({ type: 'nat64-prefix', at: setup.elapsed(), source: 'rfc7050', prefixes: [], error: toErrorInfo(error) });
      return null;
    }
  }
}
