/*
 * Readiness with `--resolver dns`: the warm-up race asks its A, AAAA and HTTPS queries through the CLI's
 * lookup process (the real one, built: `npm run build` first), against the DNS server readiness starts,
 * before the real race asks anything, so that the child's first real query pays no first use.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runConnect } from '../../src/cli/run.js';
import type { RunSettings } from '../../src/cli/report.js';
import { Loopback } from '../helpers/loopback.js';
import { DEFAULT_SETTINGS } from './render/fixtures.js';

/** Each DNS request the CLI gave its lookup process: the name, the kind (with the family), the server asked. */
const asked = vi.hoisted(() => [] as Array<{ hostname: string; query: string; server: string | undefined }>);
vi.mock('../../src/cli/lookup-process/lookup-process.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/lookup-process/lookup-process.js')>();
  return {
    ...real,
    createLookupProcess: () => {
      const lookups = real.createLookupProcess();
      return {
        ...lookups,
        ask: (request: Parameters<typeof lookups.ask>[0], signal: AbortSignal, onAsked?: (askedAt: number) => void) => {
          const query = request.kind === 'https' ? 'https' : `resolve ${request.family}`;
          asked.push({ hostname: request.hostname, query, server: request.kind === 'https' ? request.server : request.servers?.[0] });
          return lookups.ask(request, signal, onAsked);
        },
      };
    },
  };
});

const loopback = new Loopback();
afterEach(() => loopback.close());

describe('getReady with the dns resolver', () => {
  it('a localhost name (answered by eyeball, RFC 6761) is warmed up without the lookup process', async () => {
    const port = await loopback.listen('127.0.0.1', 0);
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: '127.0.0.1:9' };
    asked.length = 0;
    const report = await runConnect({ host: 'localhost', port, input: 'localhost' }, settings, { signal: new AbortController().signal });
    expect(report.outcome).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    expect(report.events.some((event) => event.type === 'dns-answer')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('warms the lookup process with a race of A, AAAA and HTTPS queries to its own DNS server, before the real queries', async () => {
    const dns = await loopback.dnsServer({ 'real.test': { A: { addresses: ['127.0.0.1'] } } });
    const port = await loopback.listen('127.0.0.1', 0);
    const settings: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: dns.address };
    const report = await runConnect({ host: 'real.test', port, input: 'real.test' }, settings, { signal: new AbortController().signal });
    expect(report.outcome).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    const [warmUpServer] = asked.map((request) => request.server);
    expect(warmUpServer).not.toBe(dns.address);
    const sorted = (hostname: string, server: string | undefined): string[] =>
      asked
        .filter((request) => request.hostname === hostname && request.server === server)
        .map((request) => request.query)
        .sort();
    expect(sorted('eyeball-readiness.invalid', warmUpServer)).toEqual(['https', 'resolve 4', 'resolve 6']);
    expect(sorted('real.test', dns.address)).toEqual(['https', 'resolve 4', 'resolve 6']);
    // Every warm-up request comes before the real race's first.
    expect(asked.map((request) => request.hostname)).toEqual([...Array(3).fill('eyeball-readiness.invalid'), ...Array(3).fill('real.test')]);
  });
});
