import type { Family } from './family.js';

/** One address and port to connect to, and where eyeball learned it. */
export interface Endpoint {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
  /** Set when `address` is a NAT64 address eyeball made for an IPv4 address (RFC 6052, RFC 8305 §7.1). */
  readonly synthesizedFrom?: Nat64Origin;
  /** Set when the endpoint comes from an HTTPS record (the `https` option, HEv3 §5.2); absent for the host's own A/AAAA. */
  readonly service?: ServiceRef;
  /** Set when `address` is known only from an HTTPS record's `ipv4hint` / `ipv6hint` (HEv3 §4.2.1). */
  readonly fromHint?: true;
}

/** Where a synthesised IPv6 address came from: the IPv4 address and the prefix (`64:ff9b::/96`). */
export interface Nat64Origin {
  readonly address: string;
  readonly prefix: string;
}

/** The service an endpoint belongs to (HEv3 §5.2): an HTTPS record's TargetName and SvcPriority. */
export interface ServiceRef {
  /** The name whose A/AAAA the endpoint has: the TargetName, with `.` replaced by the owner name. */
  readonly target: string;
  /** SvcPriority; 0 for the name an AliasMode chain ended at without ServiceMode records. */
  readonly priority: number;
}
