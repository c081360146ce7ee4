import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPrefixLength, formatIPv4, formatIPv6, isIPv4Mapped, parseIPv4, parseIPv6, toIPv6Bytes } from '../../src/dns/ip-address.js';

/** Bytes as 8 uncompressed hex groups, a form the WHATWG URL parser can canonicalise independently. */
function groups(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  const out: string[] = [];
  for (let index = 0; index < 16; index += 2) out.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  return out.join(':');
}

/** The WHATWG URL parser's canonical text of an IPv6 literal: an oracle that shares no code with ours. */
function canonical(address: string): string {
  return new URL(`http://[${address}]/`).hostname;
}

describe('parseIPv4', () => {
  it.each([
    ['192.0.2.1', [192, 0, 2, 1]],
    ['0.0.0.0', [0, 0, 0, 0]],
    ['255.255.255.255', [255, 255, 255, 255]],
  ])('%s', (text, bytes) => {
    expect(Array.from(parseIPv4(text) ?? [])).toEqual(bytes);
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1.2.3.4 ', '', 'a.b.c.d', '1..2.3', '0x1.2.3.4'])(
    'rejects %j, as net.isIP does',
    (text) => {
      expect(parseIPv4(text)).toBeNull();
      expect(isIP(text)).toBe(0);
    },
  );
});

describe('parseIPv6', () => {
  it.each([
    ['::', '0:0:0:0:0:0:0:0'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['1::', '1:0:0:0:0:0:0:0'],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['::ffff:192.0.2.1', '0:0:0:0:0:ffff:c000:201'],
    ['::192.0.2.1', '0:0:0:0:0:0:c000:201'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0:0:0:c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
    ['fe80::1%1', 'fe80:0:0:0:0:0:0:1'],
  ])('%s', (text, expected) => {
    expect(groups(parseIPv6(text))).toBe(expected);
  });

  it.each([
    '',
    ':',
    ':::',
    '1::2::3',
    ':1::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::1',
    '1.2.3.4',
    '::1.2.3',
    '::01.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1:2:3:4:5:6::1.2.3.4',
    '::1.2.3.4:5',
    'fe80::1%',
    '%eth0',
    '[::1]',
  ])('rejects %j, as net.isIP does', (text) => {
    expect(parseIPv6(text)).toBeNull();
    expect(isIP(text)).not.toBe(6);
  });

  it('agrees with the WHATWG URL parser on any generated IPv6 literal (property)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        expect(canonical(groups(parseIPv6(address)) ?? 'unparsed')).toBe(canonical(address));
      }),
      { numRuns: 500 },
    );
  });
});

describe('toIPv6Bytes', () => {
  it('maps IPv4 to ::ffff:a.b.c.d (RFC 6724 §2.1 looks IPv4 up that way)', () => {
    expect(groups(toIPv6Bytes('192.0.2.1'))).toBe('0:0:0:0:0:ffff:c000:201');
    expect(isIPv4Mapped(toIPv6Bytes('192.0.2.1') ?? new Uint8Array(16))).toBe(true);
  });

  it('keeps IPv6 as it is and rejects non-literals', () => {
    expect(groups(toIPv6Bytes('2001:db8::1'))).toBe('2001:db8:0:0:0:0:0:1');
    expect(isIPv4Mapped(toIPv6Bytes('2001:db8::1') ?? new Uint8Array(16))).toBe(false);
    expect(toIPv6Bytes('example.com')).toBeNull();
  });
});

describe('commonPrefixLength', () => {
  const bytes = (address: string): Uint8Array => toIPv6Bytes(address) ?? new Uint8Array(16);

  it.each([
    ['2001:db8::1', '2001:db8::1', 128],
    ['2001:db8::1', '2001:db8::', 127],
    ['2001:db8::1', '2001:db9::1', 31],
    ['8000::', '::', 0],
    ['fd00::1', 'fd00::2', 126],
    ['fd00:0:0:0:1::', 'fd00::', 79],
  ])('%s ~ %s: %i bits', (a, b, expected) => {
    expect(commonPrefixLength(bytes(a), bytes(b))).toBe(expected);
  });
});

describe('formatIPv6 (RFC 5952 §4)', () => {
  it.each([
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:122:344:c0:2:2100:0', '2001:db8:122:344:c0:2:2100:0'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('%s is written %s', (text, expected) => {
    expect(formatIPv6(parseIPv6(text) ?? new Uint8Array(16))).toBe(expected);
  });

  it('writes what the WHATWG URL serializer writes, for any address (property)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        expect(formatIPv6(parseIPv6(address) ?? new Uint8Array(16))).toBe(canonical(address).slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });

  it('formats IPv4 bytes as a dotted quad that parses back', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(formatIPv4(parseIPv4(address) ?? new Uint8Array(4))).toBe(address);
      }),
      { numRuns: 200 },
    );
  });
});
