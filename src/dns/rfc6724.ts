/*
 * RFC 6724 §6 destination address selection, which RFC 8305 §4 requires before interleaving. The rules
 * compare two destinations at a time, each with the source address the kernel would use to reach it
 * (source-address.ts); the first rule that tells them apart decides. As Go's net/addrselect.go, we apply
 * the rules user space can know: 1, 2, 5, 6, 8, 9 and 10. Rule 9 applies to IPv6 only and to at most 64
 * bits: on IPv4 it would defeat DNS round-robin (Go issues 13283 and 18518), and past 64 bits it measures
 * interface ids. Skipped: rule 3 (Node cannot see a deprecated source), 4 (Mobile IPv6) and 7 (native
 * transport, only guessable from interface names).
 */
import type { Family } from '../base/family.js';
import { commonPrefixLength, isIPv4Mapped, toIPv6Bytes } from './ip-address.js';

/** A destination to sort, with the source address the system would use for it (`null`: no route). */
export interface SortCandidate {
  readonly address: string;
  readonly family: Family;
  readonly source: string | null;
}

/** RFC 4291 §2.7 scope values, as RFC 6724 §3.1 uses them for every address. */
export const SCOPE_LINK_LOCAL = 0x2;
export const SCOPE_SITE_LOCAL = 0x5;
export const SCOPE_GLOBAL = 0xe;

/** RFC 6724 §6 rule 9: the source's prefix length, taken as 64 (as Go does). */
const RULE_9_MAX_PREFIX_BITS = 64;

interface PolicyEntry {
  readonly prefix: Uint8Array;
  readonly bits: number;
  readonly precedence: number;
  readonly label: number;
}

/** RFC 6724 §2.1 default policy table, longest prefix first so the first match is the best one. */
const POLICY_TABLE: readonly PolicyEntry[] = [
  policy('::1', 128, 50, 0),
  policy('::ffff:0:0', 96, 35, 4),
  policy('::', 96, 1, 3),
  policy('2001::', 32, 5, 5),
  policy('2002::', 16, 30, 2),
  policy('3ffe::', 16, 1, 12),
  policy('fec0::', 10, 1, 11),
  policy('fc00::', 7, 3, 13),
  policy('::', 0, 40, 1),
];

/**
 * Sorts destinations by RFC 6724 §6 into a new array, stably. Throws a TypeError for a non-IP address or source.
 */
export function sortDestinations<C extends SortCandidate>(candidates: readonly C[]): C[] {
  const decorated = candidates.map((candidate, index) => ({ candidate, index, ...describe(candidate) }));
  decorated.sort((a, b) => compare(a, b) || a.index - b.index);
  return decorated.map((entry) => entry.candidate);
}

interface Attributes {
  readonly bytes: Uint8Array;
  readonly scope: number;
  readonly precedence: number;
  readonly label: number;
  readonly source: { readonly bytes: Uint8Array; readonly scope: number; readonly label: number } | null;
}

function describe(candidate: SortCandidate): Attributes {
  const bytes = bytesOf(candidate.address);
  const { precedence, label } = lookupPolicy(bytes);
  const sourceBytes = candidate.source === null ? null : bytesOf(candidate.source);
  const source = sourceBytes && { bytes: sourceBytes, scope: scopeOf(sourceBytes), label: lookupPolicy(sourceBytes).label };
  return { bytes, scope: scopeOf(bytes), precedence, label, source };
}

/** Negative: `a` goes first; positive: `b` goes first; 0: no rule decides (rule 10 keeps the input order). */
function compare(a: Attributes, b: Attributes): number {
  // Rule 1: avoid unusable destinations.
  if (a.source === null || b.source === null) {
    return a.source === b.source ? compareDestinationOnly(a, b) : a.source === null ? 1 : -1;
  }
  // Rule 2: prefer matching scope.
  const aScopeMatches = a.scope === a.source.scope;
  if (aScopeMatches !== (b.scope === b.source.scope)) return aScopeMatches ? -1 : 1;
  // Rule 5: prefer matching label.
  const aLabelMatches = a.label === a.source.label;
  if (aLabelMatches !== (b.label === b.source.label)) return aLabelMatches ? -1 : 1;
  const byDestination = compareDestinationOnly(a, b);
  if (byDestination !== 0) return byDestination;
  // Rule 9: longest matching prefix, native IPv6 only.
  if (!isIPv4Mapped(a.bytes) && !isIPv4Mapped(b.bytes) && !isIPv4Mapped(a.source.bytes) && !isIPv4Mapped(b.source.bytes)) {
    const aCommon = Math.min(commonPrefixLength(a.bytes, a.source.bytes), RULE_9_MAX_PREFIX_BITS);
    const bCommon = Math.min(commonPrefixLength(b.bytes, b.source.bytes), RULE_9_MAX_PREFIX_BITS);
    return bCommon - aCommon;
  }
  return 0;
}

/** Rules 6 and 8: they look at the destinations alone, so they still order two unusable ones. */
function compareDestinationOnly(a: Attributes, b: Attributes): number {
  // Rule 6: prefer higher precedence.
  if (a.precedence !== b.precedence) return b.precedence - a.precedence;
  // Rule 8: prefer smaller scope.
  return a.scope - b.scope;
}

/** RFC 6724 §3.1 scope; IPv4 is looked up as `::ffff:a.b.c.d`, and ULA and private IPv4 are global. */
function scopeOf(bytes: Uint8Array): number {
  const first = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  if (isIPv4Mapped(bytes)) {
    const octet1 = bytes[12] ?? 0;
    const octet2 = bytes[13] ?? 0;
    return octet1 === 127 || (octet1 === 169 && octet2 === 254) ? SCOPE_LINK_LOCAL : SCOPE_GLOBAL;
  }
  if (first === 0xff) return second & 0x0f; // multicast: the scope is in the address
  if (commonPrefixLength(bytes, LOOPBACK) === 128) return SCOPE_LINK_LOCAL; // RFC 6724 §3.1: loopback counts as link-local
  if (first === 0xfe && (second & 0xc0) === 0x80) return SCOPE_LINK_LOCAL; // fe80::/10
  if (first === 0xfe && (second & 0xc0) === 0xc0) return SCOPE_SITE_LOCAL; // fec0::/10, deprecated
  return SCOPE_GLOBAL;
}

const LOOPBACK = bytesOf('::1');

/** The first (longest) matching entry; the last one, ::/0, matches every address. */
function lookupPolicy(bytes: Uint8Array): PolicyEntry {
  return POLICY_TABLE.find((entry) => commonPrefixLength(bytes, entry.prefix) >= entry.bits)!;
}

function bytesOf(address: string): Uint8Array {
  const bytes = toIPv6Bytes(address);
  if (bytes === null) throw new TypeError(`Expected an IP address, got ${JSON.stringify(address)}`);
  return bytes;
}

function policy(prefix: string, bits: number, precedence: number, label: number): PolicyEntry {
  return { prefix: bytesOf(prefix), bits, precedence, label };
}
