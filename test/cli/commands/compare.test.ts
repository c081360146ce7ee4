/*
 * --compare on loopback: a real DNS server answers ::1 (a black hole) and 127.0.0.1 (a listener). The
 * three strategies run for real; what each one did is asserted, not how long it took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCompare, type StrategyName } from '../../../src/cli/commands/compare.js';
import type { RunSettings } from '../../../src/cli/report.js';
import { Loopback } from '../../helpers/loopback.js';
import { DEFAULT_SETTINGS } from '../render/fixtures.js';

const loopback = new Loopback();
afterEach(() => loopback.close());

describe('runCompare', () => {
  it("eyeball's race and Node both get past the black hole; the sequential connect hangs on it until the timeout", async () => {
    const dns = await loopback.dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
    const port = await loopback.blackHole('::1');
    await loopback.listen('127.0.0.1', port);
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address, timeout: 800 };
    const seen = new Set<StrategyName>();
    const report = await runCompare({ host: 'dual.test', port, input: 'dual.test' }, settings, {
      signal: new AbortController().signal,
      onEvent: (strategy) => seen.add(strategy),
    });
    expect([...seen]).toEqual(['eyeball', 'node', 'sequential']);
    expect(report.eyeball.outcome).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    expect(report.node.outcome).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    expect(report.node.events.map((event) => event.type)).toEqual([
      'lookup-started',
      'lookup-answered',
      'attempt-started',
      'attempt-abandoned',
      'attempt-started',
      'connected',
    ]);
    expect(report.sequential.outcome).toMatchObject({
      ok: false,
      reason: 'timeout',
      error: { code: 'EYEBALL_TIMEOUT', name: 'ConnectTimeoutError' },
    });
    expect(report.sequential.events.map((event) => event.type)).toEqual([
      'lookup-started',
      'lookup-answered',
      'attempt-started',
      'attempt-cancelled',
      'failed',
    ]);
    expect(report.nodeAttemptTimeout).toBe(250);
    expect(report.nodeVersion).toBe(process.version);
  });

  it("Node's kill: the silent address abandoned, the next refused, an AggregateError with an empty message", async () => {
    const dns = await loopback.dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
    const port = await loopback.blackHole('::1');
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address, timeout: 600 };
    const report = await runCompare({ host: 'dual.test', port, input: 'dual.test' }, settings, { signal: new AbortController().signal });
    expect(report.node.outcome).toMatchObject({
      ok: false,
      reason: 'connect',
      error: { name: 'AggregateError', message: '', errors: [{ code: 'ETIMEDOUT' }, { code: 'ECONNREFUSED' }] },
    });
    expect(report.eyeball.outcome).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('an https:// target: all three connect over plain TCP, eyeball too', async () => {
    const port = await loopback.listen('127.0.0.1');
    const target = { host: '127.0.0.1', port, input: `https://127.0.0.1:${port}/`, scheme: 'https' };
    const report = await runCompare(target, { ...DEFAULT_SETTINGS, timeout: 2000 }, { signal: new AbortController().signal });
    expect([report.eyeball.outcome.ok, report.node.outcome.ok, report.sequential.outcome.ok]).toEqual([true, true, true]);
    expect(report.eyeball.events.some((event) => event.type === 'tls-handshake')).toBe(false);
  });

  it('a name that does not resolve fails all three as DNS failures', async () => {
    const dns = await loopback.dnsServer({});
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address, timeout: 2000 };
    const report = await runCompare({ host: 'missing.test', port: 80, input: 'missing.test' }, settings, { signal: new AbortController().signal });
    expect([report.eyeball.outcome, report.node.outcome, report.sequential.outcome].map((outcome) => !outcome.ok && outcome.reason)).toEqual([
      'dns',
      'dns',
      'dns',
    ]);
  });

  it('an aborted signal: every strategy says interrupted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const report = await runCompare({ host: '127.0.0.1', port: 9, input: '127.0.0.1' }, DEFAULT_SETTINGS, { signal: controller.signal });
    expect(report.interrupted).toBe(true);
    expect([report.eyeball.outcome, report.node.outcome, report.sequential.outcome].map((outcome) => !outcome.ok && outcome.reason)).toEqual([
      'interrupted',
      'interrupted',
      'interrupted',
    ]);
  });
});
