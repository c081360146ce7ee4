/*
 * RFC 6052 synthesis and extraction, and RFC 7050 discovery: every worked example of RFC 6052 §2.4 (192.0.2.33
 * under each prefix length), ipv4only.arpa under the Well-Known Prefix (RFC 7050 §3), round trips, the /64 trap
 * and the addresses that must never be synthesised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIPv6 } from '../../src/dns/ip-address.js';
import {
  extractNat64,
  findNat64Prefixes,
  isWellKnownPrefix,
  NAT64_PREFIX_LENGTHS,
  nat64Refusal,
  parseNat64Prefix,
  synthesizeNat64,
  WELL_KNOWN_NAT64_PREFIX,
} from '../../src/dns/nat64.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { Nat64SynthesisError } from '../../src/errors/nat64-synthesis-error.js';

// RFC 6052 §2.4's table of 192.0.2.33 under each prefix length (each value recomputed from §2.2's layout).
const WORKED_EXAMPLES = [
  ['2001:db8::/32', '2001:db8:c000:221::'],
  ['2001:db8:100::/40', '2001:db8:1c0:2:21::'],
  ['2001:db8:122::/48', '2001:db8:122:c000:2:2100::'],
  ['2001:db8:122:300::/56', '2001:db8:122:3c0:0:221::'],
  ['2001:db8:122:344::/64', '2001:db8:122:344:c0:2:2100:0'],
  ['2001:db8:122:344::/96', '2001:db8:122:344::c000:221'],
  ['64:ff9b::/96', '64:ff9b::c000:221'],
] as const;

describe('parseNat64Prefix', () => {
  it.each(WORKED_EXAMPLES)('reads %s', (text) => {
    const prefix = parseNat64Prefix(text);
    expect(prefix.text).toBe(text);
    expect(prefix.length).toBe(Number(text.split('/')[1]));
  });

  it('writes the prefix canonically', () => {
    expect(parseNat64Prefix('0064:FF9B:0:0::/96').text).toBe('64:ff9b::/96');
    expect(isWellKnownPrefix(parseNat64Prefix('64:FF9B::/96'))).toBe(true);
    expect(isWellKnownPrefix(parseNat64Prefix('64:ff9b::/64'))).toBe(false);
  });

  it.each([
    ['2001:db8::/33', 'RFC 6052 allows only'],
    ['2001:db8::/128', 'IPv6/32'],
    ['2001:db8::', 'IPv6/32'],
    ['2001:db8::/', 'IPv6/32'],
    ['2001:db8::/064', 'IPv6/32'],
    ['192.0.2.0/24', 'IPv6/32'],
    ['2001:db8::1/64', 'no bits set after the first 64'],
    ['2001:db8:1::/32', 'no bits set after the first 32'],
    ['2001:db8:0:0:100::/96', 'bits 64 to 71 must be zero'],
    ['fe80::%eth0/64', 'IPv6/32'],
    ['nonsense', 'IPv6/32'],
  ])('rejects %j', (text, why) => {
    expect(() => parseNat64Prefix(text, '--nat64-prefix')).toThrow(InvalidOptionError);
    expect(() => parseNat64Prefix(text, '--nat64-prefix')).toThrow(why);
    expect(() => parseNat64Prefix(text, '--nat64-prefix')).toThrow('`--nat64-prefix`');
  });
});

describe('synthesizeNat64 (RFC 6052 §2.2)', () => {
  it.each(WORKED_EXAMPLES)('192.0.2.33 under %s is %s', (prefix, expected) => {
    expect(synthesizeNat64('192.0.2.33', parseNat64Prefix(prefix))).toBe(expected);
  });

  it('puts ipv4only.arpa under the Well-Known Prefix at 64:ff9b::c000:aa and ::c000:ab', () => {
    expect(synthesizeNat64('192.0.0.170', WELL_KNOWN_NAT64_PREFIX)).toBe('64:ff9b::c000:aa');
    expect(synthesizeNat64('192.0.0.171', WELL_KNOWN_NAT64_PREFIX)).toBe('64:ff9b::c000:ab');
  });

  it('the /64 trap: the IPv4 bits start at bit 72, after the zero u-octet', () => {
    const address = synthesizeNat64('192.0.2.1', parseNat64Prefix('2001:db8:122:344::/64'));
    expect(address).toBe('2001:db8:122:344:c0:2:100:0');
    const bytes = parseIPv6(address) ?? new Uint8Array(16);
    expect(bytes[8]).toBe(0);
    expect(Array.from(bytes.subarray(9, 13))).toEqual([192, 0, 2, 1]);
  });

  it('splits the IPv4 address around the u-octet for /40, /48 and /56', () => {
    for (const [text, before] of [
      ['2001:db8:100::/40', 3],
      ['2001:db8:122::/48', 2],
      ['2001:db8:122:300::/56', 1],
    ] as const) {
      const bytes = parseIPv6(synthesizeNat64('203.0.113.9', parseNat64Prefix(text))) ?? new Uint8Array(16);
      const v4 = [203, 0, 113, 9];
      expect(Array.from(bytes.subarray(8 - before, 8))).toEqual(v4.slice(0, before));
      expect(bytes[8]).toBe(0);
      expect(Array.from(bytes.subarray(9, 9 + 4 - before))).toEqual(v4.slice(before));
      expect(Array.from(bytes.subarray(13 - before))).toEqual(new Array(3 + before).fill(0));
    }
  });

  it.each([
    ['0.0.0.1', 'this network'],
    ['0.255.255.255', 'this network'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['255.255.255.255', 'limited broadcast'],
  ])('never synthesises %s, under any prefix (HEv3-04 §8)', (ipv4, words) => {
    for (const prefix of [WELL_KNOWN_NAT64_PREFIX, parseNat64Prefix('2001:db8:122:344::/64')]) {
      expect(nat64Refusal(ipv4, prefix)).toContain(words);
      expect(() => synthesizeNat64(ipv4, prefix)).toThrow(Nat64SynthesisError);
    }
  });

  it.each(['10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '100.64.0.1', '198.18.0.1', '224.0.0.1', '240.0.0.1'])(
    'refuses non-global %s under the Well-Known Prefix only (RFC 6052 §3.1)',
    (ipv4) => {
      expect(() => synthesizeNat64(ipv4, WELL_KNOWN_NAT64_PREFIX)).toThrow(/RFC 6052 §3\.1/);
      const error = (() => {
        try {
          synthesizeNat64(ipv4, WELL_KNOWN_NAT64_PREFIX);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toMatchObject({ code: 'EYEBALL_NAT64_FORBIDDEN', address: ipv4, prefix: '64:ff9b::/96' });
      const nsp = parseNat64Prefix('2001:db8:122::/48');
      expect(nat64Refusal(ipv4, nsp)).toBeNull();
      expect(extractNat64(synthesizeNat64(ipv4, nsp), nsp)).toBe(ipv4);
    },
  );

  it.each([
    '172.15.255.255',
    '172.32.0.0',
    '11.0.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '8.8.8.8',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.1',
    '192.0.0.170',
  ])('allows global (or documentation) %s under the Well-Known Prefix', (ipv4) => {
    expect(nat64Refusal(ipv4, WELL_KNOWN_NAT64_PREFIX)).toBeNull();
  });

  it('rejects what is not an IPv4 literal', () => {
    expect(() => synthesizeNat64('2001:db8::1', WELL_KNOWN_NAT64_PREFIX)).toThrow(InvalidOptionError);
    expect(() => synthesizeNat64('192.0.2', WELL_KNOWN_NAT64_PREFIX)).toThrow(InvalidOptionError);
  });
});

describe('extractNat64 (RFC 6052 §2.3)', () => {
  it.each(WORKED_EXAMPLES)('gets 192.0.2.33 back from %s', (prefix, address) => {
    expect(extractNat64(address, parseNat64Prefix(prefix))).toBe('192.0.2.33');
  });

  it('ignores a non-zero suffix, as receivers should', () => {
    expect(extractNat64('2001:db8:c000:221:0:ffff:ffff:ffff', parseNat64Prefix('2001:db8::/32'))).toBe('192.0.2.33');
  });

  it('finds nothing outside the prefix, with a non-zero u-octet, or in a non-address', () => {
    expect(extractNat64('2001:db9:c000:221::', parseNat64Prefix('2001:db8::/32'))).toBeNull();
    expect(extractNat64('2001:db8:c000:221:100::', parseNat64Prefix('2001:db8::/32'))).toBeNull();
    expect(extractNat64('64:ff9b::1:c000:221', WELL_KNOWN_NAT64_PREFIX)).toBeNull();
    expect(extractNat64('not an address', WELL_KNOWN_NAT64_PREFIX)).toBeNull();
  });

  it('round-trips any synthesisable IPv4 address under any prefix of every allowed length (property)', () => {
    const prefixes = fc.tuple(fc.constantFrom(...NAT64_PREFIX_LENGTHS), fc.uint8Array({ minLength: 12, maxLength: 12 })).map(([length, random]) => {
      const bytes = new Uint8Array(16);
      bytes.set(random.subarray(0, length / 8));
      bytes[8] = 0;
      const groups = Array.from({ length: 8 }, (_, index) => (((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0)).toString(16));
      return parseNat64Prefix(`${groups.join(':')}/${length}`);
    });
    fc.assert(
      fc.property(prefixes, fc.ipV4(), (prefix, ipv4) => {
        fc.pre(nat64Refusal(ipv4, prefix) === null);
        const synthesised = synthesizeNat64(ipv4, prefix);
        expect(extractNat64(synthesised, prefix)).toBe(ipv4);
        expect(findNat64Prefixes([synthesizeNat64('192.0.0.170', prefix)]).map((found) => found.text)).toContain(prefix.text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('findNat64Prefixes (RFC 7050 §3)', () => {
  it('finds the Well-Known Prefix from the ipv4only.arpa answer, once for both records', () => {
    expect(findNat64Prefixes(['64:ff9b::c000:aa', '64:ff9b::c000:ab']).map((prefix) => prefix.text)).toEqual(['64:ff9b::/96']);
  });

  it.each(WORKED_EXAMPLES)('finds %s at its own position', (text) => {
    const prefix = parseNat64Prefix(text);
    const answer = [synthesizeNat64('192.0.0.171', prefix), synthesizeNat64('192.0.0.170', prefix)];
    expect(findNat64Prefixes(answer)).toEqual([prefix]);
  });

  it('lists every distinct prefix, in answer order', () => {
    const answer = ['2001:db8:122:344:c0:0:aa00:0', '64:ff9b::c000:aa', '2001:db8:122:344:c0:0:ab00:0'];
    expect(findNat64Prefixes(answer).map((prefix) => prefix.text)).toEqual(['2001:db8:122:344::/64', '64:ff9b::/96']);
  });

  it('ignores records without a well-known address, or with a non-zero u-octet, and non-addresses', () => {
    expect(findNat64Prefixes(['64:ff9b::c000:201', '2001:db8::1', 'junk', '64:ff9b::100:0:c000:aa'])).toEqual([]);
    expect(findNat64Prefixes([])).toEqual([]);
  });
});
