import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/cli/render/format.js';
import { renderHuman } from '../../../src/cli/render/human.js';
import {
  aaaaNxdomain,
  allRefused,
  blackHoleRescued,
  dnsFailedBoth,
  HOSTILE,
  hostileStrings,
  interrupted,
  ipv6FirstTry,
  overallTimeout,
  refusedIpv6,
  resolutionDelayElapsed,
  resolutionDelayEndedEarly,
  resolutionDelayNoAaaa,
  SCENARIOS,
  unreachableThenAttemptTimeout,
} from './fixtures.js';

// Wide enough that no sentence or cell wraps, so each fact is on one line.
const WIDE = 220;
const plain = (report: Parameters<typeof renderHuman>[0]): string => renderHuman(report, { color: false, verbose: true, width: WIDE });

/** Every line of the verdict, after its title. */
function verdictOf(output: string): string[] {
  return output
    .slice(output.indexOf('\nVerdict\n') + '\nVerdict\n'.length)
    .trimEnd()
    .split('\n');
}

describe('renderHuman: what it says', () => {
  it('IPv6 black hole rescued by IPv4 (the demo)', () => {
    const output = plain(blackHoleRescued());
    expect(output).toContain('eyeball demo.eyeball.test port 40123 · started 18:30:00.123 UTC · DNS server 127.0.0.1:53535 · no overall timeout\n');
    expect(output).toContain('resolver  dns (asks DNS servers directly), server 127.0.0.1:53535\n');
    expect(output).toContain(
      'settings  attempt delay 250 ms, resolution delay 50 ms, first address family count 1, overall timeout none, ' +
        'attempt timeout none (the OS decides), IPv6 and IPv4, local address any\n',
    );
    expect(output).toContain('│ AAAA │ 0.4 ms   │ 1.9 ms   │ 1.5 ms │ ::1       │ 60 s │');
    expect(output).toContain('│ #0 IPv6 │ ::1       │ 2.1 ms   │ 250.8 ms │ started: first                                  │');
    expect(output).toContain('│ no answer within 250.1 ms, next attempt started │');
    expect(output).toContain('│ cancelled: another attempt won                  │');
    expect(output).toContain('│ #1 IPv4 │ 127.0.0.1 │ 252.2 ms │ 0.6 ms   │ started: 250.1 ms after #0 ');
    expect(verdictOf(output)).toEqual([
      'Connected to 127.0.0.1 (IPv4, #1) at 252.9 ms; its attempt took 0.6 ms.',
      '  - IPv6 (::1, #0) never answered; eyeball started IPv4 (#1) 250.1 ms later.',
      '  - Without Happy Eyeballs: a wait for the OS timeout (about 2 min on Linux).',
    ]);
  });

  it('refused IPv6: the next attempt starts at once; the target as resolved, no TTL column with the system resolver', () => {
    const output = plain(refusedIpv6());
    expect(output).toContain('eyeball www.example.com port 443 · started 18:30:00.123 UTC · no overall timeout\n');
    expect(output).not.toContain('https://www.example.com/');
    expect(output).toContain('resolver  system (the OS resolver, one lookup per family; no TTLs)\n');
    expect(output).toContain('│ result       │\n');
    expect(output).toContain('│ 2001:db8::10 │\n');
    expect(output).not.toContain('│ TTL');
    expect(output).toContain('│ refused (ECONNREFUSED) │');
    expect(output).toContain('│ started: #0 failed     │');
    expect(verdictOf(output)).toEqual([
      'Connected to 192.0.2.10 (IPv4, #1) at 51.9 ms; its attempt took 20.7 ms.',
      '  - IPv6 (2001:db8::10, #0) failed after 19.6 ms: refused (ECONNREFUSED); the next attempt started at once.',
    ]);
  });

  it.each([
    [
      'a failure within the 10 ms spacing: the wait, and the RFC rule that made it',
      15,
      21.571,
      'the next attempt started 6.6 ms later (RFC 8305 §5: at least 10 ms between starts).',
    ],
    ['a later failure and a late timer: only the wait', 31.208, 33.208, 'the next attempt started 2 ms later.'],
    ['under a millisecond: at once', 31.208, 31.5, 'the next attempt started at once.'],
  ])('the next start after a failure, in the words its times allow: %s', (_label, failedAt, nextAt, words) => {
    const report = refusedIpv6();
    const events = report.events.map((event) => {
      if (event.type === 'attempt-failed') return { ...event, at: failedAt };
      if (event.type === 'attempt-started' && event.index === 1) return { ...event, at: nextAt };
      return event;
    });
    const verdict = verdictOf(plain({ ...report, events }));
    expect(verdict[1]).toBe(`  - IPv6 (2001:db8::10, #0) failed after ${formatMs(failedAt - 11.571)}: refused (ECONNREFUSED); ${words}`);
  });

  it('AAAA NXDOMAIN: the DNS error in words with its codes, IPv4 only', () => {
    const output = plain(aaaaNxdomain());
    expect(output).toContain('│ AAAA │ 0.3 ms   │ 14.9 ms  │ 14.6 ms │ no such name (NXDOMAIN, ENOTFOUND) │        │');
    expect(output).toContain('│ 192.0.2.20                         │ 3600 s │');
    expect(verdictOf(output)).toContain('  - The AAAA query failed after 14.6 ms: no such name (NXDOMAIN, ENOTFOUND); IPv4 only.');
  });

  it('every attempt refused: each address with its error, and no line that repeats the verdict', () => {
    const verdict = verdictOf(plain(allRefused()));
    expect(verdict).toEqual([
      'Could not connect: every address failed.',
      '  - IPv6 (2001:db8::21, #0) failed after 20.5 ms: refused (ECONNREFUSED); the next attempt started at once.',
      '  - IPv4 (192.0.2.21, #1) failed after 20.3 ms: refused (ECONNREFUSED); the next attempt started at once.',
      '  - IPv6 (2001:db8::22, #2) failed after 20.2 ms: refused (ECONNREFUSED); the next attempt started at once.',
      '  - IPv4 (192.0.2.22, #3) failed after 20.3 ms: refused (ECONNREFUSED).',
    ]);
  });

  it('DNS failure in both families: each family with its error in words, no attempt', () => {
    const output = plain(dnsFailedBoth());
    expect(output).toContain('│ AAAA │ 0.3 ms   │ 5 s      │ 5 s  │ no answer in time (ETIMEOUT)            │     │');
    expect(output).toContain('│ A    │ 0.3 ms   │ 3.3 ms   │ 3 ms │ the server failed (SERVFAIL, ESERVFAIL) │     │');
    expect(output).toContain('Attempts\nNo connection attempt: there was no address to try.\n');
    expect(verdictOf(output).slice(0, 3)).toEqual([
      'Could not connect: no address for broken.example.',
      '  - The AAAA query failed after 5 s: no answer in time (ETIMEOUT).',
      '  - The A query failed after 3 ms: the server failed (SERVFAIL, ESERVFAIL).',
    ]);
  });

  it('overall timeout: attempts cancelled by the timeout, the waiting IPv6 attempt overtaken', () => {
    const output = plain(overallTimeout());
    expect(output).toContain('overall timeout 1 s');
    expect(output).toContain('│ cancelled: run aborted (overall timeout)        │');
    expect(verdictOf(output).slice(0, 3)).toEqual([
      'Could not connect within the overall timeout of 1 s.',
      '  - IPv6 (2001:db8::30, #0) never answered; eyeball started IPv4 (#1) 250.1 ms later.',
      '  - IPv4 (192.0.2.30, #1) had no answer after 731.7 ms, when the overall timeout ran out.',
    ]);
  });

  it('interrupted: what had happened so far', () => {
    const output = plain(interrupted());
    expect(output).toContain('│ A    │ 0.3 ms   │ 1.84 s   │ 1.84 s  │ cancelled: still pending when the run was interrupted │       │');
    expect(output).toContain('│ cancelled: run aborted (interrupted) │');
    expect(verdictOf(output)).toEqual([
      'Interrupted (Ctrl-C) at 1.84 s, before a connection was made. What had happened so far:',
      '  - AAAA answered after 12.3 ms: 2001:db8::40.',
      '  - The A query had no answer after 1.84 s, when the run was interrupted.',
      '  - IPv6 (2001:db8::40, #0) had no answer after 1.83 s, when the run was interrupted.',
    ]);
  });

  it.each([
    ['SIGTERM', 'Interrupted (SIGTERM)'],
    ['SIGHUP', 'Interrupted (SIGHUP)'],
    ['SIGINT', 'Interrupted (Ctrl-C)'],
  ])('interrupted by %s: the headline names what stopped it', (code, headline) => {
    const report = interrupted();
    if (report.outcome.ok) throw new Error('the fixture is an interrupted run');
    const output = plain({ ...report, outcome: { ...report.outcome, error: { code, message: `stopped by ${code}` } } });
    expect(verdictOf(output)[0]).toBe(`${headline} at 1.84 s, before a connection was made. What had happened so far:`);
  });

  it('Resolution Delay armed and ended early by the AAAA answer', () => {
    const output = plain(resolutionDelayEndedEarly());
    expect(output).toContain(
      'Resolution delay: A answered first, so from 10 ms eyeball waited up to 50 ms for AAAA; AAAA answered 21.6 ms later and ended the wait early.\n',
    );
    expect(output).toContain('\ndelay    ');
    expect(verdictOf(output)[1]).toBe('  - Nothing went wrong on the way: the first address answered.');
  });

  it('Resolution Delay that ran out: IPv4 first, and the verdict says AAAA was slow', () => {
    const output = plain(resolutionDelayElapsed());
    expect(output).toContain('no AAAA answer in 50.1 ms, so IPv4 went ahead.');
    expect(verdictOf(output)[1]).toBe(
      '  - AAAA was slow: it had not answered when the 50 ms resolution delay ran out, so IPv4 went first; it answered after 74.9 ms.',
    );
  });

  it('Resolution Delay ended by an empty AAAA answer', () => {
    const output = plain(resolutionDelayNoAaaa());
    expect(output).toContain('│ AAAA │ 0.3 ms   │ 12.4 ms  │ 12.1 ms │ no records │       │');
    expect(output).toContain('AAAA came back without addresses 6.4 ms later, so IPv4 went ahead.');
    expect(verdictOf(output)[1]).toBe('  - No AAAA records: IPv4 only.');
  });

  it('the first try works: the pending A query is cancelled, and nothing went wrong', () => {
    const output = plain(ipv6FirstTry());
    expect(output).toContain('cancelled: still pending when the connection was made');
    expect(verdictOf(output).slice(1)).toEqual([
      '  - Nothing went wrong on the way: the first address answered.',
      '  - The A query was still pending when the connection was made; it was not needed.',
    ]);
  });

  it('network unreachable, then an attempt timeout; a start caused by an arriving address', () => {
    const output = plain(unreachableThenAttemptTimeout());
    expect(output).toContain('attempt timeout 400 ms');
    expect(output).toContain('│ network unreachable (ENETUNREACH)        │');
    expect(output).toContain('│ started: address arrived                 │');
    expect(output).toContain('│ timed out after 400 ms (attempt timeout) │');
    expect(verdictOf(output).slice(1, 3)).toEqual([
      '  - IPv6 (2001:db8::70, #0) failed after 0.1 ms: network unreachable (ENETUNREACH); the next attempt started as soon as its address arrived.',
      '  - IPv4 (192.0.2.70, #1) timed out after 400 ms (attempt timeout).',
    ]);
  });

  it('an IP literal has no DNS section rows', () => {
    const report = refusedIpv6();
    const events = report.events.filter((event) => !event.type.startsWith('dns-'));
    const output = plain({ ...report, target: { host: '192.0.2.10', port: 443, input: '192.0.2.10:443' }, events });
    expect(output).toContain('DNS\nNo DNS query: 192.0.2.10 is an IP address.\n');
    expect(output).toContain('eyeball 192.0.2.10 port 443 · started 18:30:00.123 UTC · no overall timeout\n');
    // An address has one family, and no resolver asks for it.
    expect(output).not.toContain('resolver');
    expect(output).not.toContain('IPv6 and IPv4');
  });

  it('an IP literal by default: no DNS rows, no resolver, no families', () => {
    const report = refusedIpv6();
    const events = report.events.filter((event) => !event.type.startsWith('dns-'));
    const output = renderHuman(
      { ...report, target: { host: '192.0.2.10', port: 443, input: '192.0.2.10:443' }, events },
      { color: false, verbose: false, width: 80 },
    );
    expect(output.split('\n')[0]).toBe('eyeball 192.0.2.10 port 443 · started 18:30:00.123 UTC · no overall timeout');
    expect(output).not.toMatch(/AAAA|resolver|IPv6 and IPv4/u);
  });

  it('ends with exactly one newline', () => {
    for (const make of Object.values(SCENARIOS)) {
      const output = renderHuman(make(), { color: false, verbose: true, width: 80 });
      expect(output.endsWith('\n')).toBe(true);
      expect(output.endsWith('\n\n')).toBe(false);
    }
  });
});

describe('renderHuman: colour and safety', () => {
  it('colour on: ANSI escapes, and nothing but colour is added', () => {
    for (const make of Object.values(SCENARIOS)) {
      const coloured = renderHuman(make(), { color: true, verbose: true, width: 80 });
      const colourless = renderHuman(make(), { color: false, verbose: true, width: 80 });
      expect(coloured).toMatch(/\u001b\[3[12]m/u);
      expect(colourless).not.toContain('\u001b');
      expect(stripVTControlCharacters(coloured)).toBe(colourless);
    }
  });

  it('strips control characters and escapes from hostile names, addresses and messages', () => {
    const colourless = renderHuman(hostileStrings(), { color: false, verbose: true, width: WIDE });
    // eslint-disable-next-line no-control-regex
    expect(colourless).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    // The readable rest of each string is still there.
    expect(colourless).toContain('eyeball evil.example port 443 · started 18:30:00.123 UTC · no overall timeout\n');
    expect(colourless).toContain('IPv6 (2001:db8::66, #0) failed after 19.6 ms: protocol errorFAKE OK (EPROTO); the next attempt started at once.');
    expect(colourless).not.toContain('pwned');

    const coloured = renderHuman(hostileStrings(), { color: true, verbose: true, width: WIDE });
    // Only our own colour codes (SGR) may be there; take them out and nothing of control is left.
    const withoutSgr = coloured.replace(/\u001b\[\d+(?:;\d+)*m/gu, '');
    // eslint-disable-next-line no-control-regex
    expect(withoutSgr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    expect(withoutSgr).toBe(colourless);
  });

  it('does not change the report it renders', () => {
    const report = hostileStrings();
    const before = structuredClone(report);
    renderHuman(report, { color: false, verbose: true, width: 80 });
    expect(report).toStrictEqual(before);
    expect(report.target.host).toBe(HOSTILE.host);
  });

  it('a width below 40 (or not a finite number) still draws a 40-column waterfall', () => {
    for (const width of [0, 12, Number.NaN, Number.POSITIVE_INFINITY]) {
      const output = renderHuman(blackHoleRescued(), { color: false, verbose: true, width });
      const axis = output.split('\n').find((line) => /^ +┴/u.test(line)) ?? '';
      expect([...axis].length).toBe(40);
    }
  });
});
