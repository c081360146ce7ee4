/**
 * The whole colourless layout at 80 columns, one snapshot per scenario of the CLI issue, as the default
 * report and, for the longest cells, with `-v`. The facts these
 * show are also asserted one by one in human.test.ts, so a carelessly updated snapshot cannot hide them.
 */
import { describe, expect, it } from 'vitest';
import { renderHuman } from '../../../src/cli/render/human.js';
import {
  aaaaNxdomain,
  allRefused,
  blackHoleRescued,
  dnsFailedBoth,
  interrupted,
  overallTimeout,
  refusedIpv6,
  resolutionDelayEndedEarly,
} from './fixtures.js';

const render = (report: Parameters<typeof renderHuman>[0]): string => `\n${renderHuman(report, { color: false, verbose: false, width: 80 })}`;
const renderVerbose = (report: Parameters<typeof renderHuman>[0]): string => `\n${renderHuman(report, { color: false, verbose: true, width: 80 })}`;

describe('renderHuman layout (80 columns, no colour)', () => {
  it('IPv6 black hole rescued by IPv4 (the demo)', () => {
    expect(render(blackHoleRescued())).toMatchInlineSnapshot(`
      "
      eyeball demo.eyeball.test port 40123 · started 18:30:00.123 UTC · DNS server
      127.0.0.1:53535 · no overall timeout
      AAAA     ┤
      A        ├┤
      #0 IPv6  ├──────────────────────────────────────────────────────────○
      #1 IPv4                                                             ●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           50         100         150         200        250    300 ms
      one column = 4.3 ms; ├ started, ┤ answered, ● connected, ○ cancelled

      Connected to 127.0.0.1 (IPv4, #1) at 252.9 ms; its attempt took 0.6 ms.
        - IPv6 (::1, #0) never answered; eyeball started IPv4 (#1) 250.1 ms later.
        - Without Happy Eyeballs: a wait for the OS timeout (about 2 min on Linux).
      "
    `);
  });

  it('refused IPv6', () => {
    expect(render(refusedIpv6())).toMatchInlineSnapshot(`
      "
      eyeball www.example.com port 443 · started 18:30:00.123 UTC · no overall timeout
      AAAA     ├────────────┤
      A        ├─────────────┤
      #0 IPv6               ├──────────────────────✗
      #1 IPv4                                      ├────────────────────────●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           10         20          30          40         50      60 ms
      one column = 0.9 ms; ├ started, ┤ answered, ● connected, ✗ failed

      Connected to 192.0.2.10 (IPv4, #1) at 51.9 ms; its attempt took 20.7 ms.
        - IPv6 (2001:db8::10, #0) failed after 19.6 ms: refused (ECONNREFUSED); the
          next attempt started at once.
      "
    `);
  });

  it('AAAA NXDOMAIN, IPv4 only', () => {
    expect(render(aaaaNxdomain())).toMatchInlineSnapshot(`
      "
      eyeball v4only.example port 443 · started 18:30:00.123 UTC · DNS server
      192.0.2.53 · no overall timeout
      AAAA      ├────────────────────────✗
      A         ├────────────────────────┤
      #0 IPv4                             ├────────────────────────────────────────●
               ┴────────┴────────┴───────┴────────┴────────┴────────┴───────┴────────┴
               0        5        10      15       20       25       30      35   40 ms
      one column = 0.6 ms; ├ started, ┤ answered, ● connected, ✗ failed

      Connected to 192.0.2.20 (IPv4, #0) at 38.9 ms; its attempt took 23.6 ms.
        - The AAAA query failed after 14.6 ms: no such name (NXDOMAIN, ENOTFOUND);
          IPv4 only.
      "
    `);
  });

  it('every attempt refused', () => {
    expect(render(allRefused())).toMatchInlineSnapshot(`
      "
      eyeball down.example port 8443 · started 18:30:00.123 UTC · no overall timeout
      AAAA     ├──────┤
      A        ├──────┤
      #0 IPv6         ├─────────────✗
      #1 IPv4                       ├──────────────✗
      #2 IPv6                                      ├─────────────✗
      #3 IPv4                                                    ├─────────────✗
               ┴─────────────┴─────────────┴─────────────┴─────────────┴─────────────┴
               0             20            40            60            80       100 ms
      one column = 1.4 ms; ├ started, ┤ answered, ✗ failed

      Could not connect: every address failed.
        - IPv6 (2001:db8::21, #0) failed after 20.5 ms: refused (ECONNREFUSED); the
          next attempt started at once.
        - IPv4 (192.0.2.21, #1) failed after 20.3 ms: refused (ECONNREFUSED); the next
          attempt started at once.
        - IPv6 (2001:db8::22, #2) failed after 20.2 ms: refused (ECONNREFUSED); the
          next attempt started at once.
        - IPv4 (192.0.2.22, #3) failed after 20.3 ms: refused (ECONNREFUSED).
      "
    `);
  });

  it('DNS failure in both families', () => {
    expect(render(dnsFailedBoth())).toMatchInlineSnapshot(`
      "
      eyeball broken.example port 443 · started 18:30:00.123 UTC · DNS server
      192.0.2.53 · no overall timeout
      AAAA  ├────────────────────────────────────────────────────────────✗
      A     ✗
            ┴───────────┴───────────┴────────────┴───────────┴───────────┴───────────┴
            0           1           2            3           4           5         6 s
      one column = 82.2 ms; ├ started, ✗ failed

      Could not connect: no address for broken.example.
        - The AAAA query failed after 5 s: no answer in time (ETIMEOUT).
        - The A query failed after 3 ms: the server failed (SERVFAIL, ESERVFAIL).
      "
    `);
  });

  it('overall timeout', () => {
    expect(render(overallTimeout())).toMatchInlineSnapshot(`
      "
      eyeball blackhole.example port 443 · started 18:30:00.123 UTC · overall timeout
      1 s
      AAAA     ├┤
      A        ├┤
      #0 IPv6   ├──────────────┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄○
      #1 IPv4                  ├─────────────────────────────────────────○
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           200        400         600         800        1000  1200 ms
      one column = 17.1 ms; ├ started, ┤ answered, ○ cancelled, ┄ no answer yet, next
      attempt started

      Could not connect within the overall timeout of 1 s.
        - IPv6 (2001:db8::30, #0) never answered; eyeball started IPv4 (#1) 250.1 ms
          later.
        - IPv4 (192.0.2.30, #1) had no answer after 731.7 ms, when the overall timeout
          ran out.
      "
    `);
  });

  it('interrupted', () => {
    expect(render(interrupted())).toMatchInlineSnapshot(`
      "
      eyeball slow-a.example port 443 · started 18:30:00.123 UTC · DNS server
      192.0.2.53 · no overall timeout
      AAAA     ┤
      A        ├────────────────────────────────────────────────────────────────○
      #0 IPv6  ├────────────────────────────────────────────────────────────────○
               ┴─────────────────┴────────────────┴─────────────────┴────────────────┴
               0                 500              1000              1500       2000 ms
      one column = 28.6 ms; ├ started, ┤ answered, ○ cancelled

      Interrupted (Ctrl-C) at 1.84 s, before a connection was made. What had happened
      so far:
        - AAAA answered after 12.3 ms: 2001:db8::40.
        - The A query had no answer after 1.84 s, when the run was interrupted.
        - IPv6 (2001:db8::40, #0) had no answer after 1.83 s, when the run was
          interrupted.
      "
    `);
  });

  it('Resolution Delay armed and ended early', () => {
    expect(render(resolutionDelayEndedEarly())).toMatchInlineSnapshot(`
      "
      eyeball slow-aaaa.example port 443 · started 18:30:00.123 UTC · DNS server
      192.0.2.53 · no overall timeout
      AAAA     ├────────────────────────────────────┤
      A        ├───────────┤
      delay                ├························┤
      #0 IPv6                                       ├───────────────────────●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           10         20          30          40         50      60 ms
      one column = 0.9 ms; ├ started, ┤ answered, ● connected, · resolution delay

      Connected to 2001:db8::50 (IPv6, #0) at 52 ms; its attempt took 20.3 ms.
        - Nothing went wrong on the way: the first address answered.
      "
    `);
  });

  it('every attempt refused, with -v: the settings and the tables', () => {
    expect(renderVerbose(allRefused())).toMatchInlineSnapshot(`
      "
      eyeball down.example port 8443 · started 18:30:00.123 UTC · no overall timeout
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┐
      │ type │ asked at │ ended at │ took    │ result       │
      ├──────┼──────────┼──────────┼─────────┼──────────────┤
      │ AAAA │ 0.1 ms   │ 9.8 ms   │ 9.7 ms  │ 2001:db8::21 │
      │      │          │          │         │ 2001:db8::22 │
      ├──────┼──────────┼──────────┼─────────┼──────────────┤
      │ A    │ 0.1 ms   │ 10.4 ms  │ 10.3 ms │ 192.0.2.21   │
      │      │          │          │         │ 192.0.2.22   │
      └──────┴──────────┴──────────┴─────────┴──────────────┘

      Attempts
      ┌─────────┬──────────────┬─────────┬─────────┬────────────────────────┐
      │ #       │ address      │ start   │ took    │ outcome                │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #0 IPv6 │ 2001:db8::21 │ 10 ms   │ 20.5 ms │ started: first         │
      │         │              │         │         │ refused (ECONNREFUSED) │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #1 IPv4 │ 192.0.2.21   │ 30.5 ms │ 20.3 ms │ started: #0 failed     │
      │         │              │         │         │ refused (ECONNREFUSED) │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #2 IPv6 │ 2001:db8::22 │ 50.8 ms │ 20.2 ms │ started: #1 failed     │
      │         │              │         │         │ refused (ECONNREFUSED) │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #3 IPv4 │ 192.0.2.22   │ 71 ms   │ 20.3 ms │ started: #2 failed     │
      │         │              │         │         │ refused (ECONNREFUSED) │
      └─────────┴──────────────┴─────────┴─────────┴────────────────────────┘

      Waterfall
      AAAA     ├──────┤
      A        ├──────┤
      #0 IPv6         ├─────────────✗
      #1 IPv4                       ├──────────────✗
      #2 IPv6                                      ├─────────────✗
      #3 IPv4                                                    ├─────────────✗
               ┴─────────────┴─────────────┴─────────────┴─────────────┴─────────────┴
               0             20            40            60            80       100 ms
      one column = 1.4 ms; ├ started, ┤ answered, ✗ failed

      Verdict
      Could not connect: every address failed.
        - IPv6 (2001:db8::21, #0) failed after 20.5 ms: refused (ECONNREFUSED); the
          next attempt started at once.
        - IPv4 (192.0.2.21, #1) failed after 20.3 ms: refused (ECONNREFUSED); the next
          attempt started at once.
        - IPv6 (2001:db8::22, #2) failed after 20.2 ms: refused (ECONNREFUSED); the
          next attempt started at once.
        - IPv4 (192.0.2.22, #3) failed after 20.3 ms: refused (ECONNREFUSED).
      "
    `);
  });

  it('refused IPv6, with -v', () => {
    expect(renderVerbose(refusedIpv6())).toMatchInlineSnapshot(`
      "
      eyeball www.example.com port 443 · started 18:30:00.123 UTC · no overall timeout
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┐
      │ type │ asked at │ ended at │ took    │ result       │
      ├──────┼──────────┼──────────┼─────────┼──────────────┤
      │ AAAA │ 0.1 ms   │ 11.4 ms  │ 11.3 ms │ 2001:db8::10 │
      ├──────┼──────────┼──────────┼─────────┼──────────────┤
      │ A    │ 0.1 ms   │ 11.9 ms  │ 11.8 ms │ 192.0.2.10   │
      └──────┴──────────┴──────────┴─────────┴──────────────┘

      Attempts
      ┌─────────┬──────────────┬─────────┬─────────┬────────────────────────┐
      │ #       │ address      │ start   │ took    │ outcome                │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #0 IPv6 │ 2001:db8::10 │ 11.6 ms │ 19.6 ms │ started: first         │
      │         │              │         │         │ refused (ECONNREFUSED) │
      ├─────────┼──────────────┼─────────┼─────────┼────────────────────────┤
      │ #1 IPv4 │ 192.0.2.10   │ 31.2 ms │ 20.7 ms │ started: #0 failed     │
      │         │              │         │         │ connected              │
      └─────────┴──────────────┴─────────┴─────────┴────────────────────────┘

      Waterfall
      AAAA     ├────────────┤
      A        ├─────────────┤
      #0 IPv6               ├──────────────────────✗
      #1 IPv4                                      ├────────────────────────●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           10         20          30          40         50      60 ms
      one column = 0.9 ms; ├ started, ┤ answered, ● connected, ✗ failed

      Verdict
      Connected to 192.0.2.10 (IPv4, #1) at 51.9 ms; its attempt took 20.7 ms.
        - IPv6 (2001:db8::10, #0) failed after 19.6 ms: refused (ECONNREFUSED); the
          next attempt started at once.
      "
    `);
  });
});
