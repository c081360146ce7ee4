/*
 * NAT64 address arithmetic (RFC 6052) and prefix discovery (RFC 7050).
 *
 * An IPv6-only host reaches an IPv4 address through a NAT64 translator by writing the 32 IPv4 bits into an
 * IPv6 prefix, the Pref64::/n. RFC 6052 §2.2 allows six prefix lengths and fixes where the bits go:
 *
 *     bits   0    32    40    48    56    64    72    80    88    96   104   112   120
 *     /32    |  prefix  |     v4 (32)           | u |        suffix                  |
 *     /40    |  prefix     | v4 (24)      | u | v4 (8) |     suffix                 |
 *     /48    |  prefix        | v4 (16)   | u | v4 (16)  |      suffix             |
 *     /56    |  prefix           | v4 (8) | u | v4 (24)      |     suffix          |
 *     /64    |  prefix                    | u |  v4 (32)         |    suffix       |
 *     /96    |  prefix                                          |     v4 (32)      |
 *
 * Bits 64-71 (the "u" octet) are always zero, so the IPv4 bytes skip byte 8: the /64 trap is that the
 * address starts at bit 72, not 64. The suffix is zero when synthesising and ignored when extracting.
 *
 * RFC 7050 finds the prefix without configuration: ask AAAA for `ipv4only.arpa`, whose only real records
 * are A 192.0.0.170 and 192.0.0.171. A DNS64 answers with synthetic AAAA records; finding one of those two
 * addresses at one of the six positions of an answer gives a Pref64::/n.
 */
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { Nat64SynthesisError } from '../errors/nat64-synthesis-error.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.js';

/** RFC 6052 §2.2: the only prefix lengths an IPv4-embedded IPv6 address may have. */
export const NAT64_PREFIX_LENGTHS = [32, 40, 48, 56, 64, 96] as const;
export type Nat64PrefixLength = (typeof NAT64_PREFIX_LENGTHS)[number];

/** RFC 7050 §2: the name whose AAAA answer reveals a DNS64 and its prefix. */
export const IPV4ONLY_ARPA = 'ipv4only.arpa';
/** RFC 7050 §2.2: the Well-Known IPv4 Addresses, the only A records of `ipv4only.arpa`. */
export const IPV4ONLY_ARPA_ADDRESSES: readonly string[] = ['192.0.0.170', '192.0.0.171'];

export interface Nat64Prefix {
  /** 16 bytes: the prefix bits, zeros after them. */
  readonly bytes: Uint8Array;
  readonly length: Nat64PrefixLength;
  /** Canonical text, `64:ff9b::/96`. */
  readonly text: string;
}

/** RFC 6052 §2.2: bits 64-71 of an IPv4-embedded IPv6 address MUST be zero. */
const U_OCTET = 8;

/** RFC 6052 §2.1: the Well-Known Prefix, 64:ff9b::/96. */
export const WELL_KNOWN_NAT64_PREFIX: Nat64Prefix = makePrefix(parseIPv6('64:ff9b::') ?? new Uint8Array(16), 96);

interface RefusedRange {
  readonly base: number;
  readonly bits: number;
  readonly words: string;
}

const range = (base: string, bits: number, words: string): RefusedRange => ({ base: ipv4Number(parseIPv4(base)), bits, words });

/** HEv3-04 §8 (and RFC 8305 §7.1): never synthesised, whatever the prefix: they need no NAT64. */
const NEVER_SYNTHESISED: readonly RefusedRange[] = [
  range('0.0.0.0', 8, '"this network" (0.0.0.0/8)'),
  range('127.0.0.0', 8, 'a loopback address (127.0.0.0/8)'),
  range('169.254.0.0', 16, 'a link-local address (169.254.0.0/16)'),
  range('255.255.255.255', 32, 'the limited broadcast address (255.255.255.255)'),
];

/**
 * RFC 6052 §3.1: no non-global IPv4 under the Well-Known Prefix. The documentation ranges and 192.0.0.0/24
 * stay allowed: RFC 6052 §2.4 and RFC 7050 themselves put 192.0.2.33 and 192.0.0.170 under 64:ff9b::/96.
 */
const NOT_UNDER_WELL_KNOWN_PREFIX: readonly RefusedRange[] = [
  range('10.0.0.0', 8, 'a private address (10.0.0.0/8, RFC 1918), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('172.16.0.0', 12, 'a private address (172.16.0.0/12, RFC 1918), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('192.168.0.0', 16, 'a private address (192.168.0.0/16, RFC 1918), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('100.64.0.0', 10, 'a shared address (100.64.0.0/10, RFC 6598), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('224.0.0.0', 4, 'a multicast address (224.0.0.0/4), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
  range('240.0.0.0', 4, 'a reserved address (240.0.0.0/4), which RFC 6052 §3.1 keeps out of 64:ff9b::/96'),
];

/**
 * Reads a NAT64 prefix such as `64:ff9b::/96` or `2001:db8:122:344::/64`. Throws an `InvalidOptionError`
 * naming `option` unless the length is one RFC 6052 allows, no bit after it is set, and bits 64-71 are zero
 * (for a /96: RFC 6052 §2.2).
 *
 * @example
 * parseNat64Prefix('2001:db8:100::/40').length; // 40
 */
export function parseNat64Prefix(text: string, option = 'nat64.prefix'): Nat64Prefix {
  const fail = (why: string): InvalidOptionError => new InvalidOptionError(option, text, `a NAT64 prefix (${why})`);
  if (typeof text !== 'string') throw fail('IPv6/32, /40, /48, /56, /64 or /96');
  const slash = text.indexOf('/');
  const address = slash === -1 ? null : parseIPv6(text.slice(0, slash));
  const lengthText = slash === -1 ? '' : text.slice(slash + 1);
  if (address === null || text.includes('%') || !/^[0-9]{2}$/.test(lengthText)) throw fail('IPv6/32, /40, /48, /56, /64 or /96');
  const length = Number(lengthText);
  if (!isPrefixLength(length)) throw fail('RFC 6052 allows only /32, /40, /48, /56, /64 and /96');
  if (address.subarray(length / 8).some((byte) => byte !== 0)) throw fail(`no bits set after the first ${length}`);
  if (address[U_OCTET] !== 0) throw fail('bits 64 to 71 must be zero, RFC 6052 §2.2');
  return makePrefix(address, length);
}

/** Whether the prefix is 64:ff9b::/96 (RFC 6052 §2.1). */
export function isWellKnownPrefix(prefix: Nat64Prefix): boolean {
  return prefix.text === WELL_KNOWN_NAT64_PREFIX.text;
}

/** Why `ipv4` must not be synthesised under `prefix`, in words, or null; an `InvalidOptionError` for a non-IPv4. */
export function nat64Refusal(ipv4: string, prefix: Nat64Prefix): string | null {
  const value = ipv4Number(checkIPv4(ipv4));
  const ranges = isWellKnownPrefix(prefix) ? [...NEVER_SYNTHESISED, ...NOT_UNDER_WELL_KNOWN_PREFIX] : NEVER_SYNTHESISED;
  return ranges.find((entry) => inRange(value, entry))?.words ?? null;
}

/**
 * The IPv4-embedded IPv6 address of `ipv4` under `prefix` (RFC 6052 §2.2), canonical text. Throws a
 * `Nat64SynthesisError` for an address that must not be synthesised (see {@link nat64Refusal}).
 *
 * @example
 * synthesizeNat64('192.0.2.33', parseNat64Prefix('2001:db8:122:344::/64')); // '2001:db8:122:344:c0:2:2100:0'
 */
export function synthesizeNat64(ipv4: string, prefix: Nat64Prefix): string {
  const reason = nat64Refusal(ipv4, prefix);
  if (reason !== null) throw new Nat64SynthesisError(ipv4, prefix.text, reason);
  const embedded = checkIPv4(ipv4);
  const bytes = new Uint8Array(16);
  bytes.set(prefix.bytes.subarray(0, prefix.length / 8));
  embeddedPositions(prefix.length).forEach((position, index) => {
    bytes[position] = embedded[index] ?? 0;
  });
  return formatIPv6(bytes);
}

/**
 * The IPv4 address embedded in `ipv6` under `prefix` (RFC 6052 §2.3), or null when `ipv6` is not under that
 * prefix or its bits 64-71 are not zero. The suffix is ignored, as §2.2 asks of receivers.
 */
export function extractNat64(ipv6: string, prefix: Nat64Prefix): string | null {
  const bytes = parseIPv6(ipv6);
  if (bytes === null || bytes[U_OCTET] !== 0) return null;
  const prefixBytes = prefix.length / 8;
  for (let index = 0; index < prefixBytes; index++) if (bytes[index] !== prefix.bytes[index]) return null;
  return formatIPv4(Uint8Array.from(embeddedPositions(prefix.length), (position) => bytes[position] ?? 0));
}

/**
 * Every Pref64::/n in the AAAA answer for `ipv4only.arpa` (RFC 7050 §3: all records, all six positions),
 * once each, in answer order.
 *
 * @example
 * findNat64Prefixes(['64:ff9b::c000:aa', '64:ff9b::c000:ab']).map((prefix) => prefix.text); // ['64:ff9b::/96']
 */
export function findNat64Prefixes(addresses: readonly string[]): Nat64Prefix[] {
  const found = new Map<string, Nat64Prefix>();
  for (const address of addresses) {
    const bytes = parseIPv6(address);
    if (bytes === null || bytes[U_OCTET] !== 0) continue;
    for (const length of NAT64_PREFIX_LENGTHS) {
      const embedded = formatIPv4(Uint8Array.from(embeddedPositions(length), (position) => bytes[position] ?? 0));
      if (!IPV4ONLY_ARPA_ADDRESSES.includes(embedded)) continue;
      const prefix = makePrefix(bytes, length);
      if (!found.has(prefix.text)) found.set(prefix.text, prefix);
    }
  }
  return [...found.values()];
}

/** The byte offsets of the four IPv4 bytes under a prefix of `length` bits: after the prefix, skipping byte 8. */
function embeddedPositions(length: Nat64PrefixLength): number[] {
  const positions: number[] = [];
  for (let position = length / 8; positions.length < 4; position++) if (position !== U_OCTET) positions.push(position);
  return positions;
}

function makePrefix(address: Uint8Array, length: Nat64PrefixLength): Nat64Prefix {
  const bytes = new Uint8Array(16);
  bytes.set(address.subarray(0, length / 8));
  return { bytes, length, text: `${formatIPv6(bytes)}/${length}` };
}

function isPrefixLength(value: number): value is Nat64PrefixLength {
  return (NAT64_PREFIX_LENGTHS as readonly number[]).includes(value);
}

function checkIPv4(ipv4: string): Uint8Array {
  const bytes = parseIPv4(ipv4);
  if (bytes === null) throw new InvalidOptionError('ipv4', ipv4, 'an IPv4 address');
  return bytes;
}

function ipv4Number(bytes: Uint8Array | null): number {
  if (bytes === null) throw new Error('not an IPv4 address');
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

function inRange(value: number, entry: RefusedRange): boolean {
  const mask = entry.bits === 0 ? 0 : (0xffffffff << (32 - entry.bits)) >>> 0;
  return (value & mask) >>> 0 === entry.base;
}
