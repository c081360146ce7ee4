/**
 * The human reports of the diagnostic modes, colour off: `--each`, `--compare`, the statistics of
 * `--count`, the checks, and the summary of several targets.
 */
import { describe, expect, it } from 'vitest';
import { renderChecks } from '../../../src/cli/render/checks.js';
import { renderCompare } from '../../../src/cli/render/compare.js';
import { renderEach } from '../../../src/cli/render/each.js';
import { renderRunLine, renderStatistics } from '../../../src/cli/render/repeat.js';
import { renderResultsHuman } from '../../../src/cli/render/results-human.js';
import { renderSummary } from '../../../src/cli/render/summary-table.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import { compareNodeFails, compareResult, eachNoAddress, eachResult, eachV6Broken, raceResult, repeatResult } from './diagnostic-fixtures.js';
import { allRefused, blackHoleRescued, HOSTILE, hostileStrings } from './fixtures.js';

const plain = { color: false, verbose: true, width: 80 };
const theme = createTheme(false);
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;

/** The rows of a boxed table as arrays of trimmed cells (continuation lines included). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('│')
        .map((cell) => cell.trim()),
    );
}

describe('renderEach', () => {
  it('a row per address, IPv6 first, and the verdict per family', () => {
    const text = renderEach(eachV6Broken(), plain);
    expect(text).toContain('Addresses (each probed on its own, at the same time, with a timeout of 2 s)');
    const addresses = text.slice(text.indexOf('Addresses'));
    expect(tableRows(addresses)).toEqual([
      ['address', 'family', 'outcome', 'connect time'],
      ['2001:db8::1', 'IPv6', 'no answer, timed out after 2 s', ''],
      ['', '', '(EYEBALL_TIMEOUT)', ''],
      ['2001:db8::2', 'IPv6', 'refused (ECONNREFUSED) after 0.6 ms', ''],
      ['192.0.2.1', 'IPv4', 'connected', '12.5 ms'],
    ]);
    expect(text.endsWith('Verdict\nIPv6: 0 of 2 addresses reachable\nIPv4: 1 of 1 address reachable')).toBe(true);
  });

  it('no address: the DNS reasons, per family', () => {
    const text = renderEach(eachNoAddress(), plain);
    expect(text).toContain('No address to probe.');
    expect(text.endsWith('IPv6: no address (the server failed (SERVFAIL, ESERVFAIL))\nIPv4: no address (no A records)')).toBe(true);
  });

  it('cleans what came from the network', () => {
    const report = eachV6Broken();
    const hostile = {
      ...report,
      target: { ...report.target, host: HOSTILE.host },
      probes: report.probes.map((probe) => ({ ...probe, address: HOSTILE.address })),
    };
    expect(renderEach(hostile, plain)).not.toMatch(CONTROL);
  });
});

describe('renderCompare', () => {
  const text = renderCompare(compareNodeFails(), plain);

  it('the three side by side', () => {
    const table = text.slice(text.indexOf('Side by side'), text.indexOf('eyeball: the RFC 8305 race'));
    expect(tableRows(table)).toEqual([
      ['strategy', 'outcome', 'time', 'winner', 'attempts'],
      ['eyeball', 'connected', '51.9 ms', '192.0.2.10 (IPv4)', '2'],
      ['Node net.connect', 'failed', '252.3 ms', 'none', '2'],
      ['', '(ETIMEDOUT)', '', '', ''],
      ['sequential', 'overall timeout', '10 s', 'none', '1'],
    ]);
  });

  it("Node's steps: the kill after its attempt timeout, and its empty AggregateError", () => {
    expect(text).toContain("  251.4 ms  #0 2001:db8::10 abandoned after 250.1 ms (Node's attempt timeout)");
    expect(text).toContain('    252 ms  failed: AggregateError with an empty message (errors: ETIMEDOUT, ECONNREFUSED)');
    expect(text).toContain('Node v20.20.2 net.connect({ autoSelectFamily: true }): one attempt at a time,');
  });

  it('the verdict explains what the traces show', () => {
    const verdict = text.slice(text.indexOf('Verdict')).replace(/\n {4}/gu, ' ');
    expect(verdict).toContain('- Only eyeball connected (in 51.9 ms).');
    expect(verdict).toContain('- Node abandoned 2001:db8::10 after 250 ms (its autoSelectFamilyAttemptTimeout)');
    expect(verdict).toContain('this is the "works with curl, fails in Node" case');
    expect(verdict).toContain("- Node's error is AggregateError with an empty message (errors: ETIMEDOUT, ECONNREFUSED)");
    expect(verdict).toContain('- The sequential connect waited 10 s on 2001:db8::10 (IPv6) until the overall timeout');
  });
});

describe('--count', () => {
  it('a line per run, as ping prints them', () => {
    expect(renderRunLine(blackHoleRescued(), 0, theme, false)).toBe('run 1: connected to 127.0.0.1 (IPv4) in 252.9 ms\n');
    expect(renderRunLine(allRefused(), 4, theme, true)).toMatch(/^down\.example:8443 run 5: could not connect to down\.example:8443: /u);
  });

  it('the statistics', () => {
    const result = repeatResult();
    if (result.mode !== 'repeat') throw new Error('not a series');
    expect(renderStatistics(result.target, result.statistics, 5, theme).split('\n')).toEqual([
      '--- demo.eyeball.test port 40123: 3 runs of 5 (interrupted) ---',
      '2 connected, 1 failed',
      'connect time: min 24.9 ms, median 138.9 ms, max 252.9 ms',
      'winner: IPv6 1 time, IPv4 1 time',
    ]);
  });
});

describe('renderChecks', () => {
  it('each check with its mark, its name and why', () => {
    const result = raceResult(blackHoleRescued(), { require: 'ipv6', maxTime: 500 });
    expect(renderChecks(result.verdict, theme, 100).split('\n')).toEqual([
      'Checks: 2 passed, 1 failed',
      '✓ connect          connected to 127.0.0.1 (IPv4) in 252.9 ms',
      '✗ IPv6             IPv6 required, but the race was won over IPv4 (127.0.0.1); IPv6: ::1 was still',
      '                   connecting when the other attempt won',
      '✓ max time 500 ms  connected in 252.9 ms, within the 500 ms limit',
    ]);
  });
});

describe('several targets', () => {
  const results = [
    raceResult(blackHoleRescued()),
    raceResult(allRefused()),
    eachResult(eachV6Broken()),
    compareResult(compareNodeFails()),
    repeatResult(),
  ];

  it('the summary: a row per target, the reasons of the failures, the count', () => {
    const text = renderSummary(results, theme, 120);
    const rows = tableRows(text).filter((row) => row[1] !== '');
    expect(rows).toEqual([
      ['', 'target', 'outcome', 'winner', 'family', 'time'],
      ['✓', 'demo.eyeball.test:40123', 'connected', '127.0.0.1', 'IPv4', '252.9 ms'],
      ['✗', 'down.example:8443', 'every address failed', '', '', '91.5 ms'],
      ['✓', 'dual.example:443', 'reachable: IPv6 0/2, IPv4 1/1', '192.0.2.1', 'IPv4', '12.5 ms'],
      ['✓', 'www.example.com:443', 'connected', '192.0.2.10', 'IPv4', '51.9 ms'],
      ['✗', 'demo.eyeball.test:40123', '2 of 3 runs connected', '', 'IPv6 1×, IPv4 1×', '138.9 ms'],
    ]);
    expect(text).toMatch(/\n {2}✗ down\.example:8443 connect: could not connect to down\.example:8443: /u);
    expect(text.endsWith('5 targets: 3 passed, 2 failed')).toBe(true);
  });

  it('plain races get only the table; the other modes get a section each first', () => {
    const text = renderResultsHuman(results, { ...plain, hasPolicy: false, count: 3 });
    expect(text.match(/^━━ .*$/gmu)?.map((line) => line.replace(/ ━+$/u, ''))).toEqual([
      '━━ dual.example:443',
      '━━ www.example.com:443',
      '━━ demo.eyeball.test:40123',
    ]);
    expect(text).not.toContain('Waterfall');
    expect(text.endsWith('5 targets: 3 passed, 2 failed\n')).toBe(true);
  });

  it('one target: its full report, and its checks only when a policy was given', () => {
    const one = renderResultsHuman([raceResult(blackHoleRescued(), { require: 'ipv4', maxTime: null })], { ...plain, hasPolicy: true, count: 1 });
    expect(one).toContain('Waterfall');
    expect(
      one.endsWith('Checks: 2 passed, 0 failed\n✓ connect  connected to 127.0.0.1 (IPv4) in 252.9 ms\n✓ IPv4     won over IPv4 (127.0.0.1)\n'),
    ).toBe(true);
    expect(renderResultsHuman([raceResult(blackHoleRescued())], { ...plain, hasPolicy: false, count: 1 })).not.toContain('Checks');
  });

  it('the summary cleans what came from the network', () => {
    expect(renderSummary([raceResult(hostileStrings(), { require: 'ipv6', maxTime: null })], theme, 80)).not.toMatch(CONTROL);
  });
});
