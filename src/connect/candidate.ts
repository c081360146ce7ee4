/* The words the resolution layers and the feed share. */
import type { ServiceRef } from '../base/endpoint.js';
import type { Family } from '../base/family.js';
import type { Nat64Origin } from '../base/endpoint.js';

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

/** The source addresses (RFC 6724 §6) of several destinations of one family, in order (`findSourceAddresses`). */
export type FindSources = (destinations: readonly string[], family: Family, localAddress?: string) => Promise<Array<string | null>>;

/** Turns the addresses of one answer (or one hint) of `family` into candidates. */
export type MakeCandidates = (family: Family, addresses: readonly string[]) => Promise<Candidate[]>;

/** The address a candidate was learned as: the IPv4 address behind a NAT64 one, else its own. */
export function learnedAs(candidate: Candidate): string {
  return candidate.synthesizedFrom?.address ?? candidate.address;
}
