/**
 * The HTTPS query made alongside a race, against a real DNS server on loopback: answered, refused,
 * cancelled after the grace, cancelled by Ctrl-C, and asked of the system's server. No socket is left
 * open after any of them.
 */
import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { startHttpsLookup } from '../../src/cli/https-lookup.js';
import { useCleanups } from '../helpers/cleanups.js';
import { Loopback } from '../helpers/loopback.js';

const defer = useCleanups();

async function dnsServer(zone: Parameters<Loopback['dnsServer']>[0]): Promise<string> {
  const loopback = new Loopback();
  defer(() => loopback.close());
  return (await loopback.dnsServer(zone)).address;
}

const SERVICE = { priority: 1, target: '.', params: { alpn: ['h2'], ipv4hint: ['127.0.0.1'], port: 8443 } };

function start(name: string, server: string | null, signal = new AbortController().signal) {
  const origin = performance.now();
  return startHttpsLookup(name, { server, signal, elapsed: () => performance.now() - origin });
}

describe('startHttpsLookup', () => {
  it('an answer that comes before the race ends is reported whole', async () => {
    const server = await dnsServer({ 'svc.test': { HTTPS: { records: [SERVICE], ttl: 120 } } });
    const lookup = start('svc.test', server);
    // Give the answer time to arrive: finish is called when the race is over, here after the answer.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const result = await lookup.finish(0);
    expect(result).toMatchObject({ server, answer: { ttl: 120, malformed: 0 }, error: null, cancelled: false });
    expect(result.answer?.records).toEqual([
      { mode: 'service', priority: 1, target: '.', alpn: ['h2'], noDefaultAlpn: false, port: 8443, ipv4hint: ['127.0.0.1'], ipv6hint: [], ech: false, mandatory: [], otherKeys: [] },
    ]);
    expect(result.startedAt).toBeLessThanOrEqual(result.endedAt);
  });

  it('waits up to the grace for an answer still on its way', async () => {
    const server = await dnsServer({ 'slow.test': { HTTPS: { records: [SERVICE], delayMs: 30 } } });
    const result = await start('slow.test', server).finish(5000);
    expect(result.cancelled).toBe(false);
    expect(result.answer?.records).toHaveLength(1);
  });

  it('a query with no answer by the end of the grace is cancelled, not waited for', async () => {
    const server = await dnsServer({ 'silent.test': { HTTPS: { drop: true } } });
    const result = await start('silent.test', server).finish(20);
    expect(result).toMatchObject({ answer: null, error: null, cancelled: true });
  });

  it('an error answer is reported with its code', async () => {
    const server = await dnsServer({});
    const result = await start('missing.test', server).finish(5000);
    expect(result).toMatchObject({ answer: null, cancelled: false, error: { code: 'ENOTFOUND' } });
  });

  it('Ctrl-C cancels it at once', async () => {
    const server = await dnsServer({ 'silent.test': { HTTPS: { drop: true } } });
    const controller = new AbortController();
    const lookup = start('silent.test', server, controller.signal);
    controller.abort(new Error('interrupted'));
    const result = await lookup.finish(60_000);
    expect(result).toMatchObject({ answer: null, error: null, cancelled: true });
  });

  it("without --dns-server, asks the system's first server", async () => {
    const server = await dnsServer({ 'svc.test': { HTTPS: { records: [SERVICE] } } });
    const saved = dns.getServers();
    dns.setServers([server]);
    defer(() => dns.setServers(saved));
    const result = await start('svc.test', null).finish(5000);
    expect(result.server).toBe(server);
    expect(result.answer?.records).toHaveLength(1);
  });
});
