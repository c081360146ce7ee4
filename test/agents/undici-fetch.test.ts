/*
 * A real `fetch` (undici's, the npm package: Node 20's global fetch takes no dispatcher of its own) through
 * `new Agent({ connect: eyeballConnector(...) })`, against HTTP and HTTPS servers on loopback: the body
 * arrives, and the trace shows that eyeball's race made the connection (its DNS queries, its attempts, its
 * TLS handshake). undici is a devDependency only.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Agent, fetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { eyeballConnector } from '../../src/agents/undici-connector.js';
import { startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { useTestCertificates } from '../helpers/test-certificates.js';

const certificates = useTestCertificates();
const defer = useCleanups();

/** Answers every request with its method and path, so the body proves which request it was. */
function reply(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('content-type', 'text/plain');
  response.end(`hello ${request.method ?? '?'} ${request.url ?? '?'}`);
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  defer(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return address.port;
}

async function dnsServer(zone: DnsZone): Promise<string> {
  const dns = await startDnsServer({ zone });
  defer(() => dns.close());
  return dns.address;
}

/** An undici Agent whose connections are eyeball's races, with every trace event recorded. */
function eyeballAgent(options: Parameters<typeof eyeballConnector>[0] = {}): { dispatcher: Agent; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const dispatcher = new Agent({ connect: eyeballConnector({ ...options, onEvent: (event) => events.push(event) }) });
  defer(() => dispatcher.destroy());
  return { dispatcher, events };
}

const typesOf = (events: readonly TraceEvent[]) => events.map((event) => event.type);

describe('fetch through eyeballConnector', () => {
  it('http: a name from a real DNS server, raced by eyeball; the body arrives', async () => {
    const port = await listen(createHttpServer(reply), '127.0.0.1');
    const dns = await dnsServer({ 'web.test': { A: { addresses: ['127.0.0.1'] } } });
    const { dispatcher, events } = eyeballAgent({ resolver: 'dns', dnsServers: [dns] });
    const response = await fetch(`http://web.test:${port}/plain?x=1`, { dispatcher });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello GET /plain?x=1');
    // eyeball's race made the connection: both families asked, the A answer tried, connected.
    expect(events.filter((event) => event.type === 'dns-query').map((event) => event.recordType)).toEqual(['AAAA', 'A']);
    expect(events.find((event) => event.type === 'connected')).toMatchObject({ address: '127.0.0.1', family: 4, port });
    expect(typesOf(events)).not.toContain('tls-handshake');
  });

  it('https: the socket comes back after the TLS handshake (SNI from the URL, the test CA trusted)', async () => {
    const server = createHttpsServer({ cert: certificates.leaf.cert, key: certificates.leaf.key }, reply);
    const port = await listen(server, '127.0.0.1');
    const { dispatcher, events } = eyeballAgent({ tls: { ca: certificates.ca.cert } });
    const response = await fetch(`https://localhost:${port}/secure`, { dispatcher, method: 'POST', body: 'x' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello POST /secure');
    // localhost is ::1 and 127.0.0.1 (RFC 6761): ::1 refuses, 127.0.0.1 completes its handshake and wins.
    const handshake = events.find((event) => event.type === 'tls-handshake' && event.error === null);
    expect(handshake).toMatchObject({ address: '127.0.0.1', servername: 'localhost', alpn: 'http/1.1', authorized: true });
    expect(events.find((event) => event.type === 'connected')).toMatchObject({ address: '127.0.0.1', port });
  });

  it('with https: true, the race follows HTTPS records: an ipv4hint connects before a slow A answer', async () => {
    const port = await listen(createHttpServer(reply), '127.0.0.1');
    const dns = await dnsServer({
      'hinted.test': {
        A: { addresses: ['127.0.0.1'], delayMs: 3000 },
        HTTPS: { records: [{ priority: 1, target: '.', params: { ipv4hint: ['127.0.0.1'] } }] },
      },
    });
    const { dispatcher, events } = eyeballAgent({ resolver: 'dns', dnsServers: [dns], https: true });
    const response = await fetch(`http://hinted.test:${port}/hint`, { dispatcher });
    expect(await response.text()).toBe('hello GET /hint');
    expect(events.find((event) => event.type === 'connected')).toMatchObject({ address: '127.0.0.1', fromHint: true });
    expect(events.filter((event) => event.type === 'dns-cancelled').map((event) => event.recordType)).toEqual(['A']);
  });

  it("a refused port: fetch fails, and its cause is eyeball's ConnectionFailedError", async () => {
    // A port found by listening and closing again at once: nothing listens on it any more.
    const refused = await new Promise<number>((resolve, reject) => {
      const probe = createHttpServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
      });
    });
    const { dispatcher, events } = eyeballAgent();
    const failure = await fetch(`http://127.0.0.1:${refused}/`, { dispatcher }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toBeInstanceOf(ConnectionFailedError);
    expect(events.find((event) => event.type === 'attempt-failed')).toMatchObject({ address: '127.0.0.1', error: { code: 'ECONNREFUSED' } });
  });
});
