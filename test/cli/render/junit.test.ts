import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../../src/cli/render/junit.js';
import { findAll, parseXml } from '../../helpers/xml.js';
import { eachResult, eachV6Broken, raceResult } from './diagnostic-fixtures.js';
import { allRefused, blackHoleRescued, HOSTILE, hostileStrings } from './fixtures.js';

describe('escapeXml', () => {
  it.each([
    ['a < b & c > d', false, 'a &lt; b &amp; c &gt; d'],
    [`"it's"`, true, '&quot;it&apos;s&quot;'],
    ['line\nbreak\ttab', true, 'line&#10;break&#9;tab'],
    ['line\nbreak', false, 'line\nbreak'],
    ['bell\u0007 esc\u001b nul\u0000 ok', false, 'bell esc nul ok'],
    ['lone \ud800 surrogate, \ufffe', false, 'lone  surrogate, '],
  ])('%j (attribute: %s)', (text, isAttribute, expected) => {
    expect(escapeXml(text, isAttribute)).toBe(expected);
  });
});

describe('renderJunit', () => {
  it('a suite per target, a case per check, failures with their reason', () => {
    const results = [raceResult(blackHoleRescued(), { require: 'ipv6', maxTime: 500 }), raceResult(allRefused(), { require: 'ipv6', maxTime: 500 })];
    const root = parseXml(renderJunit(results));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ name: 'eyeball', tests: '6', failures: '4', errors: '0' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((suite) => [suite.attributes['name'], suite.attributes['tests'], suite.attributes['failures']])).toEqual([
      ['demo.eyeball.test:40123', '3', '1'],
      [`${allRefused().target.host}:${allRefused().target.port}`, '3', '3'],
    ]);
    const [rescued, refused] = suites;
    expect(rescued?.children.map((test) => [test.attributes['name'], test.children.map((child) => child.name)])).toEqual([
      ['connect', []],
      ['IPv6', ['failure']],
      ['max time 500 ms', []],
    ]);
    const failure = findAll(rescued!, 'failure')[0];
    expect(failure?.attributes['type']).toBe('family');
    expect(failure?.attributes['message']).toBe(
      'IPv6 required, but the race was won over IPv4 (127.0.0.1); IPv6: ::1 was still connecting when the other attempt won',
    );
    expect(failure?.text).toBe(failure?.attributes['message']);
    expect(findAll(refused!, 'failure').map((element) => element.attributes['type'])).toEqual(['connect', 'family', 'max-time']);
    // JUnit times are seconds.
    expect(rescued?.attributes['time']).toBe('0.253');
  });

  it('--each: the per-family cases say how many addresses were reachable', () => {
    const root = parseXml(renderJunit([eachResult(eachV6Broken(), { require: 'both', maxTime: null })]));
    const cases = findAll(root, 'testcase');
    expect(cases.map((test) => test.attributes['name'])).toEqual(['connect', 'IPv6', 'IPv4']);
    expect(findAll(cases[1]!, 'failure')[0]?.attributes['message']).toBe('IPv6: 0 of 2 addresses reachable');
    expect(findAll(cases[2]!, 'failure')).toEqual([]);
  });

  it('stays well-formed with escape sequences, quotes and control characters from the network', () => {
    const xml = renderJunit([raceResult(hostileStrings(), { require: 'ipv6', maxTime: null })]);
    const root = parseXml(xml);
    const suite = findAll(root, 'testsuite')[0];
    expect(suite?.attributes['name']).toBe('evil]0;pwned.example:443');
    const message = findAll(root, 'failure')[0]?.attributes['message'] ?? '';
    expect(message).toContain('2001:db8::66[2J[H');
    expect(xml).not.toContain(HOSTILE.host);
  });
});
