/**
 * The whole colourless layout at 80 columns, one snapshot per scenario of the CLI issue. The facts these
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

const render = (report: Parameters<typeof renderHuman>[0]): string => `\n${renderHuman(report, { color: false, width: 80 })}`;

describe('renderHuman layout (80 columns, no colour)', () => {
  it('IPv6 black hole rescued by IPv4 (the demo)', () => {
    expect(render(blackHoleRescued())).toMatchInlineSnapshot(`
      "
      target    demo.eyeball.test port 40123
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  dns (asks DNS servers directly), server 127.0.0.1:53535
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬────────┬───────────┬──────┐
      │ type │ asked at │ ended at │ took   │ result    │ TTL  │
      ├──────┼──────────┼──────────┼────────┼───────────┼──────┤
      │ AAAA │ 0.4 ms   │ 1.9 ms   │ 1.5 ms │ ::1       │ 60 s │
      ├──────┼──────────┼──────────┼────────┼───────────┼──────┤
      │ A    │ 0.4 ms   │ 2.2 ms   │ 1.8 ms │ 127.0.0.1 │ 60 s │
      └──────┴──────────┴──────────┴────────┴───────────┴──────┘

      Attempts
      ┌────┬───────────┬────────┬──────────┬──────────┬──────────┬───────────────────┐
      │ #  │ address   │ family │ start    │ end      │ took     │ outcome           │
      ├────┼───────────┼────────┼──────────┼──────────┼──────────┼───────────────────┤
      │ #0 │ ::1       │ IPv6   │ 2.1 ms   │ 252.9 ms │ 250.8 ms │ started: first    │
      │    │           │        │          │          │          │ no answer within  │
      │    │           │        │          │          │          │ 250.1 ms, next    │
      │    │           │        │          │          │          │ attempt started   │
      │    │           │        │          │          │          │ cancelled:        │
      │    │           │        │          │          │          │ another attempt   │
      │    │           │        │          │          │          │ won               │
      ├────┼───────────┼────────┼──────────┼──────────┼──────────┼───────────────────┤
      │ #1 │ 127.0.0.1 │ IPv4   │ 252.2 ms │ 252.9 ms │ 0.6 ms   │ started: 250.1 ms │
      │    │           │        │          │          │          │ after #0          │
      │    │           │        │          │          │          │ connected         │
      └────┴───────────┴────────┴──────────┴──────────┴──────────┴───────────────────┘

      Waterfall
      AAAA     ┤
      A        ├┤
      #0 IPv6  ├──────────────────────────────────────────────────────────○
      #1 IPv4                                                             ●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           50         100         150         200        250    300 ms
      one column = 4.3 ms; ├ started, ┤ answered, ● connected, ○ cancelled

      Verdict
      Connected to 127.0.0.1 port 40123 (IPv4, #1) 252.9 ms after the start; its
      attempt started at 252.2 ms and took 0.6 ms.
        - IPv6 (::1, #0) never answered; eyeball started IPv4 (#1) 250.1 ms later.
        - A client without Happy Eyeballs would have waited for the OS timeout (about
          2 minutes on Linux) before trying the next address.
      "
    `);
  });

  it('refused IPv6', () => {
    expect(render(refusedIpv6())).toMatchInlineSnapshot(`
      "
      target    www.example.com port 443 (from https://www.example.com/)
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┬─────────┐
      │ type │ asked at │ ended at │ took    │ result       │ TTL     │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ AAAA │ 0.1 ms   │ 11.4 ms  │ 11.3 ms │ 2001:db8::10 │ unknown │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ A    │ 0.1 ms   │ 11.9 ms  │ 11.8 ms │ 192.0.2.10   │ unknown │
      └──────┴──────────┴──────────┴─────────┴──────────────┴─────────┘

      Attempts
      ┌────┬──────────────┬────────┬─────────┬─────────┬─────────┬────────────────┐
      │ #  │ address      │ family │ start   │ end     │ took    │ outcome        │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #0 │ 2001:db8::10 │ IPv6   │ 11.6 ms │ 31.2 ms │ 19.6 ms │ started: first │
      │    │              │        │         │         │         │ refused        │
      │    │              │        │         │         │         │ (ECONNREFUSED) │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #1 │ 192.0.2.10   │ IPv4   │ 31.2 ms │ 51.9 ms │ 20.7 ms │ started: #0    │
      │    │              │        │         │         │         │ failed         │
      │    │              │        │         │         │         │ connected      │
      └────┴──────────────┴────────┴─────────┴─────────┴─────────┴────────────────┘

      Waterfall
      AAAA     ├────────────┤
      A        ├─────────────┤
      #0 IPv6               ├──────────────────────✗
      #1 IPv4                                      ├────────────────────────●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           10         20          30          40         50      60 ms
      one column = 0.9 ms; ├ started, ┤ answered, ● connected, ✗ failed

      Verdict
      Connected to 192.0.2.10 port 443 (IPv4, #1) 51.9 ms after the start; its attempt
      started at 31.2 ms and took 20.7 ms.
        - IPv6 (2001:db8::10, #0) failed after 19.6 ms: refused (ECONNREFUSED); the
          next attempt started at once.
      "
    `);
  });

  it('AAAA NXDOMAIN, IPv4 only', () => {
    expect(render(aaaaNxdomain())).toMatchInlineSnapshot(`
      "
      target    v4only.example port 443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  dns (asks DNS servers directly), server 192.0.2.53
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬─────────────────────────┬────────┐
      │ type │ asked at │ ended at │ took    │ result                  │ TTL    │
      ├──────┼──────────┼──────────┼─────────┼─────────────────────────┼────────┤
      │ AAAA │ 0.3 ms   │ 14.9 ms  │ 14.6 ms │ no such name (NXDOMAIN, │        │
      │      │          │          │         │ ENOTFOUND)              │        │
      ├──────┼──────────┼──────────┼─────────┼─────────────────────────┼────────┤
      │ A    │ 0.3 ms   │ 15.1 ms  │ 14.8 ms │ 192.0.2.20              │ 3600 s │
      └──────┴──────────┴──────────┴─────────┴─────────────────────────┴────────┘

      Attempts
      ┌────┬────────────┬────────┬─────────┬─────────┬─────────┬────────────────┐
      │ #  │ address    │ family │ start   │ end     │ took    │ outcome        │
      ├────┼────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #0 │ 192.0.2.20 │ IPv4   │ 15.3 ms │ 38.9 ms │ 23.6 ms │ started: first │
      │    │            │        │         │         │         │ connected      │
      └────┴────────────┴────────┴─────────┴─────────┴─────────┴────────────────┘

      Waterfall
      AAAA      ├────────────────────────✗
      A         ├────────────────────────┤
      #0 IPv4                             ├────────────────────────────────────────●
               ┴────────┴────────┴───────┴────────┴────────┴────────┴───────┴────────┴
               0        5        10      15       20       25       30      35   40 ms
      one column = 0.6 ms; ├ started, ┤ answered, ● connected, ✗ failed

      Verdict
      Connected to 192.0.2.20 port 443 (IPv4, #0) 38.9 ms after the start; its attempt
      started at 15.3 ms and took 23.6 ms.
        - The AAAA query failed after 14.6 ms: no such name (NXDOMAIN, ENOTFOUND);
          IPv4 only.
      "
    `);
  });

  it('every attempt refused', () => {
    expect(render(allRefused())).toMatchInlineSnapshot(`
      "
      target    down.example port 8443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┬─────────┐
      │ type │ asked at │ ended at │ took    │ result       │ TTL     │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ AAAA │ 0.1 ms   │ 9.8 ms   │ 9.7 ms  │ 2001:db8::21 │ unknown │
      │      │          │          │         │ 2001:db8::22 │         │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ A    │ 0.1 ms   │ 10.4 ms  │ 10.3 ms │ 192.0.2.21   │ unknown │
      │      │          │          │         │ 192.0.2.22   │         │
      └──────┴──────────┴──────────┴─────────┴──────────────┴─────────┘

      Attempts
      ┌────┬──────────────┬────────┬─────────┬─────────┬─────────┬────────────────┐
      │ #  │ address      │ family │ start   │ end     │ took    │ outcome        │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #0 │ 2001:db8::21 │ IPv6   │ 10 ms   │ 30.5 ms │ 20.5 ms │ started: first │
      │    │              │        │         │         │         │ refused        │
      │    │              │        │         │         │         │ (ECONNREFUSED) │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #1 │ 192.0.2.21   │ IPv4   │ 30.5 ms │ 50.8 ms │ 20.3 ms │ started: #0    │
      │    │              │        │         │         │         │ failed         │
      │    │              │        │         │         │         │ refused        │
      │    │              │        │         │         │         │ (ECONNREFUSED) │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #2 │ 2001:db8::22 │ IPv6   │ 50.8 ms │ 71 ms   │ 20.2 ms │ started: #1    │
      │    │              │        │         │         │         │ failed         │
      │    │              │        │         │         │         │ refused        │
      │    │              │        │         │         │         │ (ECONNREFUSED) │
      ├────┼──────────────┼────────┼─────────┼─────────┼─────────┼────────────────┤
      │ #3 │ 192.0.2.22   │ IPv4   │ 71 ms   │ 91.3 ms │ 20.3 ms │ started: #2    │
      │    │              │        │         │         │         │ failed         │
      │    │              │        │         │         │         │ refused        │
      │    │              │        │         │         │         │ (ECONNREFUSED) │
      └────┴──────────────┴────────┴─────────┴─────────┴─────────┴────────────────┘

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
      error EYEBALL_CONNECT_FAILED: could not connect to down.example:8443:
      [2001:db8::21]:8443 connect ECONNREFUSED 2001:db8::21:8443; 192.0.2.21:8443
      connect ECONNREFUSED 192.0.2.21:8443; [2001:db8::22]:8443 connect ECONNREFUSED
      2001:db8::22:8443; 192.0.2.22:8443 connect ECONNREFUSED 192.0.2.22:8443
      "
    `);
  });

  it('DNS failure in both families', () => {
    expect(render(dnsFailedBoth())).toMatchInlineSnapshot(`
      "
      target    broken.example port 443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  dns (asks DNS servers directly), server 192.0.2.53
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬──────┬──────────────────────────────┬─────┐
      │ type │ asked at │ ended at │ took │ result                       │ TTL │
      ├──────┼──────────┼──────────┼──────┼──────────────────────────────┼─────┤
      │ AAAA │ 0.3 ms   │ 5 s      │ 5 s  │ no answer in time (ETIMEOUT) │     │
      ├──────┼──────────┼──────────┼──────┼──────────────────────────────┼─────┤
      │ A    │ 0.3 ms   │ 3.3 ms   │ 3 ms │ the server failed (SERVFAIL, │     │
      │      │          │          │      │ ESERVFAIL)                   │     │
      └──────┴──────────┴──────────┴──────┴──────────────────────────────┴─────┘

      Attempts
      No connection attempt: there was no address to try.

      Waterfall
      AAAA  ├────────────────────────────────────────────────────────────✗
      A     ✗
            ┴───────────┴───────────┴────────────┴───────────┴───────────┴───────────┴
            0           1           2            3           4           5         6 s
      one column = 82.2 ms; ├ started, ✗ failed

      Verdict
      Could not connect: no address for broken.example.
        - The AAAA query failed after 5 s: no answer in time (ETIMEOUT).
        - The A query failed after 3 ms: the server failed (SERVFAIL, ESERVFAIL).
      error EYEBALL_NO_ADDRESSES: could not resolve broken.example (AAAA: AAAA query
      for broken.example failed: no answer in time (ETIMEOUT); A: A query for
      broken.example failed: the server failed (SERVFAIL) (ESERVFAIL))
      "
    `);
  });

  it('overall timeout', () => {
    expect(render(overallTimeout())).toMatchInlineSnapshot(`
      "
      target    blackhole.example port 443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout 1 s, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┬─────────┐
      │ type │ asked at │ ended at │ took    │ result       │ TTL     │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ AAAA │ 0.1 ms   │ 18.2 ms  │ 18.1 ms │ 2001:db8::30 │ unknown │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼─────────┤
      │ A    │ 0.1 ms   │ 18.9 ms  │ 18.8 ms │ 192.0.2.30   │ unknown │
      └──────┴──────────┴──────────┴─────────┴──────────────┴─────────┘

      Attempts
      ┌────┬──────────────┬────────┬──────────┬─────┬──────────┬───────────────────┐
      │ #  │ address      │ family │ start    │ end │ took     │ outcome           │
      ├────┼──────────────┼────────┼──────────┼─────┼──────────┼───────────────────┤
      │ #0 │ 2001:db8::30 │ IPv6   │ 18.4 ms  │ 1 s │ 981.8 ms │ started: first    │
      │    │              │        │          │     │          │ no answer within  │
      │    │              │        │          │     │          │ 250.1 ms, next    │
      │    │              │        │          │     │          │ attempt started   │
      │    │              │        │          │     │          │ cancelled: run    │
      │    │              │        │          │     │          │ aborted (overall  │
      │    │              │        │          │     │          │ timeout)          │
      ├────┼──────────────┼────────┼──────────┼─────┼──────────┼───────────────────┤
      │ #1 │ 192.0.2.30   │ IPv4   │ 268.5 ms │ 1 s │ 731.7 ms │ started: 250.1 ms │
      │    │              │        │          │     │          │ after #0          │
      │    │              │        │          │     │          │ cancelled: run    │
      │    │              │        │          │     │          │ aborted (overall  │
      │    │              │        │          │     │          │ timeout)          │
      └────┴──────────────┴────────┴──────────┴─────┴──────────┴───────────────────┘

      Waterfall
      AAAA     ├┤
      A        ├┤
      #0 IPv6   ├──────────────┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄○
      #1 IPv4                  ├─────────────────────────────────────────○
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           200        400         600         800        1000  1200 ms
      one column = 17.1 ms; ├ started, ┤ answered, ○ cancelled, ┄ no answer yet, next
      attempt started

      Verdict
      Could not connect within the overall timeout of 1 s.
        - IPv6 (2001:db8::30, #0) never answered; eyeball started IPv4 (#1) 250.1 ms
          later.
        - IPv4 (192.0.2.30, #1) had no answer after 731.7 ms, when the overall timeout
          ran out.
      error EYEBALL_TIMEOUT: could not connect to blackhole.example:443 within 1000 ms
      "
    `);
  });

  it('interrupted', () => {
    expect(render(interrupted())).toMatchInlineSnapshot(`
      "
      target    slow-a.example port 443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  dns (asks DNS servers directly), server 192.0.2.53
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬───────────────────────────────┬───────┐
      │ type │ asked at │ ended at │ took    │ result                        │ TTL   │
      ├──────┼──────────┼──────────┼─────────┼───────────────────────────────┼───────┤
      │ AAAA │ 0.3 ms   │ 12.6 ms  │ 12.3 ms │ 2001:db8::40                  │ 300 s │
      ├──────┼──────────┼──────────┼─────────┼───────────────────────────────┼───────┤
      │ A    │ 0.3 ms   │ 1.84 s   │ 1.84 s  │ cancelled: still pending when │       │
      │      │          │          │         │ the run was interrupted       │       │
      └──────┴──────────┴──────────┴─────────┴───────────────────────────────┴───────┘

      Attempts
      ┌────┬──────────────┬────────┬─────────┬────────┬────────┬────────────────┐
      │ #  │ address      │ family │ start   │ end    │ took   │ outcome        │
      ├────┼──────────────┼────────┼─────────┼────────┼────────┼────────────────┤
      │ #0 │ 2001:db8::40 │ IPv6   │ 12.8 ms │ 1.84 s │ 1.83 s │ started: first │
      │    │              │        │         │        │        │ cancelled: run │
      │    │              │        │         │        │        │ aborted        │
      │    │              │        │         │        │        │ (interrupted)  │
      └────┴──────────────┴────────┴─────────┴────────┴────────┴────────────────┘

      Waterfall
      AAAA     ┤
      A        ├────────────────────────────────────────────────────────────────○
      #0 IPv6  ├────────────────────────────────────────────────────────────────○
               ┴─────────────────┴────────────────┴─────────────────┴────────────────┴
               0                 500              1000              1500       2000 ms
      one column = 28.6 ms; ├ started, ┤ answered, ○ cancelled

      Verdict
      Interrupted (Ctrl-C) at 1.84 s, before a connection was made. What had happened
      so far:
        - AAAA answered after 12.3 ms: 2001:db8::40.
        - The A query had no answer after 1.84 s, when the run was interrupted.
        - IPv6 (2001:db8::40, #0) had no answer after 1.83 s, when the run was
          interrupted.
      error AbortError: This operation was aborted
      "
    `);
  });

  it('Resolution Delay armed and ended early', () => {
    expect(render(resolutionDelayEndedEarly())).toMatchInlineSnapshot(`
      "
      target    slow-aaaa.example port 443
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  dns (asks DNS servers directly), server 192.0.2.53
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any

      DNS
      ┌──────┬──────────┬──────────┬─────────┬──────────────┬───────┐
      │ type │ asked at │ ended at │ took    │ result       │ TTL   │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼───────┤
      │ AAAA │ 0.3 ms   │ 31.4 ms  │ 31.2 ms │ 2001:db8::50 │ 300 s │
      ├──────┼──────────┼──────────┼─────────┼──────────────┼───────┤
      │ A    │ 0.3 ms   │ 9.9 ms   │ 9.6 ms  │ 192.0.2.50   │ 300 s │
      └──────┴──────────┴──────────┴─────────┴──────────────┴───────┘
      Resolution delay: A answered first, so from 10 ms eyeball waited up to 50 ms for
      AAAA; AAAA answered 21.6 ms later and ended the wait early.

      Attempts
      ┌────┬──────────────┬────────┬─────────┬───────┬─────────┬────────────────┐
      │ #  │ address      │ family │ start   │ end   │ took    │ outcome        │
      ├────┼──────────────┼────────┼─────────┼───────┼─────────┼────────────────┤
      │ #0 │ 2001:db8::50 │ IPv6   │ 31.7 ms │ 52 ms │ 20.3 ms │ started: first │
      │    │              │        │         │       │         │ connected      │
      └────┴──────────────┴────────┴─────────┴───────┴─────────┴────────────────┘

      Waterfall
      AAAA     ├────────────────────────────────────┤
      A        ├───────────┤
      delay                ├························┤
      #0 IPv6                                       ├───────────────────────●
               ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴
               0           10         20          30          40         50      60 ms
      one column = 0.9 ms; ├ started, ┤ answered, ● connected, · resolution delay

      Verdict
      Connected to 2001:db8::50 port 443 (IPv6, #0) 52 ms after the start; its attempt
      started at 31.7 ms and took 20.3 ms.
        - Nothing went wrong on the way: the first address answered.
      "
    `);
  });
});
