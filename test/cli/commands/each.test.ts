/*
 * --each on loopback: a real DNS server answers ::1 and 127.0.0.1, one address is a black hole, the
 * other answers or refuses. Outcomes and order are asserted; times only where they are ours to know.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type EachEvent, runEach } from '../../../src/cli/commands/each.js';
import type { RunSettings } from '../../../src/cli/report.js';
import { Loopback } from '../../helpers/loopback.js';
import { DEFAULT_SETTINGS } from '../render/fixtures.js';

const loopback = new Loopback();
afterEach(() => loopback.close());

async function dualStack(): Promise<RunSettings> {
  const dns = await loopback.dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
  return { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address, timeout: 10_000, attemptTimeout: 300 };
}

describe('runEach', () => {
  it('probes every address on its own: the black hole times out, IPv4 connects; nothing is cancelled for it', async () => {
    const settings = await dualStack();
    const port = await loopback.blackHole('::1');
    await loopback.listen('127.0.0.1', port);
    const events: EachEvent[] = [];
    const report = await runEach({ host: 'dual.test', port, input: 'dual.test' }, settings, {
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
    });
    expect(report.probeTimeout).toBe(300);
    expect(report.dns.map((query) => [query.recordType, query.addresses])).toEqual([
      ['AAAA', ['::1']],
      ['A', ['127.0.0.1']],
    ]);
    expect(report.probes.map((probe) => [probe.address, probe.family, probe.outcome, probe.error?.code ?? null])).toEqual([
      ['::1', 6, 'timeout', 'EYEBALL_TIMEOUT'],
      ['127.0.0.1', 4, 'connected', null],
    ]);
    // Each probe's time is its own: the IPv4 connect did not wait for the black hole.
    const [hole, ipv4] = report.probes;
    expect(ipv4!.endedAt).toBeLessThan(hole!.endedAt);
    expect(report.interrupted).toBe(false);
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type.startsWith('dns'))).toEqual(['dns-query', 'dns-query', 'dns-answer', 'dns-answer']);
    expect(types.filter((type) => type.startsWith('probe'))).toEqual(['probe-started', 'probe-started', 'probe-ended', 'probe-ended']);
    const ended = events.filter((event) => event.type === 'probe-ended');
    expect(ended.map((event) => (event.type === 'probe-ended' ? [event.address, event.outcome] : null))).toEqual([
      ['127.0.0.1', 'connected'],
      ['::1', 'timeout'],
    ]);
  });

  it('a refused address is failed with its code', async () => {
    const settings = await dualStack();
    const port = await loopback.listen('::1');
    const report = await runEach({ host: 'dual.test', port, input: 'dual.test' }, settings, { signal: new AbortController().signal });
    expect(report.probes.map((probe) => [probe.address, probe.outcome, probe.error?.code ?? null])).toEqual([
      ['::1', 'connected', null],
      ['127.0.0.1', 'failed', 'ECONNREFUSED'],
    ]);
  });

  it('an IP literal is probed without DNS', async () => {
    const port = await loopback.listen('127.0.0.1');
    const report = await runEach(
      { host: '127.0.0.1', port, input: '127.0.0.1' },
      { ...DEFAULT_SETTINGS, timeout: 5000 },
      { signal: new AbortController().signal },
    );
    expect(report.dns).toEqual([]);
    expect(report.probes.map((probe) => probe.outcome)).toEqual(['connected']);
    expect(report.probeTimeout).toBe(5000);
  });

  it('a name that does not exist: the DNS errors, no probe', async () => {
    const dns = await loopback.dnsServer({});
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address };
    const report = await runEach({ host: 'missing.test', port: 80, input: 'missing.test' }, settings, { signal: new AbortController().signal });
    expect(report.dns.map((query) => query.error?.code)).toEqual(['ENOTFOUND', 'ENOTFOUND']);
    expect(report.probes).toEqual([]);
  });

  it('-4 asks for A only', async () => {
    const settings = await dualStack();
    const port = await loopback.listen('127.0.0.1');
    const report = await runEach(
      { host: 'dual.test', port, input: 'dual.test' },
      { ...settings, family: 4 },
      { signal: new AbortController().signal },
    );
    expect(report.dns.map((query) => query.recordType)).toEqual(['A']);
    expect(report.probes.map((probe) => probe.address)).toEqual(['127.0.0.1']);
  });

  it('an abort cancels the probes still running and marks the report interrupted', async () => {
    const settings = await dualStack();
    const port = await loopback.blackHole('::1');
    await loopback.listen('127.0.0.1', port);
    const controller = new AbortController();
    const running = runEach({ host: 'dual.test', port, input: 'dual.test' }, { ...settings, attemptTimeout: null }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort(new Error('interrupted'));
    const report = await running;
    expect(report.interrupted).toBe(true);
    expect(report.probes.map((probe) => [probe.address, probe.outcome])).toEqual([
      ['::1', 'cancelled'],
      ['127.0.0.1', 'connected'],
    ]);
  });
});
