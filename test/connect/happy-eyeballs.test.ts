/*
 * The whole Happy Eyeballs flow on virtual time, with exact start times, the winner, and cleanup (no timers
 * left, losers aborted). t = 0 is the call; AAAA is asked first and A right after; the defaults hold unless a
 * test says otherwise (Resolution Delay 50 ms, Connection Attempt Delay 250 ms, First Address Family Count 1,
 * host with global IPv6 and IPv4 sources, so IPv6 sorts first). a1..a3 = 2001:db8::1..3, b1..b3 = 192.0.2.1..3.
 *
 * The scenarios are numbered, and each test's title says which rule it pins:
 *   T1-T4   RFC 8305 §3 and §6: AAAA before A; A first with the Resolution Delay (AAAA inside it, after it,
 *           never); late answers merged into the addresses not yet tried.
 *   T5-T6   §4: interleaving by family, First Address Family Count 1 and 2 (2 favours IPv6 at the head only).
 *   T7      §5: a failure starts the next attempt at once, never within 10 ms of the previous start.
 *   T8      §5: everything fails: one error naming every address; no giving up while a DNS answer is pending.
 *   T9-T10  §3: one family NODATA, failing or timing out never holds the other back; both fail: a DNS error.
 *   T11     §7.1 with RFC 7050 discovery and RFC 6052 synthesis: NAT64 on an IPv6-only host (further down).
 *   T12     §5 and §8: the attempt delay's lower bound, and the overall timeout.
 *   T13-T14 §5: losers are cancelled, a late connection is destroyed; DNS answers after the win start nothing.
 *   T15-T16 §4 with RFC 6724: a ULA-only IPv6 host sorts IPv4 first; a family without a route sorts last.
 * V-numbered tests pin Happy Eyeballs v3 (draft-ietf-happy-happyeyeballs-v3-04): V3 the query order HTTPS,
 * AAAA, A (§4.1); V7 address hints count as answers (§4.2.1); V8 the start rule's worked examples (§4.2.2);
 * V17 every endpoint of a service group before the next group (§6); V22 no endpoint whose ALPN set the client
 * cannot use (§6.2); V25 hints the real answer lacks are dropped unless started (§7); V26 a late endpoint is
 * placed as if known from the start (§7).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { checkConnectOptions } from '../../src/connect/connect.js';
import { happyEyeballs } from '../../src/connect/happy-eyeballs.js';
import type { ConnectOptions } from '../../src/connect/options.js';
import { AttemptTimeoutError } from '../../src/errors/attempt-timeout-error.js';
import { ConnectTimeoutError } from '../../src/errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { Nat64SynthesisError } from '../../src/errors/nat64-synthesis-error.js';
import { ResolutionFailedError } from '../../src/errors/resolution-failed-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import {
  type FakeConnectPlan,
  type FakeDnsPlan,
  type FakeHttpsPlan,
  FAKE_HTTPS_SERVER,
  fakeNetwork,
  serviceRecord,
} from '../helpers/fake-network.js';

const a1 = '2001:db8::1';
const a2 = '2001:db8::2';
const a3 = '2001:db8::3';
const b1 = '192.0.2.1';
const b2 = '192.0.2.2';
const b3 = '192.0.2.3';

interface Scenario {
  dns: { AAAA?: FakeDnsPlan; A?: FakeDnsPlan; HTTPS?: FakeHttpsPlan };
  connect?: Record<string, FakeConnectPlan>;
  sources?: { 6?: string | null; 4?: string | null };
  names?: Record<string, { AAAA?: FakeDnsPlan; A?: FakeDnsPlan; HTTPS?: FakeHttpsPlan }>;
  options?: Partial<ConnectOptions>;
  /** Orders HTTPS records of equal priority (HEv3 §5.2). */
  random?: () => number;
  /** What connect() takes from `tls.alpn`. */
  clientAlpn?: string[];
  abortAt?: number;
}

async function run(scenario: Scenario) {
  const clock = new FakeClock();
  const network = fakeNetwork(clock, scenario);
  const { log } = network;
  const deps = scenario.random ? { ...network.deps, random: scenario.random } : network.deps;
  const events: TraceEvent[] = [];
  const controller = new AbortController();
  const settings = checkConnectOptions({
    host: 'dual.example',
    port: 443,
    signal: controller.signal,
    ...scenario.options,
    onEvent: (event) => events.push(event),
  });
  if (scenario.clientAlpn) Object.assign(settings, { clientAlpn: scenario.clientAlpn });
  if (scenario.abortAt !== undefined) clock.setTimeout(() => controller.abort(new Error('stopped by the user')), scenario.abortAt);
  const connection = capture(happyEyeballs(settings, deps));
  await clock.run();
  const outcome = connection.result();
  if (!outcome) throw new Error('the connection never settled');
  // Cleanup: nothing armed, no listener on the caller's signal.
  expect(clock.pendingTimers).toBe(0);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  const winner = outcome.ok ? outcome.value.address : null;
  const error = outcome.ok ? undefined : outcome.error;
  const connectedAt = events.find((event) => event.type === 'connected')?.at ?? null;
  return { outcome, winner, error, connectedAt, log, events, clock };
}

const types = (events: readonly TraceEvent[], type: TraceEvent['type']) => events.filter((event) => event.type === type);

describe('RFC 8305 scenarios on virtual time', () => {
  it('T1: AAAA before A: IPv6 starts on the AAAA answer, no Resolution Delay', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { AAAA: { at: 20, addresses: [a1, a2] }, A: { at: 25, addresses: [b1, b2] } },
      connect: { [a1]: { ok: 30 } },
    });
    expect(log.queries).toEqual([
      { family: 6, at: 0 },
      { family: 4, at: 0 },
    ]);
    expect(log.starts).toEqual({ [a1]: 20 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(50);
    expect(types(events, 'resolution-delay-started')).toEqual([]);
    const sorted = types(events, 'addresses-sorted').at(-1);
    expect(sorted).toMatchObject({ at: 25, addresses: [{ address: a1 }, { address: b1 }, { address: a2 }, { address: b2 }] });
  });

  it('T2: A first, AAAA inside the Resolution Delay: IPv6 starts on the AAAA answer', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { A: { at: 20, addresses: [b1, b2] }, AAAA: { at: 45, addresses: [a1, a2] } },
      connect: { [a1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [a1]: 45 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(75);
    expect(types(events, 'resolution-delay-started')).toEqual([{ type: 'resolution-delay-started', at: 20, delay: 50 }]);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 45, reason: 'aaaa-answer' }]);
  });

  it('T2b: the IPv6 address is a black hole: IPv4 starts 250 ms later and wins', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { A: { at: 20, addresses: [b1, b2] }, AAAA: { at: 45, addresses: [a1, a2] } },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [a1]: 45, [b1]: 295 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(325);
    expect(log.aborts).toEqual({ [a1]: 325 });
  });

  it('T3: AAAA after the Resolution Delay: IPv4 starts at its end; late IPv6 is merged and goes next on the timer', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { A: { at: 20, addresses: [b1, b2] }, AAAA: { at: 150, addresses: [a1] } },
      connect: { [a1]: { ok: 30 }, [b2]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 70, [a1]: 320 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(350);
    expect(log.aborts).toEqual({ [b1]: 350 });
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 70, reason: 'elapsed' }]);
    expect(types(events, 'addresses-sorted').at(-1)).toMatchObject({
      at: 150,
      addresses: [{ address: b1 }, { address: a1 }, { address: b2 }],
    });
  });

  it('T3b: AAAA never answers: IPv4 goes at the end of the delay; the AAAA query is cancelled on success', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { A: { at: 20, addresses: [b1] }, AAAA: 'never' },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 70 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(100);
    expect(types(events, 'dns-cancelled')).toEqual([{ type: 'dns-cancelled', at: 100, family: 6, recordType: 'AAAA' }]);
  });

  it('T4: AAAA lands while IPv4 attempts run: it goes next, then the families alternate', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { A: { at: 10, addresses: [b1, b2, b3] }, AAAA: { at: 400, addresses: [a1, a2] } },
      connect: { [a1]: { ok: 20 }, [b3]: { ok: 20 } },
    });
    expect(log.starts).toEqual({ [b1]: 60, [b2]: 310, [a1]: 560 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(580);
    expect(log.aborts).toEqual({ [b1]: 580, [b2]: 580 });
    expect(types(events, 'addresses-sorted').at(-1)).toMatchObject({
      at: 400,
      addresses: [{ address: b1 }, { address: b2 }, { address: a1 }, { address: b3 }, { address: a2 }],
    });
  });

  it('T5: interleaving with First Address Family Count 1', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2, a3] }, A: { at: 12, addresses: [b1, b2, b3] } },
      connect: { [b1]: { ok: 50 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 260 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(310);
    expect(log.aborts).toEqual({ [a1]: 310 });
  });

  it('T6: First Address Family Count 2 favours IPv6 at the head only', async () => {
    const { connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2, a3] }, A: { at: 12, addresses: [b1, b2, b3] } },
      connect: { [b1]: { ok: 50 } },
      options: { firstAddressFamilyCount: 2 },
    });
    expect(log.starts).toEqual({ [a1]: 10, [a2]: 260, [b1]: 510 });
    expect(connectedAt).toBe(560);
  });

  it('T6b: with count 2 the fifth address is b2 (head-only interleaving)', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2, a3] }, A: { at: 12, addresses: [b1, b2, b3] } },
      connect: { [b2]: { ok: 50 } },
      options: { firstAddressFamilyCount: 2 },
    });
    expect(log.starts).toEqual({ [a1]: 10, [a2]: 260, [b1]: 510, [a3]: 760, [b2]: 1010 });
    expect(winner).toBe(b2);
    expect(connectedAt).toBe(1060);
  });

  it('T7: a refusal starts the next attempt at once, and the timer restarts from it', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { fail: 30 }, [b1]: { ok: 40 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 40 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(80);
    expect(types(events, 'attempt-started').map((event) => 'reason' in event && event.reason)).toEqual(['first', 'previous-failed']);
    expect(types(events, 'attempt-failed')).toEqual([
      {
        type: 'attempt-failed',
        at: 40,
        index: 0,
        address: a1,
        family: 6,
        port: 443,
        error: { code: 'ECONNREFUSED', message: `connect ECONNREFUSED ${a1}` },
        timedOut: false,
      },
    ]);
  });

  it('T7b: never within 10 ms of the previous start, even after a faster failure', async () => {
    const { connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { fail: 2 }, [b1]: { ok: 40 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 20 });
    expect(connectedAt).toBe(60);
  });

  it('T7c: refusal, then a black hole, then success on the timer', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { fail: 30 }, [a2]: { ok: 10 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 40, [a2]: 290 });
    expect(winner).toBe(a2);
    expect(connectedAt).toBe(300);
  });

  it('T8: everything refused: one error naming every address, with times and causes', async () => {
    const { error, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { fail: 20 }, [b1]: { fail: 20 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 30 });
    expect(error).toBeInstanceOf(ConnectionFailedError);
    const failure = error as ConnectionFailedError;
    expect(failure.code).toBe('EYEBALL_CONNECT_FAILED');
    expect(failure.attempts.map(({ address, family, startedAt, endedAt }) => ({ address, family, startedAt, endedAt }))).toEqual([
      { address: a1, family: 6, startedAt: 10, endedAt: 30 },
      { address: b1, family: 4, startedAt: 30, endedAt: 50 },
    ]);
    expect(failure.errors.map((cause: { code: string }) => cause.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    expect(failure.message).toBe(
      `could not connect to dual.example:443: [${a1}]:443 connect ECONNREFUSED ${a1}; ${b1}:443 connect ECONNREFUSED ${b1}`,
    );
    expect(types(events, 'failed')).toEqual([{ type: 'failed', at: 50, error: { code: 'EYEBALL_CONNECT_FAILED', message: failure.message } }]);
  });

  it('T8b: does not give up while a DNS answer is pending', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 100, addresses: [b1] } },
      connect: { [a1]: { fail: 5 }, [b1]: { ok: 20 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 100 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(120);
    expect(types(events, 'attempt-started').at(-1)).toMatchObject({ reason: 'attempt-available', address: b1 });
  });

  it('T8c: everything black-holed, bounded by the per-attempt timeout', async () => {
    const { error, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 12, addresses: [b1] } },
      options: { attemptTimeout: 1000 },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 260 });
    const failure = error as ConnectionFailedError;
    expect(failure).toBeInstanceOf(ConnectionFailedError);
    expect(failure.attempts.map(({ endedAt }) => endedAt)).toEqual([1010, 1260]);
    expect(failure.errors[0]).toBeInstanceOf(AttemptTimeoutError);
    expect(types(events, 'attempt-failed').map((event) => 'timedOut' in event && event.timedOut)).toEqual([true, true]);
  });

  it('T9a: AAAA NODATA first: IPv4 starts on its answer', async () => {
    const { connectedAt, log, events } = await run({
      dns: { AAAA: { at: 15, addresses: [] }, A: { at: 20, addresses: [b1, b2] } },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 20 });
    expect(connectedAt).toBe(50);
    expect(types(events, 'dns-answer')[0]).toEqual({ type: 'dns-answer', at: 15, family: 6, recordType: 'AAAA', addresses: [], ttl: 60 });
  });

  it('T9b: A first, AAAA NODATA inside the delay ends it early', async () => {
    const { connectedAt, log, events } = await run({
      dns: { A: { at: 20, addresses: [b1, b2] }, AAAA: { at: 30, addresses: [] } },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 30 });
    expect(connectedAt).toBe(60);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 30, reason: 'aaaa-negative' }]);
  });

  it('T9c: A NODATA, IPv6 only', async () => {
    const { connectedAt, log } = await run({
      dns: { A: { at: 15, addresses: [] }, AAAA: { at: 20, addresses: [a1, a2] } },
      connect: { [a2]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [a1]: 20, [a2]: 270 });
    expect(connectedAt).toBe(300);
  });

  it('T10a: an AAAA query that times out does not hold IPv4 back', async () => {
    const { connectedAt, log, events } = await run({
      dns: { AAAA: { at: 5000, error: 'ETIMEOUT' }, A: { at: 20, addresses: [b1] } },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 70 });
    expect(connectedAt).toBe(100);
    expect(types(events, 'dns-error')).toEqual([]);
    expect(types(events, 'dns-cancelled')).toMatchObject([{ at: 100, recordType: 'AAAA' }]);
  });

  it('T10b: AAAA SERVFAIL counts as negative: IPv4 starts on its answer', async () => {
    const { connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, error: 'ESERVFAIL' }, A: { at: 20, addresses: [b1] } },
      connect: { [b1]: { ok: 30 } },
    });
    expect(log.starts).toEqual({ [b1]: 20 });
    expect(connectedAt).toBe(50);
    expect(types(events, 'dns-error')).toMatchObject([{ at: 10, family: 6, recordType: 'AAAA', error: { code: 'ESERVFAIL' } }]);
  });

  it('T10c: A SERVFAIL, IPv6 connects', async () => {
    const { connectedAt, log } = await run({
      dns: { A: { at: 10, error: 'ESERVFAIL' }, AAAA: { at: 40, addresses: [a1] } },
      connect: { [a1]: { ok: 10 } },
    });
    expect(log.starts).toEqual({ [a1]: 40 });
    expect(connectedAt).toBe(50);
  });

  it('T10d: NXDOMAIN for both: a DNS error carrying both query errors, no attempt', async () => {
    const { error, log, events } = await run({
      dns: { AAAA: { at: 10, error: 'ENOTFOUND' }, A: { at: 12, error: 'ENOTFOUND' } },
    });
    expect(log.starts).toEqual({});
    expect(error).toBeInstanceOf(ResolutionFailedError);
    const failure = error as ResolutionFailedError;
    expect(failure.code).toBe('ENOTFOUND');
    expect(failure.errors.map((cause: { recordType: string; code: string }) => [cause.recordType, cause.code])).toEqual([
      ['AAAA', 'ENOTFOUND'],
      ['A', 'ENOTFOUND'],
    ]);
    expect(failure.message).toMatch(/^could not resolve dual\.example \(AAAA: .*NXDOMAIN.*; A: .*NXDOMAIN/);
    expect(types(events, 'failed')).toMatchObject([{ at: 12, error: { code: 'ENOTFOUND' } }]);
  });

  it('T10d variant: both families empty: "has no addresses"', async () => {
    const { error } = await run({ dns: { AAAA: { at: 3, addresses: [] }, A: { at: 4, addresses: [] } } });
    expect(error).toBeInstanceOf(ResolutionFailedError);
    expect((error as ResolutionFailedError).message).toBe('dual.example has no addresses');
    expect((error as ResolutionFailedError).errors.map((cause: { recordType: string; code: string }) => [cause.recordType, cause.code])).toEqual([
      ['AAAA', 'ENODATA'],
      ['A', 'ENODATA'],
    ]);
  });

  it('T12: a 10 ms attempt delay spaces starts 10 ms apart; an overall timeout ends it', async () => {
    const { error, log, events } = await run({
      dns: { AAAA: { at: 0, addresses: [a1, a2, a3] } },
      options: { attemptDelay: 10, timeout: 100 },
    });
    expect(log.starts).toEqual({ [a1]: 0, [a2]: 10, [a3]: 20 });
    expect(error).toBeInstanceOf(ConnectTimeoutError);
    expect((error as ConnectTimeoutError).message).toBe('could not connect to dual.example:443 within 100 ms');
    expect(log.aborts).toEqual({ [a1]: 100, [a2]: 100, [a3]: 100 });
    expect(types(events, 'attempt-cancelled').map((event) => 'reason' in event && event.reason)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it.each([
    ['attemptDelay', { attemptDelay: 5 }],
    ['attemptDelay', { attemptDelay: 5000 }],
    ['resolutionDelay', { resolutionDelay: -1 }],
    ['firstAddressFamilyCount', { firstAddressFamilyCount: 0 }],
    ['firstAddressFamilyCount', { firstAddressFamilyCount: 1.5 }],
    ['port', { port: 0 }],
    ['port', { port: 65_536 }],
    ['host', { host: '' }],
    ['family', { family: 5 as 4 }],
    ['timeout', { timeout: 0 }],
    ['localAddress', { localAddress: 'not-an-ip' }],
    ['localAddress', { localAddress: '192.0.2.9', family: 6 as const }],
    ['host', { host: '2001:db8::1', family: 4 as const }],
  ])('T12: rejects %s outside its limits (%j)', (option, options) => {
    expect(() => checkConnectOptions({ host: 'dual.example', port: 443, ...options })).toThrow(InvalidOptionError);
    expect(() => checkConnectOptions({ host: 'dual.example', port: 443, ...options })).toThrow(`\`${option}\``);
  });

  it('T13: losers are cancelled and a late connection is destroyed, never returned', async () => {
    const { outcome, winner, connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { okIgnoringAbort: 300 }, [b1]: { ok: 40 } },
    });
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 260 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(300);
    expect(log.aborts).toEqual({ [a1]: 300 });
    expect(log.disposed).toEqual([a1]);
    expect(outcome.ok && outcome.value.destroyed).toBe(false);
  });

  it('T14: a DNS answer after the win starts nothing; its query is reported cancelled', async () => {
    const { connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 50, addresses: [b1] } },
      connect: { [a1]: { ok: 20 } },
    });
    expect(log.starts).toEqual({ [a1]: 10 });
    expect(connectedAt).toBe(30);
    expect(types(events, 'dns-cancelled')).toEqual([{ type: 'dns-cancelled', at: 30, family: 4, recordType: 'A' }]);
    expect(types(events, 'dns-answer').map((event) => 'recordType' in event && event.recordType)).toEqual(['AAAA']);
  });

  it('T15: RFC 6724 puts IPv4 first on a host whose only IPv6 source is a ULA; interleaving follows', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { A: { at: 8, addresses: [b1] }, AAAA: { at: 10, addresses: ['2001:db8::1', 'fd00::1'] } },
      connect: { '2001:db8::1': { ok: 20 } },
      sources: { 6: 'fd00::100', 4: '198.51.100.5' },
    });
    expect(log.starts).toEqual({ [b1]: 10, 'fd00::1': 260, '2001:db8::1': 510 });
    expect(winner).toBe('2001:db8::1');
    expect(connectedAt).toBe(530);
  });

  it('T16: IPv6 has no route on this host: it sorts last; its attempt fails at once and IPv4 follows after 10 ms', async () => {
    const { winner, connectedAt, log } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 12, addresses: [b1] } },
      connect: { [a1]: { fail: 0, code: 'ENETUNREACH' }, [b1]: { ok: 20 } },
      sources: { 6: null },
    });
    // Only a1 is known at 10, so it starts then; b1 follows the fast failure at max(12, 10 + 10).
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 20 });
    expect(winner).toBe(b1);
    expect(connectedAt).toBe(40);
  });
});

describe('the rest of the flow', () => {
  it('an IP literal skips DNS and connects at once', async () => {
    const { winner, log, events } = await run({ dns: {}, connect: { [a1]: { ok: 5 } }, options: { host: a1 } });
    expect(log.queries).toEqual([]);
    expect(log.starts).toEqual({ [a1]: 0 });
    expect(winner).toBe(a1);
    expect(types(events, 'addresses-sorted')).toEqual([{ type: 'addresses-sorted', at: 0, addresses: [{ address: a1, family: 6, port: 443 }] }]);
  });

  it.each([
    ['192.0.2.1', 4],
    ['2001:db8::1', 6],
    ['[2001:db8::1]', 6],
    ['::ffff:192.0.2.1', 6],
    ['192.0.2.1.example', null],
    ['1.2.3', null],
    ['1.2.3.256', null],
    ['a:b', null],
    ['dual.example', null],
  ] as const)('tells IP literals from names: %s is %s', (host, literal) => {
    expect(checkConnectOptions({ host, port: 443 }).literal).toBe(literal);
  });

  it('accepts a bracketed IPv6 literal', async () => {
    const { winner } = await run({ dns: {}, connect: { [a1]: { ok: 5 } }, options: { host: `[${a1}]` } });
    expect(winner).toBe(a1);
  });

  it('family 4 asks only for A', async () => {
    const { log, winner } = await run({
      dns: { AAAA: { at: 1, addresses: [a1] }, A: { at: 5, addresses: [b1] } },
      connect: { [b1]: { ok: 5 } },
      options: { family: 4 },
    });
    expect(log.queries).toEqual([{ family: 4, at: 0 }]);
    expect(log.starts).toEqual({ [b1]: 5 });
    expect(winner).toBe(b1);
  });

  it('a single local address restricts to its family and binds every attempt to it', async () => {
    const { log } = await run({
      dns: { AAAA: { at: 1, addresses: [a1] }, A: { at: 5, addresses: [b1] } },
      connect: { [b1]: { ok: 5 } },
      options: { localAddress: '198.51.100.7' },
    });
    expect(log.queries).toEqual([{ family: 4, at: 0 }]);
    expect(log.localAddresses).toEqual({ [b1]: '198.51.100.7' });
  });

  it('local addresses per family bind each family to its own', async () => {
    const { log } = await run({
      dns: { AAAA: { at: 1, addresses: [a1] }, A: { at: 5, addresses: [b1] } },
      connect: { [a1]: { fail: 10 }, [b1]: { ok: 5 } },
      options: { localAddress: { ipv4: '198.51.100.7', ipv6: '2001:db8:ffff::7' } },
    });
    expect(log.localAddresses).toEqual({ [a1]: '2001:db8:ffff::7', [b1]: '198.51.100.7' });
  });

  it('the caller aborts mid-race: rejects with the reason, unchanged; everything is cancelled', async () => {
    const { error, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: 'never' },
      abortAt: 100,
    });
    expect(error).toEqual(new Error('stopped by the user'));
    expect(log.aborts).toEqual({ [a1]: 100 });
    expect(types(events, 'dns-cancelled')).toMatchObject([{ at: 100, recordType: 'A' }]);
    expect(types(events, 'failed')).toMatchObject([{ at: 100, error: { code: 'Error', message: 'stopped by the user' } }]);
  });

  it('an overall timeout while DNS is silent: ConnectTimeoutError, both queries cancelled', async () => {
    const { error, events } = await run({ dns: { AAAA: 'never', A: 'never' }, options: { timeout: 300 } });
    expect(error).toBeInstanceOf(ConnectTimeoutError);
    expect(types(events, 'dns-cancelled').map((event) => event.at)).toEqual([300, 300]);
  });

  it('a duplicate address in both answers is tried once', async () => {
    const { log } = await run({
      dns: { AAAA: { at: 1, addresses: [a1, a1] }, A: { at: 2, addresses: [b1, b1] } },
      connect: { [a1]: { fail: 1 }, [b1]: { fail: 1 } },
    });
    expect(Object.keys(log.starts)).toEqual([a1, b1]);
  });

  it('emits the trace in time order, with the winner last', async () => {
    const { events } = await run({
      dns: { A: { at: 20, addresses: [b1] }, AAAA: { at: 45, addresses: [a1] } },
      connect: { [b1]: { ok: 30 } },
    });
    const times = events.map((event) => event.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(events.map((event) => event.type)).toEqual([
      'dns-query',
      'dns-query',
      'dns-answer',
      'addresses-sorted',
      'resolution-delay-started',
      'dns-answer',
      'resolution-delay-ended',
      'addresses-sorted',
      'attempt-started',
      'attempt-scheduled',
      'attempt-started',
      'attempt-succeeded',
      'attempt-cancelled',
      'connected',
    ]);
  });
});

/*
 * T11: NAT64 on an IPv6-only host (RFC 8305 §7.1, RFC 7050, RFC 6052). The host has an IPv6
 * source and no IPv4 route; the resolver does no DNS64, so eyeball synthesises.
 */
describe('NAT64 scenarios on virtual time (T11)', () => {
  const IPV6_ONLY = { 4: null } as const;
  const WKP_DISCOVERY = { 'ipv4only.arpa': { AAAA: { at: 5, addresses: ['64:ff9b::c000:aa', '64:ff9b::c000:ab'] } } };
  const s1 = '64:ff9b::c000:201'; // 192.0.2.1 under 64:ff9b::/96
  const fromB1 = { address: b1, prefix: '64:ff9b::/96' };

  it('T11: discovery @5 finds 64:ff9b::/96; the A answer @12 is tried as 64:ff9b::c000:201 and wins @52', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: [b1] } },
      names: WKP_DISCOVERY,
      sources: IPV6_ONLY,
      connect: { [s1]: { ok: 40 } },
      options: { nat64: true },
    });
    expect(log.namedQueries).toEqual([{ hostname: 'ipv4only.arpa', family: 6, at: 0 }]);
    expect(log.queries).toEqual([
      { family: 6, at: 0 },
      { family: 4, at: 0 },
    ]);
    expect(log.starts).toEqual({ [s1]: 12 });
    expect(winner).toBe(s1);
    expect(connectedAt).toBe(52);
    expect(types(events, 'nat64-query')).toEqual([{ type: 'nat64-query', at: 0, resolver: 'fake' }]);
    expect(types(events, 'nat64-prefix')).toEqual([{ type: 'nat64-prefix', at: 5, source: 'rfc7050', prefixes: ['64:ff9b::/96'], error: null }]);
    expect(types(events, 'addresses-sorted').at(-1)).toEqual({
      type: 'addresses-sorted',
      at: 12,
      addresses: [{ address: s1, family: 6, port: 443, synthesizedFrom: fromB1 }],
    });
    expect(types(events, 'attempt-started')).toEqual([
      { type: 'attempt-started', at: 12, index: 0, reason: 'first', address: s1, family: 6, port: 443, synthesizedFrom: fromB1 },
    ]);
    expect(types(events, 'connected')).toMatchObject([{ at: 52, address: s1, synthesizedFrom: fromB1 }]);
  });

  it('T11, A before the prefix: the A answer waits for discovery, then goes at once', async () => {
    const { connectedAt, log } = await run({
      dns: { AAAA: { at: 2, addresses: [] }, A: { at: 3, addresses: [b1] } },
      names: WKP_DISCOVERY,
      sources: IPV6_ONLY,
      connect: { [s1]: { ok: 40 } },
      options: { nat64: true },
    });
    expect(log.starts).toEqual({ [s1]: 5 });
    expect(connectedAt).toBe(45);
  });

  it('T11 with the prefix given: no discovery query, the prefix is in the trace at once', async () => {
    const { connectedAt, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: [b1] } },
      sources: IPV6_ONLY,
      connect: { [s1]: { ok: 40 } },
      options: { nat64: { prefix: '64:ff9b::/96' } },
    });
    expect(log.namedQueries).toEqual([]);
    expect(log.queries).toHaveLength(2);
    expect(connectedAt).toBe(52);
    expect(types(events, 'nat64-prefix')).toEqual([{ type: 'nat64-prefix', at: 0, source: 'option', prefixes: ['64:ff9b::/96'], error: null }]);
    expect(types(events, 'nat64-query')).toEqual([]);
  });

  it('T11b: an IPv4 literal needs no host DNS; it is tried as soon as the prefix is known (@5) and wins @45', async () => {
    const { winner, connectedAt, log, events } = await run({
      dns: {},
      names: WKP_DISCOVERY,
      sources: IPV6_ONLY,
      connect: { [s1]: { ok: 40 } },
      options: { host: b1, nat64: true },
    });
    expect(log.queries).toEqual([]);
    expect(log.starts).toEqual({ [s1]: 5 });
    expect(winner).toBe(s1);
    expect(connectedAt).toBe(45);
    expect(types(events, 'attempt-started')).toMatchObject([{ address: s1, family: 6, synthesizedFrom: fromB1 }]);
  });

  it('T11b with a /64 Network-Specific Prefix: 192.0.2.1 becomes 2001:db8:122:344:c0:2:100:0 (the /64 trap)', async () => {
    const synthesized = '2001:db8:122:344:c0:2:100:0';
    const { winner, connectedAt, log } = await run({
      dns: {},
      sources: IPV6_ONLY,
      connect: { [synthesized]: { ok: 40 } },
      options: { host: b1, nat64: { prefix: '2001:db8:122:344::/64' } },
    });
    expect(log.starts).toEqual({ [synthesized]: 0 });
    expect(winner).toBe(synthesized);
    expect(connectedAt).toBe(40);
  });

  it.each(['127.0.0.1', '169.254.1.1', '0.0.0.1', '255.255.255.255', '10.0.0.1'])(
    'T11c: the literal %s is never synthesised under 64:ff9b::/96: a clear error and no attempt',
    async (literal) => {
      const { error, log, events } = await run({ dns: {}, names: WKP_DISCOVERY, sources: IPV6_ONLY, options: { host: literal, nat64: true } });
      expect(error).toBeInstanceOf(Nat64SynthesisError);
      expect(error).toMatchObject({ code: 'EYEBALL_NAT64_FORBIDDEN', address: literal, prefix: '64:ff9b::/96' });
      expect(log.starts).toEqual({});
      expect(types(events, 'attempt-started')).toEqual([]);
      expect(events.at(-1)).toEqual({ type: 'failed', at: 5, error: { code: 'EYEBALL_NAT64_FORBIDDEN', message: (error as Error).message } });
    },
  );

  it('T11c: 10.0.0.1 is fine under a Network-Specific Prefix (RFC 6052 §3.1 is about the Well-Known Prefix only)', async () => {
    const synthesized = '2001:db8:122:a00:0:100::'; // 10.0.0.1 under 2001:db8:122::/48
    const { winner, log } = await run({
      dns: {},
      sources: IPV6_ONLY,
      connect: { [synthesized]: { ok: 10 } },
      options: { host: '10.0.0.1', nat64: { prefix: '2001:db8:122::/48' } },
    });
    expect(log.starts).toEqual({ [synthesized]: 0 });
    expect(winner).toBe(synthesized);
  });

  it('a forbidden address in an A answer is kept as IPv4 (unusable, sorted last); the others are synthesised', async () => {
    const { log, events, winner } = await run({
      dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: ['10.0.0.1', b1] } },
      sources: IPV6_ONLY,
      connect: { [s1]: { ok: 40 } },
      options: { nat64: { prefix: '64:ff9b::/96' } },
    });
    expect(types(events, 'addresses-sorted').at(-1)).toMatchObject({
      addresses: [
        { address: s1, synthesizedFrom: fromB1 },
        { address: '10.0.0.1', family: 4 },
      ],
    });
    expect(log.starts).toEqual({ [s1]: 12 });
    expect(winner).toBe(s1);
  });

  it('a dual-stack host sends no discovery query and connects over IPv4 as usual', async () => {
    const { winner, log, events } = await run({
      dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: [b1] } },
      names: WKP_DISCOVERY,
      connect: { [b1]: { ok: 10 } },
      options: { nat64: true },
    });
    expect(log.namedQueries).toEqual([]);
    expect(winner).toBe(b1);
    expect(types(events, 'nat64-query')).toEqual([]);
  });

  it.each([
    ['fails', { at: 5, error: 'ESERVFAIL' }, { code: 'ESERVFAIL' }],
    ['has no AAAA (no DNS64)', { at: 5, addresses: [] }, null],
  ] as Array<[string, FakeDnsPlan, { code: string } | null]>)(
    'discovery that %s: no prefix, the IPv4 address is tried as it is',
    async (_title, answer, error) => {
      const { log, events, outcome } = await run({
        dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: [b1] } },
        names: { 'ipv4only.arpa': { AAAA: answer } },
        sources: IPV6_ONLY,
        connect: { [b1]: { fail: 0, code: 'ENETUNREACH' } },
        options: { nat64: true },
      });
      expect(types(events, 'nat64-prefix')).toMatchObject([{ at: 5, source: 'rfc7050', prefixes: [], error }]);
      expect(log.starts).toEqual({ [b1]: 12 });
      expect(outcome.ok).toBe(false);
    },
  );

  it('a connection made before discovery answers cancels it: nothing left pending', async () => {
    const { winner, connectedAt } = await run({
      dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 12, addresses: [] } },
      names: { 'ipv4only.arpa': { AAAA: 'never' } },
      sources: IPV6_ONLY,
      connect: { [a1]: { ok: 5 } },
      options: { nat64: true },
    });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(15);
  });

  it('checks the nat64 option', () => {
    expect(() => checkConnectOptions({ host: 'x.example', port: 1, nat64: { prefix: '64:ff9b::/33' } })).toThrow('`nat64.prefix`');
    expect(() => checkConnectOptions({ host: 'x.example', port: 1, nat64: 'on' as unknown as boolean })).toThrow(InvalidOptionError);
    expect(checkConnectOptions({ host: 'x.example', port: 1, nat64: {} }).nat64).toEqual({ prefix: null });
    expect(checkConnectOptions({ host: 'x.example', port: 1 }).nat64).toBeNull();
  });
});

describe('HTTPS records steer the start (HEv3 -04 §4, the `https` option)', () => {
  const https = { https: true };

  it('V3: asks HTTPS first, then AAAA, then A, all at once', async () => {
    const { log, events } = await run({
      dns: { HTTPS: { at: 5, records: [] }, AAAA: { at: 20, addresses: [a1] }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    expect(log.order).toEqual(['HTTPS', 'AAAA', 'A']);
    expect(log.queries).toEqual([
      { family: 6, at: 0 },
      { family: 4, at: 0 },
    ]);
    expect(types(events, 'https-answer')).toEqual([{ type: 'https-answer', at: 5, records: [], ttl: null, malformed: 0 }]);
    expect(log.starts).toEqual({ [a1]: 20 });
  });

  it('V8: AAAA and A at 30, HTTPS at 40: the start waits for HTTPS and happens at 40', async () => {
    const record = serviceRecord({ alpn: ['h2'] });
    const { log, events, winner, connectedAt } = await run({
      dns: { AAAA: { at: 30, addresses: [a1] }, A: { at: 30, addresses: [b1] }, HTTPS: { at: 40, records: [record] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 40 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(70);
    expect(types(events, 'resolution-delay-started')).toEqual([{ type: 'resolution-delay-started', at: 30, delay: 50 }]);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 40, reason: 'https-answer' }]);
    expect(types(events, 'https-answer')).toEqual([{ type: 'https-answer', at: 40, records: [record], ttl: 300, malformed: 0 }]);
  });

  it('V8: HTTPS at 10, A at 30 arms the 50 ms delay, AAAA at 40 ends it: both families go, IPv6 first', async () => {
    const { log, events } = await run({
      dns: { HTTPS: { at: 10, records: [] }, A: { at: 30, addresses: [b1] }, AAAA: { at: 40, addresses: [a1] } },
      connect: { [b1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 40, [b1]: 290 });
    expect(types(events, 'resolution-delay-started')).toEqual([{ type: 'resolution-delay-started', at: 30, delay: 50 }]);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 40, reason: 'aaaa-answer' }]);
  });

  it('V8: HTTPS never answers: the Resolution Delay bounds the wait, and the query is cancelled at the end', async () => {
    const { log, events, connectedAt } = await run({
      dns: { HTTPS: 'never', AAAA: { at: 20, addresses: [a1] }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 70 });
    expect(connectedAt).toBe(100);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 70, reason: 'elapsed' }]);
    expect(types(events, 'https-answer')).toEqual([]);
    // Still out when the race was won: reported, and its signal aborted at that moment.
    expect(types(events, 'https-cancelled')).toEqual([{ type: 'https-cancelled', at: 100 }]);
    expect(log.httpsAbortedAt).toBe(100);
  });

  it('the HTTPS query is traced first: https-query at 0 with the resolver and its server, before AAAA and A', async () => {
    const { events, log } = await run({
      dns: { HTTPS: { at: 5, records: [] }, AAAA: { at: 20, addresses: [a1] }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    const queries = events.filter((event) => event.type === 'https-query' || event.type === 'dns-query');
    expect(queries).toEqual([
      { type: 'https-query', at: 0, resolver: 'fake', server: FAKE_HTTPS_SERVER },
      { type: 'dns-query', at: 0, family: 6, recordType: 'AAAA', resolver: 'fake' },
      { type: 'dns-query', at: 0, family: 4, recordType: 'A', resolver: 'fake' },
    ]);
    // Answered before the end: nothing to cancel.
    expect(types(events, 'https-cancelled')).toEqual([]);
    expect(log.httpsAbortedAt).toBeNull();
  });

  it('every attempt fails while HTTPS is out: the race waits for the answer (it may name other endpoints), then fails', async () => {
    const { events, log, error } = await run({
      dns: { HTTPS: { at: 300, records: [] }, AAAA: { at: 20, addresses: [a1] }, A: { at: 20, addresses: [] } },
      connect: { [a1]: { fail: 10 } },
      options: https,
    });
    expect(error).toBeInstanceOf(ConnectionFailedError);
    // Delay armed at 20 (HTTPS out), over at 70; a1 fails at 80; HTTPS says NODATA at 300: nothing is left.
    expect(types(events, 'https-cancelled')).toEqual([]);
    expect(log.httpsAbortedAt).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'failed', at: 300 });
  });

  it('HTTPS never answers and every attempt fails: the overall timeout ends the race and cancels the query', async () => {
    const { events, log, error } = await run({
      dns: { HTTPS: 'never', AAAA: { at: 20, addresses: [a1] }, A: { at: 20, addresses: [] } },
      connect: { [a1]: { fail: 10 } },
      options: { ...https, timeout: 500 },
    });
    expect(error).toBeInstanceOf(ConnectTimeoutError);
    expect(types(events, 'https-cancelled')).toEqual([{ type: 'https-cancelled', at: 500 }]);
    expect(log.httpsAbortedAt).toBe(500);
    expect(events.at(-1)).toMatchObject({ type: 'failed', at: 500 });
  });

  it('HTTPS never answers and the caller aborts: the query is cancelled at the abort', async () => {
    const { events, log } = await run({
      dns: { HTTPS: 'never', AAAA: 'never', A: 'never' },
      options: https,
      abortAt: 40,
    });
    expect(types(events, 'https-cancelled')).toEqual([{ type: 'https-cancelled', at: 40 }]);
    expect(types(events, 'dns-cancelled').map((event) => event.at)).toEqual([40, 40]);
    expect(log.httpsAbortedAt).toBe(40);
  });

  it('V8: HTTPS with an ipv6hint at 30 starts at once, before AAAA and A', async () => {
    const { log, events, winner } = await run({
      dns: {
        HTTPS: { at: 30, records: [serviceRecord({ ipv6hint: [a1], ipv4hint: [b1] })] },
        AAAA: { at: 100, addresses: [a1] },
        A: { at: 100, addresses: [b1] },
      },
      connect: { [a1]: { ok: 100 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 30 });
    expect(winner).toBe(a1);
    expect(types(events, 'resolution-delay-started')).toEqual([]);
    expect(types(events, 'addresses-sorted').at(0)).toMatchObject({ at: 30, addresses: [{ address: a1 }, { address: b1 }] });
  });

  it('V7: an ipv4hint alone is an A answer that came first: the delay runs for AAAA, then IPv4 goes', async () => {
    const { log, events } = await run({
      dns: { HTTPS: { at: 10, records: [serviceRecord({ ipv4hint: [b1] })] }, AAAA: { at: 200, addresses: [a1] }, A: { at: 200, addresses: [b1] } },
      connect: { [b1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [b1]: 60 });
    expect(types(events, 'resolution-delay-started')).toEqual([{ type: 'resolution-delay-started', at: 10, delay: 50 }]);
    // The attempt went to an address only the hint had named: the trace says so.
    expect(types(events, 'attempt-started')).toEqual([
      {
        type: 'attempt-started',
        at: 60,
        index: 0,
        reason: 'first',
        address: b1,
        family: 4,
        port: 443,
        fromHint: true,
        service: { target: 'dual.example', priority: 1 },
      },
    ]);
    expect(types(events, 'connected')).toMatchObject([{ address: b1, fromHint: true }]);
  });

  it('a hint the real answer names before its attempt starts is no longer marked as from the hint', async () => {
    const { log, events } = await run({
      dns: { HTTPS: { at: 10, records: [serviceRecord({ ipv4hint: [b1] })] }, AAAA: { at: 200, addresses: [a1] }, A: { at: 30, addresses: [b1] } },
      connect: { [b1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [b1]: 60 });
    expect(events.flatMap((event) => (event.type === 'addresses-sorted' ? [event.addresses] : []))).toEqual([
      [{ address: b1, family: 4, port: 443, fromHint: true, service: { target: 'dual.example', priority: 1 } }],
      [{ address: b1, family: 4, port: 443, service: { target: 'dual.example', priority: 1 } }],
    ]);
    expect(types(events, 'attempt-started')).toEqual([
      {
        type: 'attempt-started',
        at: 60,
        index: 0,
        reason: 'first',
        address: b1,
        family: 4,
        port: 443,
        service: { target: 'dual.example', priority: 1 },
      },
    ]);
  });

  it('V25: hints absent from the real answer are dropped unless tried; the real addresses take their place', async () => {
    const { log, events, winner } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ ipv6hint: [a1, a2] })] },
        AAAA: { at: 100, addresses: [a3] },
        A: { at: 100, addresses: [b1] },
      },
      connect: { [a3]: { ok: 10 } },
      options: https,
    });
    // a1 (a hint) was started at 10 and keeps running; a2 is never tried.
    expect(log.starts).toEqual({ [a1]: 10, [b1]: 260, [a3]: 510 });
    expect(winner).toBe(a3);
    expect(log.aborts).toEqual({ [a1]: 520, [b1]: 520 });
    const last = types(events, 'addresses-sorted').at(-1);
    expect(last).toMatchObject({ at: 100, addresses: [{ address: a1 }, { address: b1 }, { address: a3 }] });
  });

  it('V25: an attempt started on a hint the real answer lacks is not cancelled, and can win', async () => {
    const { log, winner, connectedAt } = await run({
      dns: { HTTPS: { at: 10, records: [serviceRecord({ ipv6hint: [a1] })] }, AAAA: { at: 50, addresses: [a3] }, A: { at: 50, addresses: [] } },
      connect: { [a1]: { ok: 100 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 10 });
    expect(winner).toBe(a1);
    expect(connectedAt).toBe(110);
  });

  it.each(['ENOTFOUND', 'ESERVFAIL'])('V5: an HTTPS error (%s) counts as a negative answer and ends the wait', async (code) => {
    const { log, events } = await run({
      dns: { AAAA: { at: 20, addresses: [a1] }, HTTPS: { at: 30, error: code }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 30 });
    expect(types(events, 'https-error')).toMatchObject([{ type: 'https-error', at: 30, error: { code } }]);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 30, reason: 'https-answer' }]);
  });

  it('https: false (the default) never asks for HTTPS: T1 unchanged', async () => {
    const { log, events } = await run({
      dns: { HTTPS: { at: 40, records: [] }, AAAA: { at: 20, addresses: [a1] }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
    });
    expect(log.order).toEqual(['AAAA', 'A']);
    expect(log.starts).toEqual({ [a1]: 20 });
    expect(types(events, 'https-answer')).toEqual([]);
  });

  it('https: true with a resolver that has no resolveHttps behaves as RFC 8305', async () => {
    const { log } = await run({
      dns: { AAAA: { at: 20, addresses: [a1] }, A: { at: 25, addresses: [b1] } },
      connect: { [a1]: { ok: 30 } },
      options: https,
    });
    expect(log.order).toEqual(['AAAA', 'A']);
    expect(log.starts).toEqual({ [a1]: 20 });
  });

  it.each([
    { clientAlpn: ['h2', 'http/1.1'], starts: { [a1]: 30 } },
    { clientAlpn: ['h3'], starts: { [a2]: 10 } },
    // No ALPN offered: eyeball speaks TCP only, and h3 runs over QUIC (see service-groups.ts).
    { clientAlpn: [], starts: { [a1]: 30 } },
  ])('V22: hints of an h3-only record are used only by a client that offers h3 ($clientAlpn)', async ({ clientAlpn, starts }) => {
    const { log } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ alpn: ['h3'], noDefaultAlpn: true, ipv6hint: [a2] })] },
        AAAA: { at: 30, addresses: [a1] },
        A: { at: 30, addresses: [] },
      },
      connect: { [a1]: { ok: 5 }, [a2]: { ok: 5 } },
      options: https,
      clientAlpn,
    });
    expect(log.starts).toEqual(starts);
  });

  it('refuses an https option that is not a boolean', () => {
    expect(() => checkConnectOptions({ host: 'x.example', port: 1, https: 'yes' as unknown as boolean })).toThrow(InvalidOptionError);
  });
});

describe('HTTPS services: other TargetNames, groups, ALPN, aliases (HEv3 -04 §5.2, §6, RFC 9460 §3)', () => {
  const https = { https: true };
  const c1 = '2001:db8:c::1';
  const c2 = '2001:db8:c::2';
  const d1 = '203.0.113.1';
  const f1 = '203.0.113.5';
  const started = (events: readonly TraceEvent[]) =>
    events.flatMap((event) =>
      event.type === 'attempt-started' ? [`${event.at} ${event.address}:${event.port} ${event.service?.target ?? '-'}`] : [],
    );

  it("a TargetName's AAAA and A are asked; its hint is tried at once, on the record's port, tagged with the service", async () => {
    const { log, events, winner, connectedAt } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ target: 'svc.example', port: 8443, ipv6hint: [c1] })] },
        AAAA: { at: 20, addresses: [a1] },
        A: { at: 20, addresses: [b1] },
      },
      names: { 'svc.example': { AAAA: { at: 45, addresses: [c1] }, A: { at: 45, addresses: [d1] } } },
      connect: { [c1]: { ok: 30 } },
      options: https,
    });
    expect(log.starts).toEqual({ [c1]: 10 });
    expect(log.ports).toEqual({ [c1]: 8443 });
    expect(winner).toBe(c1);
    expect(connectedAt).toBe(40);
    expect(log.namedQueries).toEqual([
      { hostname: 'svc.example', family: 6, at: 10 },
      { hostname: 'svc.example', family: 4, at: 10 },
    ]);
    expect(types(events, 'dns-query').slice(2)).toEqual([
      { type: 'dns-query', at: 10, family: 6, recordType: 'AAAA', resolver: 'fake', name: 'svc.example' },
      { type: 'dns-query', at: 10, family: 4, recordType: 'A', resolver: 'fake', name: 'svc.example' },
    ]);
    expect(types(events, 'attempt-started')).toEqual([
      {
        type: 'attempt-started',
        at: 10,
        index: 0,
        reason: 'first',
        address: c1,
        family: 6,
        port: 8443,
        service: { target: 'svc.example', priority: 1 },
        fromHint: true,
      },
    ]);
    expect(types(events, 'connected')).toMatchObject([{ at: 40, address: c1, port: 8443, service: { target: 'svc.example' } }]);
    expect(types(events, 'dns-cancelled')).toEqual([
      { type: 'dns-cancelled', at: 40, family: 6, recordType: 'AAAA', name: 'svc.example' },
      { type: 'dns-cancelled', at: 40, family: 4, recordType: 'A', name: 'svc.example' },
    ]);
  });

  it('V25 for a TargetName: its real answer replaces its hints; a failed family keeps them', async () => {
    const { events } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ target: 'svc.example', ipv6hint: [c1, c2], ipv4hint: [d1] })] },
        AAAA: { at: 5, addresses: [] },
        A: { at: 5, addresses: [] },
      },
      names: { 'svc.example': { AAAA: { at: 100, addresses: [c2] }, A: { at: 100, error: 'ESERVFAIL' } } },
      connect: { [d1]: { fail: 300 } },
      options: { ...https, timeout: 800 },
    });
    // c1 (a hint) started at 10 keeps running; after the answer at 100, c2 and d1 are left, c1 is not re-added.
    expect(started(events)).toEqual([`10 ${c1}:443 svc.example`, `260 ${d1}:443 svc.example`, `510 ${c2}:443 svc.example`]);
    const last = types(events, 'addresses-sorted').at(-1);
    expect(last).toMatchObject({ at: 100, addresses: [{ address: c1 }, { address: d1 }, { address: c2 }] });
    expect(types(events, 'dns-error')).toMatchObject([{ at: 100, family: 4, name: 'svc.example', error: { code: 'ESERVFAIL' } }]);
  });

  it('the host without addresses of its own: the race waits for the HTTPS answer and its TargetName', async () => {
    const { winner, connectedAt, events } = await run({
      dns: {
        HTTPS: { at: 50, records: [serviceRecord({ target: 'svc.example', port: 8443 })] },
        AAAA: { at: 5, error: 'ENOTFOUND' },
        A: { at: 5, error: 'ENOTFOUND' },
      },
      names: { 'svc.example': { AAAA: { at: 70, addresses: [] }, A: { at: 80, addresses: [d1] } } },
      connect: { [d1]: { ok: 10 } },
      options: https,
    });
    expect(started(events)).toEqual([`80 ${d1}:8443 svc.example`]);
    expect(winner).toBe(d1);
    expect(connectedAt).toBe(90);
  });

  it("V17, V26: a service's addresses arriving late still go before the host's plain ones, all of the group first", async () => {
    const { log, events, winner, connectedAt } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ target: 'svc.example', port: 8443 })] },
        AAAA: { at: 20, addresses: [a1] },
        A: { at: 20, addresses: [b1] },
      },
      names: { 'svc.example': { AAAA: { at: 50, addresses: [c1] }, A: { at: 50, addresses: [d1] } } },
      connect: { [d1]: { ok: 10 } },
      options: https,
    });
    expect(started(events)).toEqual(['20 2001:db8::1:443 -', '270 2001:db8:c::1:8443 svc.example', '520 203.0.113.1:8443 svc.example']);
    expect(winner).toBe(d1);
    expect(connectedAt).toBe(530);
    expect(log.aborts).toEqual({ [a1]: 530, [c1]: 530 });
    const last = types(events, 'addresses-sorted').at(-1);
    expect(last?.type === 'addresses-sorted' && last.addresses.map(({ address, port }) => `${address}:${port}`)).toEqual([
      `${a1}:443`,
      `${c1}:8443`,
      `${d1}:8443`,
      `${b1}:443`,
    ]);
  });

  // svc.example and alt.example share priority 1: `random` decides which goes first.
  const svcGroup = [`${c1}:443 svc.example`, `${d1}:443 svc.example`, `${c2}:443 svc.example`];
  const altGroup = [`${f1}:9000 alt.example`];
  it.each([
    { random: () => 0.999, first: 'svc.example', services: [...svcGroup, ...altGroup] },
    { random: () => 0, first: 'alt.example', services: [...altGroup, ...svcGroup] },
  ])(
    "V12, V13, V14: groups by SvcPriority ($first first of the equal ones), RFC 6724 and interleaving within each, the host's plain addresses last",
    async ({ random, services }) => {
      const { events, error } = await run({
        dns: {
          HTTPS: {
            at: 5,
            records: [
              serviceRecord({ priority: 2, target: '.', port: 8443 }),
              serviceRecord({ priority: 1, target: 'svc.example' }),
              serviceRecord({ priority: 1, target: 'alt.example', port: 9000 }),
            ],
          },
          AAAA: { at: 40, addresses: [a1, a2] },
          A: { at: 10, addresses: [b1] },
        },
        names: {
          'svc.example': { AAAA: { at: 30, addresses: [c1, c2] }, A: { at: 10, addresses: [d1] } },
          'alt.example': { AAAA: { at: 10, addresses: [] }, A: { at: 10, addresses: [f1] } },
        },
        options: { ...https, timeout: 2300 },
        random,
      });
      expect(error).toBeInstanceOf(ConnectTimeoutError);
      const order = [
        ...services,
        `${a1}:8443 dual.example`,
        `${b1}:8443 dual.example`,
        `${a2}:8443 dual.example`,
        `${a1}:443 -`,
        `${b1}:443 -`,
        `${a2}:443 -`,
      ];
      // One attempt every 250 ms from 30, when the first IPv6 address of a service came.
      expect(started(events)).toEqual(order.map((endpoint, index) => `${30 + 250 * index} ${endpoint}`));
      // The A answer at 10 armed the Resolution Delay; the service's AAAA at 30 ended it.
      expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 30, reason: 'aaaa-answer' }]);
    },
  );

  it("V22: when no record is usable, no TargetName is asked and the host's plain A/AAAA are used (RFC 9460 §3)", async () => {
    const h3Only = { alpn: ['h3'], noDefaultAlpn: true };
    const { log, events } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ ...h3Only, ipv6hint: [a2] }), serviceRecord({ ...h3Only, priority: 2, target: 'svc.example' })] },
        AAAA: { at: 30, addresses: [a1] },
        A: { at: 30, addresses: [] },
      },
      names: { 'svc.example': { AAAA: { at: 20, addresses: [c1] } } },
      connect: { [a1]: { ok: 5 } },
      options: { ...https, port: 443 },
      clientAlpn: ['h2', 'http/1.1'],
    });
    expect(log.namedQueries).toEqual([]);
    expect(log.starts).toEqual({ [a1]: 30 });
    expect(types(events, 'attempt-started')).toEqual([
      { type: 'attempt-started', at: 30, index: 0, reason: 'first', address: a1, family: 6, port: 443 },
    ]);
  });

  it("AliasMode: the alias target's ServiceMode records are followed; the wait for HTTPS lasts until they come", async () => {
    const { log, events, winner, connectedAt } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ mode: 'alias', priority: 0, target: 'cdn.example' })] },
        AAAA: { at: 5, addresses: [a1] },
        A: { at: 5, addresses: [b1] },
      },
      names: {
        'cdn.example': {
          HTTPS: { at: 20, records: [serviceRecord({ port: 8443, ipv6hint: [c1] })] },
          AAAA: { at: 60, addresses: [c1] },
          A: { at: 60, addresses: [] },
        },
      },
      connect: { [c1]: { ok: 10 } },
      options: https,
    });
    expect(log.httpsNames).toEqual(['dual.example', 'cdn.example']);
    expect(types(events, 'https-answer').map((event) => ({ at: event.at, name: 'name' in event ? event.name : undefined }))).toEqual([
      { at: 10, name: undefined },
      { at: 20, name: 'cdn.example' },
    ]);
    expect(types(events, 'resolution-delay-started')).toEqual([{ type: 'resolution-delay-started', at: 5, delay: 50 }]);
    expect(types(events, 'resolution-delay-ended')).toEqual([{ type: 'resolution-delay-ended', at: 20, reason: 'https-answer' }]);
    expect(started(events)).toEqual([`20 ${c1}:8443 cdn.example`]);
    expect(winner).toBe(c1);
    expect(connectedAt).toBe(30);
  });

  it('AliasMode: ServiceMode records beside an AliasMode record are ignored (RFC 9460 §2.4.2)', async () => {
    const { log, events } = await run({
      dns: {
        HTTPS: {
          at: 10,
          records: [serviceRecord({ mode: 'alias', priority: 0, target: 'cdn.example' }), serviceRecord({ target: 'svc.example', ipv6hint: [a3] })],
        },
        AAAA: { at: 30, addresses: [a1] },
        A: { at: 40, addresses: [] },
      },
      names: { 'cdn.example': { HTTPS: { at: 10, records: [] } } },
      connect: { [a1]: { ok: 10 } },
      options: https,
    });
    expect(log.starts).toEqual({ [a1]: 30 });
    expect(log.namedQueries.map((query) => query.hostname)).toEqual(['cdn.example', 'cdn.example']);
    const planned = events.flatMap((event) => (event.type === 'addresses-sorted' ? event.addresses.map((endpoint) => endpoint.address) : []));
    expect(planned).not.toContain(a3);
  });

  it("AliasMode: a loop ends the chain with an https-error; the host's own addresses still connect", async () => {
    const { log, events, winner } = await run({
      dns: {
        HTTPS: { at: 10, records: [serviceRecord({ mode: 'alias', priority: 0, target: 'a.example' })] },
        AAAA: { at: 20, addresses: [a1] },
        A: { at: 20, addresses: [b1] },
      },
      names: { 'a.example': { HTTPS: { at: 15, records: [serviceRecord({ mode: 'alias', priority: 0, target: 'dual.example' })] } } },
      connect: { [a1]: { ok: 10 } },
      options: https,
    });
    expect(log.httpsNames).toEqual(['dual.example', 'a.example']);
    expect(types(events, 'https-error')).toMatchObject([{ at: 15, name: 'a.example', error: { code: 'EYEBALL_SVCB_ALIAS_CHAIN' } }]);
    // RFC 9460 §3: the name the chain reached is still tried (it has no address here), then the host.
    expect(types(events, 'dns-error').map((event) => ('name' in event ? event.name : undefined))).toEqual(['a.example', 'a.example']);
    expect(started(events)).toEqual([`20 ${a1}:443 -`]);
    expect(winner).toBe(a1);
  });
});

describe('without onEvent, signal or timeout (the lean path connect() takes when nobody listens)', () => {
  /** The scenario again, with no `onEvent`, and a caller's signal only when it aborts. */
  async function runUntraced(scenario: Scenario) {
    const clock = new FakeClock();
    const network = fakeNetwork(clock, scenario);
    const deps = scenario.random ? { ...network.deps, random: scenario.random } : network.deps;
    const controller = scenario.abortAt === undefined ? null : new AbortController();
    const settings = checkConnectOptions({
      host: 'dual.example',
      port: 443,
      ...(controller === null ? {} : { signal: controller.signal }),
      ...scenario.options,
    });
    if (controller !== null) clock.setTimeout(() => controller.abort(new Error('stopped by the user')), scenario.abortAt ?? 0);
    const connection = capture(happyEyeballs(settings, deps));
    await clock.run();
    const outcome = connection.result();
    if (!outcome) throw new Error('the connection never settled');
    expect(clock.pendingTimers).toBe(0);
    if (controller !== null) expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    return { outcome, log: network.log, endedAt: clock.now() };
  }

  const svc = serviceRecord({ target: 'svc.example', port: 8443, ipv6hint: ['2001:db8:c::1'] });
  const scenarios: Array<[string, Scenario]> = [
    ['T1', { dns: { AAAA: { at: 20, addresses: [a1, a2] }, A: { at: 25, addresses: [b1, b2] } }, connect: { [a1]: { ok: 30 } } }],
    ['T3', { dns: { A: { at: 20, addresses: [b1, b2] }, AAAA: { at: 150, addresses: [a1] } }, connect: { [a1]: { ok: 30 }, [b2]: { ok: 30 } } }],
    ['T7', { dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 12, addresses: [b1] } }, connect: { [a1]: { fail: 30 }, [b1]: { ok: 40 } } }],
    ['T8', { dns: { AAAA: { at: 10, addresses: [a1] }, A: { at: 12, addresses: [b1] } }, connect: { [a1]: { fail: 20 }, [b1]: { fail: 20 } } }],
    ['T10d', { dns: { AAAA: { at: 10, addresses: [] }, A: { at: 12, addresses: [] } } }],
    ['T12 (timeout)', { dns: { AAAA: { at: 0, addresses: [a1, a2, a3] } }, options: { attemptDelay: 10, timeout: 100 } }],
    ['caller abort', { dns: { AAAA: { at: 10, addresses: [a1] }, A: 'never' }, abortAt: 100 }],
    ['IPv6 literal', { dns: {}, connect: { [a1]: { ok: 5 } }, options: { host: a1 } }],
    ['refused IPv4 literal', { dns: {}, connect: { [b1]: { fail: 5 } }, options: { host: b1 } }],
    [
      'IPv4 literal, NAT64 prefix',
      { dns: {}, sources: { 4: null }, connect: { '64:ff9b::c000:201': { ok: 5 } }, options: { host: b1, nat64: { prefix: '64:ff9b::/96' } } },
    ],
    [
      'HTTPS, another TargetName',
      {
        dns: { HTTPS: { at: 10, records: [svc] }, AAAA: { at: 20, addresses: [a1] }, A: { at: 20, addresses: [b1] } },
        names: { 'svc.example': { AAAA: { at: 45, addresses: ['2001:db8:c::1'] }, A: { at: 45, addresses: ['203.0.113.1'] } } },
        connect: { '2001:db8:c::1': { fail: 30 }, [a1]: { ok: 30 } },
        options: { https: true },
      },
    ],
  ];

  it.each(scenarios)('%s: the same attempts, at the same times, with the same outcome as with a trace', async (_name, scenario) => {
    const traced = await run(scenario);
    const untraced = await runUntraced(scenario);
    expect(untraced.log).toEqual(traced.log);
    expect(untraced.endedAt).toBe(traced.clock.now());
    expect(untraced.outcome.ok).toBe(traced.outcome.ok);
    if (untraced.outcome.ok && traced.outcome.ok) expect(untraced.outcome.value.address).toBe(traced.outcome.value.address);
    if (!untraced.outcome.ok && !traced.outcome.ok) {
      expect(untraced.outcome.error).toEqual(traced.outcome.error);
      expect((untraced.outcome.error as Error).constructor).toBe((traced.outcome.error as Error).constructor);
    }
  });

  it("findSources probes each answer's addresses in one call per family, and its sources sort them", async () => {
    const clock = new FakeClock();
    const network = fakeNetwork(clock, {
      // A first: both answers are in and sorted when the Resolution Delay ends on the AAAA answer.
      dns: { AAAA: { at: 10, addresses: [a1, a2] }, A: { at: 5, addresses: [b1, b2] } },
      connect: { [b1]: { ok: 5 } },
    });
    const calls: Array<{ destinations: readonly string[]; family: number; localAddress: string | undefined }> = [];
    // No IPv6 source: RFC 6724 rule 1 puts the IPv4 addresses first.
    const findSources = async (destinations: readonly string[], family: 4 | 6, localAddress?: string) => {
      calls.push({ destinations, family, localAddress });
      return destinations.map(() => (family === 6 ? null : '192.0.2.100'));
    };
    const events: TraceEvent[] = [];
    const settings = checkConnectOptions({
      host: 'dual.example',
      port: 443,
      localAddress: { ipv4: '192.0.2.100' },
      onEvent: (event) => events.push(event),
    });
    const connection = capture(happyEyeballs(settings, { ...network.deps, findSources }));
    await clock.run();
    expect(connection.result()).toMatchObject({ ok: true });
    expect(calls).toEqual([
      { destinations: [b1, b2], family: 4, localAddress: '192.0.2.100' },
      { destinations: [a1, a2], family: 6, localAddress: undefined },
    ]);
    expect(network.log.starts).toEqual({ [b1]: 10 });
    expect(types(events, 'addresses-sorted').at(-1)).toMatchObject({
      addresses: [{ address: b1 }, { address: a1 }, { address: b2 }, { address: a2 }],
    });
  });
});
