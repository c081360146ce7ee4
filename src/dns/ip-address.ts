/**
 * IP literals as bytes, which `node:net` cannot give and RFC 6724 sorting needs. The parsers accept what
 * `inet_pton` accepts (no leading zeros in IPv4 octets) and return `null` rather than throwing.
 */

const IPV4_BYTES = 4;
const IPV6_BYTES = 16;
const IPV6_GROUPS = 8;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

/** Parses a dotted-quad IPv4 literal (`192.0.2.1`) to 4 bytes; `null` if it is not one. */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== IPV4_BYTES) return null;
  const bytes = new Uint8Array(IPV4_BYTES);
  for (const [index, part] of parts.entries()) {
    if (!DECIMAL_OCTET.test(part) || Number(part) > 255) return null;
    bytes[index] = Number(part);
  }
  return bytes;
}

/**
 * Parses an IPv6 literal to 16 bytes; `null` if it is not one. Handles `::`, an embedded IPv4 tail
 * (`::ffff:192.0.2.1`) and a zone id (`fe80::1%eth0`), which is dropped: it names an interface, not bits.
 */
export function parseIPv6(text: string): Uint8Array | null {
  const percent = text.indexOf('%');
  if (percent === text.length - 1) return null;
  let rest = percent === -1 ? text : text.slice(0, percent);

  const bytes = new Uint8Array(IPV6_BYTES);
  let groupCount = IPV6_GROUPS;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon !== -1 && rest.includes('.', lastColon)) {
    // The last 32 bits written as a dotted quad: parse them here, then the rest has two groups fewer.
    const ipv4 = parseIPv4(rest.slice(lastColon + 1));
    if (ipv4 === null) return null;
    bytes.set(ipv4, IPV6_BYTES - IPV4_BYTES);
    groupCount -= 2;
    // Keep a trailing `::` intact (`::1.2.3.4`), otherwise drop the separator before the quad.
    rest = rest.endsWith('::', lastColon + 1) ? rest.slice(0, lastColon + 1) : rest.slice(0, lastColon);
  }

  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const isCompressed = halves.length === 2;
  // `::` stands for at least one group of zeros.
  if (isCompressed ? head.length + tail.length >= groupCount : head.length !== groupCount) return null;

  for (const [index, group] of head.entries()) writeGroup(bytes, index, group);
  for (const [index, group] of tail.entries()) writeGroup(bytes, groupCount - tail.length + index, group);
  return bytes;
}

/**
 * Any IP literal as 16 bytes; IPv4 becomes IPv4-mapped IPv6 (`::ffff:a.b.c.d`), which is how RFC 6724 §2.1
 * looks IPv4 up in its policy table. `null` if the text is neither.
 */
export function toIPv6Bytes(address: string): Uint8Array | null {
  const ipv4 = parseIPv4(address);
  if (ipv4 === null) return parseIPv6(address);
  const bytes = new Uint8Array(IPV6_BYTES);
  bytes.set([0xff, 0xff, ...ipv4], 10);
  return bytes;
}

/** True for `::ffff:0:0/96`, the IPv4-mapped range (RFC 4291 §2.5.5.2). */
export function isIPv4Mapped(bytes: Uint8Array): boolean {
  return commonPrefixLength(bytes, IPV4_MAPPED_PREFIX) >= 96;
}

/** How many leading bits two addresses of the same length share. */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) ^ (b[index] ?? 0);
    if (difference !== 0) return index * 8 + Math.clz32(difference) - 24;
  }
  return length * 8;
}

const IPV4_MAPPED_PREFIX = toIPv6Bytes('0.0.0.0') ?? new Uint8Array(IPV6_BYTES);

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!HEX_GROUP.test(group)) return null;
    groups.push(Number.parseInt(group, 16));
  }
  return groups;
}

function writeGroup(bytes: Uint8Array, index: number, group: number): void {
  bytes[index * 2] = group >> 8;
  bytes[index * 2 + 1] = group & 0xff;
}

/** 4 bytes as a dotted quad (`192.0.2.1`). */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, IPV4_BYTES), (byte) => String(byte)).join('.');
}

/**
 * 16 bytes as the canonical text of RFC 5952 §4: lowercase hex, no leading zeros, the longest run of two or
 * more zero groups (the first of equal runs) written `::`. Always hex, never a dotted-quad tail, as the
 * WHATWG URL serializer does, so `64:ff9b::c000:201` reads the same everywhere eyeball prints it.
 */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let index = 0; index < IPV6_GROUPS; index++) groups.push(((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed (RFC 5952 §4.2.2)
  for (let start = 0; start < IPV6_GROUPS; ) {
    let end = start;
    while (end < IPV6_GROUPS && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = (part: readonly number[]): string => part.map((group) => group.toString(16)).join(':');
  if (bestStart === -1) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
