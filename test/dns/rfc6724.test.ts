import { describe, expect, it } from 'vitest';
import { type SortCandidate, sortDestinations } from '../../src/dns/rfc6724.js';

/** `[destination, source]` pairs in input order; the family follows from the literal. */
type Pair = readonly [string, string | null];

function candidates(pairs: readonly Pair[]): SortCandidate[] {
  return pairs.map(([address, source]) => ({ address, family: address.includes(':') ? 6 : 4, source }));
}

function sorted(pairs: readonly Pair[]): string[] {
  return sortDestinations(candidates(pairs)).map((candidate) => candidate.address);
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('sortDestinations input', () => {
  it('rejects what is not an IP literal', () => {
    expect(() => sortDestinations([{ address: '192.0.2.1', family: 4, source: 'banana' }])).toThrow(/"banana"/);
  });
});

describe('sortDestinations, one rule at a time (examples from RFC 6724 §10.2 where it has them)', () => {
  it.each<[string, Pair[], string[]]>([
    [
      'rule 1: no source goes last',
      [
        ['2001:db8::1', null],
        ['192.0.2.1', '192.0.2.2'],
      ],
      ['192.0.2.1', '2001:db8::1'],
    ],
    [
      'rule 2: matching scope beats smaller scope (rule 8)',
      [
        ['fe80::1', '2001:db8::2'],
        ['2001:db8::1', '2001:db8::2'],
      ],
      ['2001:db8::1', 'fe80::1'],
    ],
    [
      'RFC example: a global IPv6 source beats a link-local IPv4 source',
      [
        ['198.51.100.121', '169.254.13.78'],
        ['2001:db8:1::1', '2001:db8:1::2'],
      ],
      ['2001:db8:1::1', '198.51.100.121'],
    ],
    [
      'rule 2: a link-local source for a global IPv6 destination loses to matching IPv4',
      [
        ['2001:db8:1::1', 'fe80::1'],
        ['198.51.100.121', '198.51.100.117'],
      ],
      ['198.51.100.121', '2001:db8:1::1'],
    ],
    [
      'rule 5: matching label (6to4 source) beats higher precedence',
      [
        ['2001:db8:1::1', '2002:c633:6401::2'],
        ['2002:c633:6401::1', '2002:c633:6401::2'],
      ],
      ['2002:c633:6401::1', '2001:db8:1::1'],
    ],
    [
      'rule 6: higher precedence when both labels match',
      [
        ['2002:c633:6401::1', '2002:c633:6401::2'],
        ['2001:db8:1::1', '2001:db8:1::2'],
      ],
      ['2001:db8:1::1', '2002:c633:6401::1'],
    ],
    [
      'rule 6: native IPv6 before private IPv4',
      [
        ['10.1.2.3', '10.1.2.4'],
        ['2001:db8:1::1', '2001:db8:1::2'],
      ],
      ['2001:db8:1::1', '10.1.2.3'],
    ],
    [
      'rule 8: smaller scope',
      [
        ['2001:db8:1::1', '2001:db8:1::2'],
        ['fe80::1', 'fe80::2'],
      ],
      ['fe80::1', '2001:db8:1::1'],
    ],
    [
      'rule 9: longer prefix shared with the source',
      [
        ['2001:db8:2::1', '2001:db8:1::2'],
        ['2001:db8:1::1', '2001:db8:1::2'],
      ],
      ['2001:db8:1::1', '2001:db8:2::1'],
    ],
    [
      'rule 9 stops at 64 bits: past them the input order stands',
      [
        ['2001:db8:1:1::9', '2001:db8:1:1::3'],
        ['2001:db8:1:1::2', '2001:db8:1:1::3'],
      ],
      ['2001:db8:1:1::9', '2001:db8:1:1::2'],
    ],
    [
      'rule 9 is IPv6 only: IPv4 keeps the DNS order (round-robin)',
      [
        ['198.51.100.1', '192.0.2.2'],
        ['192.0.2.1', '192.0.2.2'],
      ],
      ['198.51.100.1', '192.0.2.1'],
    ],
    [
      'rule 10: ties keep the input order',
      [
        ['2001:db8::b', '2001:db8::2'],
        ['2001:db8::a', '2001:db8::2'],
        ['2001:db8::c', '2001:db8::2'],
      ],
      ['2001:db8::b', '2001:db8::a', '2001:db8::c'],
    ],
    [
      'two unusable destinations still go by precedence',
      [
        ['192.0.2.1', null],
        ['2001:db8::1', null],
        ['198.51.100.1', '198.51.100.2'],
      ],
      ['198.51.100.1', '2001:db8::1', '192.0.2.1'],
    ],
  ])('%s', (_label, pairs, expected) => {
    expect(sorted(pairs)).toEqual(expected);
  });
});

describe('sortDestinations, whole scenarios', () => {
  it('T15: on a ULA-only IPv6 host, IPv4 goes first and global IPv6 last (rule 5)', () => {
    const pairs: Pair[] = [
      ['192.0.2.1', '10.0.0.5'],
      ['2001:db8::1', 'fd00::100'],
      ['fd00::1', 'fd00::100'],
    ];
    for (const input of permutations(pairs)) {
      expect(sorted(input)).toEqual(['192.0.2.1', 'fd00::1', '2001:db8::1']);
    }
  });

  it('T15: the same answers on a host with a global IPv6 source put global IPv6 first', () => {
    const pairs: Pair[] = [
      ['192.0.2.1', '10.0.0.5'],
      ['2001:db8::1', '2001:db8::100'],
      ['fd00::1', 'fd00::100'],
    ];
    for (const input of permutations(pairs)) {
      expect(sorted(input)).toEqual(['2001:db8::1', '192.0.2.1', 'fd00::1']);
    }
  });

  it('loopback: ::1 before 127.0.0.1', () => {
    expect(
      sorted([
        ['127.0.0.1', '127.0.0.1'],
        ['::1', '::1'],
      ]),
    ).toEqual(['::1', '127.0.0.1']);
  });

  it('native IPv6 > IPv4 > 6to4 > Teredo, each with a source of its own kind', () => {
    const pairs: Pair[] = [
      ['2001:0:4136:e378::1', '2001:0:4136:e378::2'],
      ['2002:c000:201::1', '2002:c000:202::1'],
      ['192.0.2.1', '192.0.2.2'],
      ['2001:db8::1', '2001:db8::2'],
    ];
    expect(sorted(pairs)).toEqual(['2001:db8::1', '192.0.2.1', '2002:c000:201::1', '2001:0:4136:e378::1']);
  });

  it('returns a new array, leaves the input alone and keeps the candidate objects', () => {
    const input = candidates([
      ['192.0.2.1', '192.0.2.2'],
      ['2001:db8::1', '2001:db8::2'],
    ]);
    const before = [...input];
    const output = sortDestinations(input);
    expect(input).toEqual(before);
    expect(output).not.toBe(input);
    expect(output[0]).toBe(input[1]);
    expect(sortDestinations([])).toEqual([]);
  });

  it('carries extra fields through (generic candidates)', () => {
    const output = sortDestinations([
      { address: '192.0.2.1', family: 4, source: '192.0.2.2', tag: 'v4' },
      { address: '::1', family: 6, source: '::1', tag: 'loop' },
    ]);
    expect(output.map((candidate) => candidate.tag)).toEqual(['loop', 'v4']);
  });
});
