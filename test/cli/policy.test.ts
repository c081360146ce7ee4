import { describe, expect, it } from 'vitest';
import { eachChecks, raceChecks, repeatChecks, requiredFamilies, verdictOf } from '../../src/cli/policy.js';
import { eachNoAddress, eachV6Broken, NO_POLICY } from './render/diagnostic-fixtures.js';
import { allRefused, blackHoleRescued, dnsFailedBoth, interrupted, ipv6FirstTry, refusedIpv6 } from './render/fixtures.js';

/** `[name, passed, detail]` per check. */
function summary(checks: ReturnType<typeof raceChecks>): Array<[string, boolean, string]> {
  return checks.map((check) => [check.name, check.passed, check.detail]);
}

describe('requiredFamilies', () => {
  it.each([
    ['ipv6', [6]],
    ['ipv4', [4]],
    ['both', [6, 4]],
    [null, []],
  ] as const)('%s', (require, families) => {
    expect(requiredFamilies({ require, maxTime: null })).toEqual(families);
  });
});

describe('raceChecks', () => {
  it('without a policy: only whether it connected, and to what', () => {
    expect(summary(raceChecks(blackHoleRescued(), NO_POLICY))).toEqual([['connect', true, 'connected to 127.0.0.1 (IPv4) in 252.9 ms']]);
  });

  it('--require ipv6 fails when IPv4 won, and says what became of IPv6', () => {
    expect(summary(raceChecks(refusedIpv6(), { require: 'ipv6', maxTime: null }))).toEqual([
      ['connect', true, 'connected to 192.0.2.10 (IPv4) in 51.9 ms'],
      ['IPv6', false, 'IPv6 required, but the race was won over IPv4 (192.0.2.10); IPv6: 2001:db8::10 refused (ECONNREFUSED)'],
    ]);
  });

  it('--require ipv6 passes when IPv6 won; --require ipv4 then fails', () => {
    const report = ipv6FirstTry();
    const winner = report.outcome.ok ? report.outcome.winner.address : '';
    expect(summary(raceChecks(report, { require: 'ipv6', maxTime: null }))[1]).toEqual(['IPv6', true, `won over IPv6 (${winner})`]);
    expect(raceChecks(report, { require: 'ipv4', maxTime: null })[1]?.passed).toBe(false);
  });

  it('--require names a family that had no address, with the DNS reason', () => {
    const [, family] = raceChecks(dnsFailedBoth(), { require: 'ipv4', maxTime: null });
    expect(family?.passed).toBe(false);
    expect(family?.detail).toMatch(/^IPv4 required, but no connection was made; IPv4: no IPv4 address was tried \(A: /u);
  });

  it.each([
    [300, true, 'connected in 252.9 ms, within the 300 ms limit'],
    [252.874, true, 'connected in 252.9 ms, within the 252.9 ms limit'],
    [200, false, 'connected in 252.9 ms, over the 200 ms limit'],
  ])('--max-time %d', (maxTime, passed, detail) => {
    expect(summary(raceChecks(blackHoleRescued(), { require: null, maxTime }))[1]).toEqual([
      `max time ${maxTime === 252.874 ? '252.9' : maxTime} ms`,
      passed,
      detail,
    ]);
  });

  it('--max-time fails when nothing connected', () => {
    expect(raceChecks(allRefused(), { require: null, maxTime: 1000 })[1]).toMatchObject({
      passed: false,
      detail: 'no connection was made (limit 1 s)',
    });
  });
});

describe('eachChecks', () => {
  it('passes with one reachable address; the family counts go into the details', () => {
    expect(summary(eachChecks(eachV6Broken(), { require: 'both', maxTime: null }))).toEqual([
      ['connect', true, '1 of 3 addresses reachable'],
      ['IPv6', false, 'IPv6: 0 of 2 addresses reachable'],
      ['IPv4', true, 'IPv4: 1 of 1 address reachable'],
    ]);
  });

  it('--max-time makes a slower address unreachable', () => {
    expect(summary(eachChecks(eachV6Broken(), { require: 'ipv4', maxTime: 10 }))).toEqual([
      ['connect', false, '0 of 3 addresses reachable within 10 ms'],
      ['IPv4', false, 'IPv4: 0 of 1 address reachable within 10 ms'],
    ]);
  });

  it('no address at all: the DNS reasons', () => {
    expect(summary(eachChecks(eachNoAddress(), { require: 'ipv6', maxTime: null }))).toEqual([
      ['connect', false, 'no address to probe (AAAA: the server failed (SERVFAIL, ESERVFAIL); no A records)'],
      ['IPv6', false, 'IPv6: no address (AAAA: the server failed (SERVFAIL, ESERVFAIL))'],
    ]);
  });
});

describe('repeatChecks', () => {
  const runs = [blackHoleRescued(), ipv6FirstTry(), allRefused()];

  it('every run must connect, be won by the family, be in time', () => {
    expect(summary(repeatChecks(runs, { require: 'ipv4', maxTime: 300 }))).toEqual([
      ['connect', false, '2 of 3 runs connected'],
      ['IPv4', false, 'IPv4 won 1 of 3 runs'],
      ['max time 300 ms', false, expect.stringMatching(/^2 of 3 runs connected within 300 ms \(slowest 252\.9 ms\)$/u)],
    ]);
  });

  it('an interrupted run is not counted', () => {
    expect(summary(repeatChecks([blackHoleRescued(), interrupted()], NO_POLICY))).toEqual([['connect', true, '1 of 1 run connected']]);
  });
});

describe('verdictOf', () => {
  it('passes only when every check passed and nothing was interrupted', () => {
    const checks = raceChecks(blackHoleRescued(), NO_POLICY);
    expect(verdictOf(checks, false).passed).toBe(true);
    expect(verdictOf(checks, true)).toMatchObject({ passed: false, interrupted: true });
    expect(verdictOf(raceChecks(blackHoleRescued(), { require: 'ipv6', maxTime: null }), false).passed).toBe(false);
  });
});
