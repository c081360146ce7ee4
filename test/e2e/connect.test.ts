/**
 * The built CLI against a real kernel: connection attempts to addresses that connect, refuse, drop the
 * SYN, have no route or answer late, run with `ip netns exec` in the lab and read from `--json`. Every
 * scenario runs with both resolvers (the system one via resolv.conf, and eyeball's DNS client).
 */
import { describe, expect, it } from 'vitest';
import { attemptSummary, attemptTo, EARLY_MS, LATE_MS, RESOLVER_NAMES } from './lab/json-view.js';
import { LabPlan } from './lab/plan.js';
import { describeLab } from './lab/prerequisites.js';
import { eyeballWith, useLab } from './lab/use-lab.js';

/** RFC 8305 §5 default Connection Attempt Delay, which the CLI uses unless --delay says otherwise. */
const ATTEMPT_DELAY_MS = 250;
/** RFC 8305 §5: never two starts within 10 ms, even when the previous attempt failed at once. */
const MIN_SPACING_MS = 10;

/**
 * Where a scenario needs both families known before the first attempt, AAAA answers this long after A:
 * inside the Resolution Delay, so the wait ends with the AAAA answer (RFC 8305 §3). Otherwise which answer
 * comes first is up to the scheduler, and an early AAAA answer alone would be tried at once.
 */
const AAAA_AFTER_A_MS = 35;

const plan = new LabPlan();
const hosts = {
  v6Blackhole: plan.host('v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } }),
  v6Refused: plan.host('v6-refused', { AAAA: { roles: ['refuses'], delayMs: AAAA_AFTER_A_MS }, A: { roles: ['connects'] } }),
  v6Unreachable: plan.host('v6-unreachable', { AAAA: { roles: ['unreachable'], delayMs: AAAA_AFTER_A_MS }, A: { roles: ['connects'] } }),
  v6UnreachableV4Refused: plan.host('v6-unreachable-v4-refused', {
    AAAA: { roles: ['unreachable'], delayMs: AAAA_AFTER_A_MS },
    A: { roles: ['refuses'] },
  }),
  v6NoRouteV4Refused: plan.host('v6-no-route-v4-refused', {
    AAAA: { roles: ['no-route'], delayMs: AAAA_AFTER_A_MS },
    A: { roles: ['refuses'] },
  }),
  interleave: plan.host('interleave', {
    AAAA: { roles: ['blackhole', 'refuses', 'blackhole'] },
    A: { roles: ['refuses', 'blackhole', 'connects'] },
  }),
  allRefused: plan.host('all-refused', {
    AAAA: { roles: ['refuses', 'refuses'], delayMs: AAAA_AFTER_A_MS },
    A: { roles: ['refuses', 'refuses'] },
  }),
  allBlackholed: plan.host('all-blackholed', { AAAA: { roles: ['blackhole'] }, A: { roles: ['blackhole'] } }),
  ipv4Only: plan.host('ipv4-only', { A: { roles: ['connects'] } }),
  ipv6Only: plan.host('ipv6-only', { AAAA: { roles: ['connects'] } }),
  dual: plan.host('dual', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }),
  v6SlowShort: plan.host('v6-slow-short', { AAAA: { roles: [{ slowMs: 100 }] }, A: { roles: ['connects'] } }),
  v6SlowLong: plan.host('v6-slow-long', { AAAA: { roles: [{ slowMs: 400 }] }, A: { roles: ['connects'] } }),
  bothSlow: plan.host('both-slow', { AAAA: { roles: [{ slowMs: 400 }] }, A: { roles: [{ slowMs: 400 }] } }),
};

describeLab(
  'eyeball in the lab: connection attempts',
  () => {
    const lab = useLab(plan);

    describe.each(RESOLVER_NAMES)('with the %s resolver', (resolver) => {
      const eyeball = eyeballWith(lab, resolver);

      it.concurrent('IPv6 black-holed: IPv4 starts one Connection Attempt Delay later and wins', async () => {
        const { v6Blackhole: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'cancelled', code: null, startReason: 'first' },
          { address: host.A[0], outcome: 'connected', code: null, startReason: 'timer' },
        ]);
        const [v6, v4] = json.attempts;
        expect(v4!.startedAt - v6!.startedAt).toBeGreaterThanOrEqual(ATTEMPT_DELAY_MS - EARLY_MS);
        expect(v4!.startedAt - v6!.startedAt).toBeLessThan(ATTEMPT_DELAY_MS + LATE_MS);
        expect(json.winner).toEqual({ address: host.A[0], family: 4, port: host.port, at: expect.any(Number) });
        expect(json.winner!.at).toBeGreaterThanOrEqual(v4!.startedAt);
        // The black-holed attempt ran until the winner cancelled it.
        expect(v6!.endedAt).toBeGreaterThanOrEqual(json.winner!.at - 1);
      });

      it.concurrent('IPv6 refused: IPv4 starts at once (10 ms after the first start at the earliest) and wins', async () => {
        const { v6Refused: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'failed', code: 'ECONNREFUSED', startReason: 'first' },
          { address: host.A[0], outcome: 'connected', code: null, startReason: 'previous-failed' },
        ]);
        const [v6, v4] = json.attempts;
        expect(v4!.startedAt - v6!.startedAt).toBeGreaterThanOrEqual(MIN_SPACING_MS - EARLY_MS);
        expect(v4!.startedAt - v6!.startedAt).toBeLessThan(ATTEMPT_DELAY_MS);
        expect(json.winner?.address).toBe(host.A[0]);
      });

      it.concurrent('IPv6 unreachable: RFC 6724 rule 1 sorts it last, so IPv4 goes first and wins alone', async () => {
        const { v6Unreachable: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([{ address: host.A[0], outcome: 'connected', code: null, startReason: 'first' }]);
        expect(json.winner?.address).toBe(host.A[0]);
      });

      it.concurrent('IPv6 unreachable and IPv4 refused: both fail at once, EHOSTUNREACH from the route; exit 1', async () => {
        const { v6UnreachableV4Refused: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(1);
        expect(json.ok).toBe(false);
        expect(json.winner).toBeNull();
        expect(json.error).toMatchObject({ reason: 'connect' });
        expect(attemptSummary(json)).toEqual([
          { address: host.A[0], outcome: 'failed', code: 'ECONNREFUSED', startReason: 'first' },
          { address: host.AAAA[0], outcome: 'failed', code: 'EHOSTUNREACH', startReason: 'previous-failed' },
        ]);
        expect(json.elapsed).toBeLessThan(ATTEMPT_DELAY_MS);
      });

      it.concurrent('IPv6 without any route and IPv4 refused: ENETUNREACH; exit 1', async () => {
        const { v6NoRouteV4Refused: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(1);
        expect(attemptSummary(json)).toEqual([
          { address: host.A[0], outcome: 'failed', code: 'ECONNREFUSED', startReason: 'first' },
          { address: host.AAAA[0], outcome: 'failed', code: 'ENETUNREACH', startReason: 'previous-failed' },
        ]);
      });

      it.concurrent('three addresses per family, only the last IPv4 one works: families interleave, failures hurry the next', async () => {
        const { interleave: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        const [a1, a2, a3] = host.AAAA;
        const [b1, b2, b3] = host.A;
        expect(attemptSummary(json)).toEqual([
          { address: a1, outcome: 'cancelled', code: null, startReason: 'first' },
          { address: b1, outcome: 'failed', code: 'ECONNREFUSED', startReason: 'timer' },
          { address: a2, outcome: 'failed', code: 'ECONNREFUSED', startReason: 'previous-failed' },
          { address: b2, outcome: 'cancelled', code: null, startReason: 'previous-failed' },
          { address: a3, outcome: 'cancelled', code: null, startReason: 'timer' },
          { address: b3, outcome: 'connected', code: null, startReason: 'timer' },
        ]);
        const starts = json.attempts.map((attempt) => attempt.startedAt);
        const gaps = starts.slice(1).map((start, index) => start - starts[index]!);
        // timer, failure, failure, timer, timer
        const expected = [ATTEMPT_DELAY_MS, MIN_SPACING_MS, MIN_SPACING_MS, ATTEMPT_DELAY_MS, ATTEMPT_DELAY_MS];
        for (const [index, gap] of gaps.entries()) {
          expect(gap, `gap before attempt ${index + 2}`).toBeGreaterThanOrEqual(expected[index]! - EARLY_MS);
          expect(gap, `gap before attempt ${index + 2}`).toBeLessThan(expected[index]! + LATE_MS);
        }
        expect(json.winner?.address).toBe(b3);
      });

      it.concurrent('every address refused: four fast failures in interleaved order, exit 1 without waiting for timers', async () => {
        const { allRefused: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(1);
        expect(json.error).toMatchObject({ reason: 'connect', code: 'EYEBALL_CONNECT_FAILED' });
        expect(attemptSummary(json).map(({ address, code }) => [address, code])).toEqual([
          [host.AAAA[0], 'ECONNREFUSED'],
          [host.A[0], 'ECONNREFUSED'],
          [host.AAAA[1], 'ECONNREFUSED'],
          [host.A[1], 'ECONNREFUSED'],
        ]);
        expect(json.elapsed).toBeLessThan(ATTEMPT_DELAY_MS);
      });

      it.concurrent('every address black-holed: the overall --timeout ends the run; exit 1', async () => {
        const { allBlackholed: host } = hosts;
        const { exitCode, json, wallMs } = await eyeball(host, ['--timeout', '1000']);
        expect(exitCode).toBe(1);
        expect(json.error).toMatchObject({ reason: 'timeout' });
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'cancelled', code: null, startReason: 'first' },
          { address: host.A[0], outcome: 'cancelled', code: null, startReason: 'timer' },
        ]);
        expect(json.elapsed).toBeGreaterThanOrEqual(1000 - EARLY_MS);
        expect(json.elapsed).toBeLessThan(1000 + LATE_MS);
        // The process ends with its report; nothing keeps it alive.
        expect(wallMs).toBeLessThan(5000);
      });

      it.concurrent('every address black-holed with --attempt-timeout: each attempt times out on its own; exit 1', async () => {
        const { allBlackholed: host } = hosts;
        const { exitCode, json } = await eyeball(host, ['--attempt-timeout', '400']);
        expect(exitCode).toBe(1);
        expect(json.error).toMatchObject({ reason: 'connect' });
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'timeout', code: 'EYEBALL_ATTEMPT_TIMEOUT', startReason: 'first' },
          { address: host.A[0], outcome: 'timeout', code: 'EYEBALL_ATTEMPT_TIMEOUT', startReason: 'timer' },
        ]);
        for (const attempt of json.attempts) {
          expect(attempt.endedAt - attempt.startedAt).toBeGreaterThanOrEqual(400 - EARLY_MS);
          expect(attempt.endedAt - attempt.startedAt).toBeLessThan(400 + LATE_MS);
        }
      });

      it.concurrent('IPv4 only (AAAA is NODATA): one IPv4 attempt, which wins', async () => {
        const { ipv4Only: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(json.dns.map(({ type, addresses, error }) => ({ type, addresses, error }))).toEqual(
          expect.arrayContaining([
            { type: 'AAAA', addresses: [], error: null },
            { type: 'A', addresses: host.A, error: null },
          ]),
        );
        expect(attemptSummary(json)).toEqual([{ address: host.A[0], outcome: 'connected', code: null, startReason: 'first' }]);
      });

      it.concurrent('IPv6 only (A is NODATA): one IPv6 attempt, which wins', async () => {
        const { ipv6Only: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(json.dns.map(({ type, addresses, error }) => ({ type, addresses, error }))).toEqual(
          expect.arrayContaining([
            { type: 'AAAA', addresses: host.AAAA, error: null },
            { type: 'A', addresses: [], error: null },
          ]),
        );
        expect(attemptSummary(json)).toEqual([{ address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'first' }]);
      });

      it.concurrent.each([
        ['-4', 'A', 4],
        ['-6', 'AAAA', 6],
      ] as const)('%s on a dual-stack name: only %s is asked and only that family tried', async (flag, type, family) => {
        const { dual: host } = hosts;
        const { exitCode, json } = await eyeball(host, [flag]);
        expect(exitCode).toBe(0);
        expect(json.settings.family).toBe(family);
        expect(json.dns.map((query) => query.type)).toEqual([type]);
        expect(attemptSummary(json)).toEqual([{ address: host[type][0], outcome: 'connected', code: null, startReason: 'first' }]);
      });

      it.concurrent('IPv6 slow (SYN held 100 ms): IPv6 wins before the IPv4 attempt is due', async () => {
        const { v6SlowShort: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([{ address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'first' }]);
        const v6 = attemptTo(json, host.AAAA[0]);
        expect(v6.endedAt - v6.startedAt).toBeGreaterThanOrEqual(100);
        expect(v6.endedAt - v6.startedAt).toBeLessThan(100 + LATE_MS);
      });

      it.concurrent('IPv6 slow (SYN held 400 ms): IPv4 starts at 250 ms and wins', async () => {
        const { v6SlowLong: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'cancelled', code: null, startReason: 'first' },
          { address: host.A[0], outcome: 'connected', code: null, startReason: 'timer' },
        ]);
      });

      it.concurrent('both slow (400 ms): the IPv6 attempt keeps running after IPv4 starts, and wins', async () => {
        // RFC 8305 §5: starting the next attempt does not cancel the previous one. (Node's autoSelectFamily
        // aborts it at 250 ms and waits for IPv4 instead.)
        const { bothSlow: host } = hosts;
        const { exitCode, json } = await eyeball(host);
        expect(exitCode).toBe(0);
        expect(attemptSummary(json)).toEqual([
          { address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'first' },
          { address: host.A[0], outcome: 'cancelled', code: null, startReason: 'timer' },
        ]);
        const v6 = attemptTo(json, host.AAAA[0]);
        expect(json.winner!.at - v6.startedAt).toBeGreaterThanOrEqual(400);
        expect(json.winner!.at - v6.startedAt).toBeLessThan(400 + LATE_MS);
      });
    });
  },
  { slow: true },
);
