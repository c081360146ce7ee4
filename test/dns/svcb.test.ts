/*
 * The SVCB/HTTPS RDATA codec against RFC 9460 Appendix D's wire-format test vectors, the malformed cases of
 * §2.2 and §8, and encode/decode round trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSvcb, encodeSvcb, type SvcbRecord, svcParamKeyName } from '../../src/dns/svcb.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { SvcbFormatError } from '../../src/errors/svcb-format-error.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/[^0-9a-f]/gi, ''), 'hex');
const FOO_EXAMPLE_COM = '03 666f6f 07 6578616d706c65 03 636f6d 00';
const FOO_EXAMPLE_ORG = '03 666f6f 07 6578616d706c65 03 6f7267 00';

// RFC 9460 Appendix D: presentation form, then the wire form the RFC gives for it.
const VECTORS: Array<[title: string, record: SvcbRecord, wire: string]> = [
  ['D.1 AliasMode: 0 foo.example.com.', { priority: 0, target: 'foo.example.com', params: {} }, `0000 ${FOO_EXAMPLE_COM}`],
  ['D.2 1 . (the owner name)', { priority: 1, target: '.', params: {} }, '0001 00'],
  ['D.2 16 foo.example.com. port=53', { priority: 16, target: 'foo.example.com', params: { port: 53 } }, `0010 ${FOO_EXAMPLE_COM} 0003 0002 0035`],
  [
    'D.2 1 foo.example.com. key667=hello',
    { priority: 1, target: 'foo.example.com', params: { unknown: [{ key: 667, value: Buffer.from('hello') }] } },
    `0001 ${FOO_EXAMPLE_COM} 029b 0005 68656c6c6f`,
  ],
  [
    'D.2 1 foo.example.com. key667="hello\\210qoo"',
    { priority: 1, target: 'foo.example.com', params: { unknown: [{ key: 667, value: hex('68656c6c6f d2 716f6f') }] } },
    `0001 ${FOO_EXAMPLE_COM} 029b 0009 68656c6c6f d2716f6f`,
  ],
  [
    'D.2 ipv6hint="2001:db8::1,2001:db8::53:1"',
    { priority: 1, target: 'foo.example.com', params: { ipv6hint: ['2001:db8::1', '2001:db8::53:1'] } },
    `0001 ${FOO_EXAMPLE_COM} 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001`,
  ],
  [
    'D.2 ipv6hint="2001:db8:122:344::192.0.2.33"',
    { priority: 1, target: 'example.com', params: { ipv6hint: ['2001:db8:122:344::c000:221'] } },
    '0001 07 6578616d706c65 03 636f6d 00 0006 0010 20010db80122034400000000c0000221',
  ],
  [
    'D.2 16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1',
    { priority: 16, target: 'foo.example.org', params: { mandatory: [1, 4], alpn: ['h2', 'h3-19'], ipv4hint: ['192.0.2.1'] } },
    `0010 ${FOO_EXAMPLE_ORG} 0000 0004 0001 0004 0001 0009 02 6832 05 68332d3139 0004 0004 c0000201`,
  ],
  [
    'D.2 alpn="f\\\\oo\\,bar,h2" (commas and backslashes inside an id)',
    { priority: 16, target: 'foo.example.org', params: { alpn: ['f\\oo,bar', 'h2'] } },
    `0010 ${FOO_EXAMPLE_ORG} 0001 000c 08 665c6f6f2c626172 02 6832`,
  ],
];

describe('RFC 9460 Appendix D test vectors', () => {
  it.each(VECTORS)('%s: encodes to the RFC bytes and decodes back', (_title, record, wire) => {
    expect(encodeSvcb(record).toString('hex')).toBe(hex(wire).toString('hex'));
    const decoded = decodeSvcb(hex(wire));
    expect(decoded.priority).toBe(record.priority);
    expect(decoded.target).toBe(record.target);
    expect({
      ...decoded.params,
      unknown: decoded.params.unknown?.map(({ key, value }) => ({ key, value: Buffer.from(value).toString('hex') })),
    }).toEqual({
      ...record.params,
      unknown: record.params.unknown?.map(({ key, value }) => ({ key, value: Buffer.from(value).toString('hex') })),
    });
  });
});

describe('decodeSvcb', () => {
  it('reads every known key: no-default-alpn, ech and the hints', () => {
    const written = {
      priority: 2,
      target: 'svc.example',
      params: {
        alpn: ['h3'],
        noDefaultAlpn: true,
        port: 8443,
        ipv4hint: ['192.0.2.1', '192.0.2.2'],
        ech: Uint8Array.of(0, 3, 1, 2, 3),
        ipv6hint: ['2001:db8::1'],
      },
    };
    expect(decodeSvcb(encodeSvcb(written))).toEqual(written);
  });

  it('ignores the parameters of an AliasMode record (§2.4.2), even malformed ones', () => {
    expect(decodeSvcb(hex(`0000 ${FOO_EXAMPLE_COM} 0003 0002 0035`))).toEqual({ priority: 0, target: 'foo.example.com', params: {} });
    expect(decodeSvcb(hex(`0000 ${FOO_EXAMPLE_COM} 0003 00`))).toEqual({ priority: 0, target: 'foo.example.com', params: {} });
  });

  it('escapes odd octets of a TargetName label as \\DDD', () => {
    expect(decodeSvcb(hex('0001 03 612e62 01 0a 00')).target).toBe('a\\046b.\\010');
  });

  it.each([
    ['empty RDATA', '', 'ends inside SvcPriority'],
    ['a cut priority', '00', 'ends inside SvcPriority'],
    ['no TargetName', '0001', 'ends inside TargetName'],
    ['a TargetName without its root label', '0001 03 666f6f', 'ends inside TargetName'],
    ['a compressed TargetName', '0001 c00c', 'compressed'],
    ['a cut key', '0001 00 00', 'ends inside SvcParamKey'],
    ['a cut length', '0001 00 0003 00', 'ends inside the length of port'],
    ['a value past the end', '0001 00 0003 0004 0035', 'ends inside the value of port'],
    ['decreasing keys', '0001 00 0003 0002 0035 0001 0003 026832', 'strictly increasing'],
    ['a repeated key', '0001 00 0003 0002 0035 0003 0002 0036', 'strictly increasing'],
    ['a port of 3 octets', '0001 00 0003 0003 003500', 'port must be 2 octets'],
    ['an empty alpn', '0001 00 0001 0000', 'alpn must not be empty'],
    ['an empty alpn id', '0001 00 0001 0003 00 0168', 'empty protocol id'],
    ['an alpn id past its value', '0001 00 0001 0002 0568', 'ends inside alpn'],
    ['a value for no-default-alpn', '0001 00 0002 0001 00', 'no-default-alpn must have an empty value'],
    ['an empty ipv4hint', '0001 00 0004 0000', 'ipv4hint must be one or more 4-octet'],
    ['a 5-octet ipv4hint', '0001 00 0004 0005 c000020101', 'ipv4hint must be one or more 4-octet'],
    ['a 4-octet ipv6hint', '0001 00 0006 0004 c0000201', 'ipv6hint must be one or more 16-octet'],
    ['an empty ech', '0001 00 0005 0000', 'ech must not be empty'],
    ['the invalid key 65535', '0001 00 ffff 0000', 'invalid key'],
    ['mandatory listing itself', '0001 00 0000 0002 0000', 'without mandatory itself'],
    ['mandatory out of order', '0001 00 0000 0004 0003 0001 0001 0003 026832 0003 0002 0035', 'strictly increasing'],
    ['mandatory of odd length', '0001 00 0000 0003 000100', 'non-empty list of 2-octet keys'],
    ['mandatory naming an absent key', '0001 00 0000 0002 0003 0001 0003 026832', 'mandatory lists port, which the record lacks'],
  ])('rejects %s', (_title, wire, why) => {
    expect(() => decodeSvcb(hex(wire))).toThrow(SvcbFormatError);
    expect(() => decodeSvcb(hex(wire))).toThrow(why);
  });

  it('rejects a TargetName over 255 octets', () => {
    const label = `3f${'61'.repeat(63)}`;
    expect(() => decodeSvcb(hex(`0001 ${label.repeat(4)} 00`))).toThrow('longer than 255');
    expect(decodeSvcb(hex(`0001 ${label.repeat(3)} 3d${'61'.repeat(61)} 00`)).target).toHaveLength(253);
  });

  it('never throws anything but SvcbFormatError on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeSvcb(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(SvcbFormatError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeSvcb', () => {
  it('writes keys in increasing order, whatever order they were given in', () => {
    const wire = encodeSvcb({ priority: 1, target: '.', params: { ipv4hint: ['192.0.2.1'], alpn: ['h2'], port: 443 } });
    expect(wire.toString('hex')).toBe(hex('0001 00 0001 0003 026832 0003 0002 01bb 0004 0004 c0000201').toString('hex'));
  });

  it.each([
    [{ priority: 65536, target: '.', params: {} }, 'record.priority'],
    [{ priority: 1, target: 'bad name.example', params: {} }, 'record.target'],
    [{ priority: 1, target: 'a..b', params: {} }, 'record.target'],
    [{ priority: 1, target: '.', params: { alpn: [] } }, 'record.params.alpn'],
    [{ priority: 1, target: '.', params: { alpn: [''] } }, 'record.params.alpn'],
    [{ priority: 1, target: '.', params: { alpn: ['x'.repeat(256)] } }, 'record.params.alpn'],
    [{ priority: 1, target: '.', params: { port: 70000 } }, 'record.params.port'],
    [{ priority: 1, target: '.', params: { ipv4hint: ['2001:db8::1'] } }, 'record.params.ipv4hint'],
    [{ priority: 1, target: '.', params: { ipv6hint: ['192.0.2.1'] } }, 'record.params.ipv6hint'],
    [{ priority: 1, target: '.', params: { ipv6hint: [] } }, 'record.params.ipv6hint'],
    [{ priority: 1, target: '.', params: { ech: new Uint8Array(0) } }, 'record.params.ech'],
    [{ priority: 1, target: '.', params: { mandatory: [3] } }, 'record.params.mandatory'],
    [{ priority: 1, target: '.', params: { mandatory: [0] } }, 'record.params.mandatory'],
    [{ priority: 1, target: '.', params: { unknown: [{ key: 3, value: new Uint8Array(0) }] } }, 'record.params.unknown'],
    [
      {
        priority: 1,
        target: '.',
        params: {
          unknown: [
            { key: 9, value: new Uint8Array(0) },
            { key: 9, value: new Uint8Array(0) },
          ],
        },
      },
      'record.params.unknown',
    ],
  ] as Array<[SvcbRecord, string]>)('refuses %j, naming %s', (record, option) => {
    expect(() => encodeSvcb(record)).toThrow(InvalidOptionError);
    expect(() => encodeSvcb(record)).toThrow(`\`${option}\``);
  });

  it('round-trips any well-formed ServiceMode record (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    const record = fc.record({
      priority: fc.integer({ min: 1, max: 65535 }),
      target: fc.oneof(
        fc.constant('.'),
        fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
      ),
      params: fc.record(
        {
          alpn: fc.array(fc.stringMatching(/^[!-~]{1,12}$/), { minLength: 1, maxLength: 4 }),
          noDefaultAlpn: fc.constant(true),
          port: fc.integer({ min: 0, max: 65535 }),
          ipv4hint: fc.array(fc.ipV4(), { minLength: 1, maxLength: 3 }),
          ipv6hint: fc.array(fc.ipV6(), { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(record, (input) => {
        const decoded = decodeSvcb(encodeSvcb(input));
        expect(decoded.priority).toBe(input.priority);
        expect(decoded.target).toBe(input.target);
        expect(decoded.params.alpn).toEqual(input.params.alpn);
        expect(decoded.params.port).toBe(input.params.port);
        expect(decoded.params.noDefaultAlpn).toBe(input.params.noDefaultAlpn);
        expect(decoded.params.ipv4hint).toEqual(input.params.ipv4hint);
        expect(decoded.params.ipv6hint?.map((address) => new URL(`http://[${address}]`).hostname)).toEqual(
          input.params.ipv6hint?.map((address) => new URL(`http://[${address}]`).hostname),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('names keys as RFC 9460 presents them', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 667].map(svcParamKeyName)).toEqual([
      'mandatory',
      'alpn',
      'no-default-alpn',
      'port',
      'ipv4hint',
      'ech',
      'ipv6hint',
      'key667',
    ]);
  });
});
