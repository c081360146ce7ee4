/*
 * eyeball's createConnection under Node's real HTTP client: http.get / https.get with and without an
 * agent, against local HTTP and HTTPS servers (a certificate made at test time), a name from the real DNS
 * server with an IPv6 black hole, keep-alive reuse, and errors through the request's 'error' event.
 */
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createConnection, createTlsConnection, eyeballCreateConnection, toConnectOptions } from '../../src/agents/create-connection.js';
import { createBlackHole } from '../../src/cli/demo/black-hole.js';
import { startDnsServer } from '../../src/dns-server/dns-server.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { type KeyPair, useTestCertificates } from '../helpers/test-certificates.js';

const certificates = useTestCertificates();
const defer = useCleanups();

/** An HTTP(S) server on loopback that answers with what it saw: the protocol and, for TLS, the SNI. */
async function webServer(host: '127.0.0.1' | '::1', pair?: KeyPair, port = 0): Promise<number> {
  const handler: http.RequestListener = (request, response) => {
    const socket = request.socket as TLSSocket;
    response.end(JSON.stringify({ tls: socket.encrypted === true, servername: socket.servername ?? null, path: request.url }));
  };
  const server = pair ? https.createServer({ cert: pair.cert, key: pair.key }, handler) : http.createServer(handler);
  server.listen({ host, port, ipv6Only: host === '::1' });
  await once(server, 'listening');
  defer(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

function agentOf<A extends http.Agent>(agent: A): A {
  defer(() => agent.destroy());
  return agent;
}

/** Runs a request to the end: the status, the parsed body and the socket it went over. */
function fetchJson(request: http.ClientRequest): Promise<{ status: number | undefined; body: Record<string, unknown>; socket: unknown }> {
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) as Record<string, unknown>, socket: response.socket }));
    });
  });
}

describe('createConnection with http', () => {
  it('http.get({ createConnection }) without an agent', async () => {
    const port = await webServer('127.0.0.1');
    const { status, body } = await fetchJson(http.get({ host: '127.0.0.1', port, path: '/plain', createConnection }));
    expect(status).toBe(200);
    expect(body).toEqual({ tls: false, servername: null, path: '/plain' });
  });

  it('an http.Agent with keep-alive reuses the one connection eyeball made', async () => {
    const port = await webServer('127.0.0.1');
    const events: TraceEvent[] = [];
    const agent = agentOf(new http.Agent({ keepAlive: true }));
    agent.createConnection = eyeballCreateConnection({ onEvent: (event) => events.push(event) });
    const first = await fetchJson(http.get({ host: '127.0.0.1', port, path: '/1', agent }));
    const second = await fetchJson(http.get({ host: '127.0.0.1', port, path: '/2', agent }));
    expect([first.body.path, second.body.path]).toEqual(['/1', '/2']);
    expect(second.socket).toBe(first.socket);
    expect(events.filter((event) => event.type === 'connected')).toHaveLength(1);
  });

  it('races a name from the DNS server: the IPv6 black hole loses, IPv4 serves the request', async () => {
    const hole = await createBlackHole({ host: '::1' });
    defer(() => hole.close());
    const port = await webServer('127.0.0.1', undefined, hole.port);
    const dns = await startDnsServer({ zone: { 'web.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } } });
    defer(() => dns.close());
    const events: TraceEvent[] = [];
    const agent = agentOf(new http.Agent());
    agent.createConnection = eyeballCreateConnection({
      resolver: 'dns',
      dnsServers: [dns.address],
      attemptDelay: 100,
      onEvent: (event) => events.push(event),
    });
    const { status } = await fetchJson(http.get({ host: 'web.test', port, agent }));
    expect(status).toBe(200);
    expect(events.flatMap((event) => (event.type === 'attempt-started' ? [event.address] : []))).toEqual(['::1', '127.0.0.1']);
    expect(events.find((event) => event.type === 'connected')).toMatchObject({ address: '127.0.0.1' });
  });

  it('a failure reaches the request as its error event', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve())); // its port now refuses
    const error = await fetchJson(http.get({ host: '127.0.0.1', port, createConnection })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('calls back after returning, never inside the call, even for bad options', async () => {
    let calledBack = false;
    const result = createConnection({ host: '127.0.0.1', port: 'eighty' }, () => {
      calledBack = true;
    });
    expect(result).toBeUndefined();
    expect(calledBack).toBe(false);
    const error = await new Promise((resolve) => createConnection({ host: '127.0.0.1', port: 'eighty' }, (caught) => resolve(caught)));
    expect(error).toBeInstanceOf(InvalidOptionError);
  });
});

describe('createTlsConnection with https', () => {
  it("an https.Agent: TLS through the race, SNI from the host, the agent's CA", async () => {
    const port = await webServer('127.0.0.1', certificates.leaf);
    const agent = agentOf(new https.Agent({ ca: certificates.ca.cert }));
    agent.createConnection = createTlsConnection;
    const { status, body, socket } = await fetchJson(https.get({ host: 'localhost', port, path: '/secure', agent, family: 4 }));
    expect(status).toBe(200);
    expect(body).toEqual({ tls: true, servername: 'localhost', path: '/secure' });
    expect(socket).toBeInstanceOf(TLSSocket);
    expect((socket as TLSSocket).authorized).toBe(true);
  });

  it('https.get({ createConnection }) without an agent, to an IP literal: no SNI, the certificate has the IP', async () => {
    const port = await webServer('127.0.0.1', certificates.leaf);
    const { body } = await fetchJson(https.get({ host: '127.0.0.1', port, ca: certificates.ca.cert, createConnection: createTlsConnection }));
    expect(body).toMatchObject({ tls: true, servername: false });
  });

  it('an untrusted certificate fails the request in words; rejectUnauthorized false lets it through', async () => {
    const port = await webServer('127.0.0.1', certificates.selfSigned);
    const strict = agentOf(new https.Agent());
    strict.createConnection = createTlsConnection;
    const error = await fetchJson(https.get({ host: '127.0.0.1', port, agent: strict })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as Error).message).toContain('the certificate is self-signed and not trusted');

    const lenient = agentOf(new https.Agent({ rejectUnauthorized: false }));
    lenient.createConnection = createTlsConnection;
    expect((await fetchJson(https.get({ host: '127.0.0.1', port, agent: lenient }))).status).toBe(200);
  });
});

describe('toConnectOptions', () => {
  it("maps Node's options onto connect()", () => {
    expect(
      toConnectOptions(
        {
          host: 'example.test',
          port: '8443',
          family: 6,
          localAddress: '::1',
          keepAlive: true,
          keepAliveInitialDelay: 1000,
          servername: 'sni.test',
          ALPNProtocols: ['h2', 'http/1.1'],
          rejectUnauthorized: false,
        },
        { tls: { ca: 'PEM' }, attemptDelay: 100 },
      ),
    ).toEqual({
      host: 'example.test',
      port: 8443,
      family: 6,
      localAddress: '::1',
      keepAlive: true,
      keepAliveInitialDelay: 1000,
      attemptDelay: 100,
      tls: { ca: 'PEM', servername: 'sni.test', alpn: ['h2', 'http/1.1'], rejectUnauthorized: false },
    });
  });

  it('reads ALPN as a wire-format buffer, takes hostname and defaultPort, and keeps TLS off without defaults.tls', () => {
    expect(
      toConnectOptions(
        { hostname: 'a.test', defaultPort: 443, servername: '', ALPNProtocols: Buffer.from('\x02h2\x08http/1.1', 'latin1') },
        { tls: true },
      ),
    ).toEqual({
      host: 'a.test',
      port: 443,
      tls: { alpn: ['h2', 'http/1.1'] },
    });
    expect(toConnectOptions({ host: 'a.test', port: 80, servername: 'x.test' }, {})).toEqual({ host: 'a.test', port: 80 });
  });
});
