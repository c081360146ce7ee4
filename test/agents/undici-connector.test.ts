/*
 * eyeballConnector called exactly as undici's Agent calls its `connect` option: plain and TLS origins on
 * loopback, a proxy-style httpSocket, and failures. A real fetch through undici: undici-fetch.test.ts.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { eyeballConnector, type UndiciConnectOptions } from '../../src/agents/undici-connector.js';
import { startDnsServer } from '../../src/dns-server/dns-server.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { startTlsServer } from '../helpers/tls-server.js';

const certificates = useTestCertificates();
const defer = useCleanups();

/** Calls the connector the way undici does and waits for its callback. */
function call(
  connector: ReturnType<typeof eyeballConnector>,
  options: UndiciConnectOptions,
): Promise<{ error: Error | null; socket: Socket | null }> {
  return new Promise((resolve) => {
    connector(options, (error, socket) => {
      if (socket) defer(() => void socket.destroy());
      resolve({ error, socket });
    });
  });
}

async function dnsFor(name: string): Promise<string> {
  const dns = await startDnsServer({ zone: { [name]: { A: { addresses: ['127.0.0.1'] } } } });
  defer(() => dns.close());
  return dns.address;
}

async function tlsServer(alpn?: string[]) {
  const server = await startTlsServer({ host: '127.0.0.1', pair: certificates.leaf, ...(alpn ? { alpn } : {}) });
  defer(() => server.close());
  return server;
}

describe('eyeballConnector', () => {
  it('http: resolves with a plain socket that carries a request', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    defer(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as { port: number }).port;
    const { error, socket } = await call(eyeballConnector(), {
      hostname: '127.0.0.1',
      host: `127.0.0.1:${port}`,
      protocol: 'http:',
      port: String(port),
      servername: null,
      localAddress: null,
    });
    expect(error).toBeNull();
    expect(socket).not.toBeInstanceOf(TLSSocket);
    socket?.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    let text = '';
    for await (const chunk of socket ?? []) text += String(chunk);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.endsWith('ok')).toBe(true);
  });

  it("https: the handshake is done before the callback, with undici's servername and ALPN http/1.1", async () => {
    const server = await tlsServer(['h2', 'http/1.1']);
    const events: TraceEvent[] = [];
    const connector = eyeballConnector({
      resolver: 'dns',
      dnsServers: [await dnsFor('localhost')],
      tls: { ca: certificates.ca.cert },
      onEvent: (event) => events.push(event),
    });
    const { error, socket } = await call(connector, {
      hostname: 'localhost',
      host: `localhost:${server.port}`,
      protocol: 'https:',
      port: String(server.port),
      servername: 'localhost',
      localAddress: null,
    });
    expect(error).toBeNull();
    expect(socket).toBeInstanceOf(TLSSocket);
    expect((socket as TLSSocket).authorized).toBe(true);
    expect((socket as TLSSocket).alpnProtocol).toBe('http/1.1');
    expect(await server.handshakes(1)).toEqual(['localhost']);
    expect(events.filter((event) => event.type === 'tls-handshake')).toMatchObject([{ alpn: 'http/1.1', error: null }]);
  });

  it('https with a proxy tunnel (httpSocket): only the TLS handshake, over the given socket', async () => {
    const server = await tlsServer();
    const tunnel = netConnect({ host: '127.0.0.1', port: server.port });
    defer(() => void tunnel.destroy());
    await once(tunnel, 'connect');
    const { error, socket } = await call(eyeballConnector({ tls: { ca: certificates.ca.cert } }), {
      hostname: 'localhost',
      protocol: 'https:',
      port: String(server.port),
      servername: 'localhost',
      httpSocket: tunnel,
    });
    expect(error).toBeNull();
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(server.connections()).toBe(1);
  });

  it('calls back with the error and no socket when nothing connects; an empty port is the default (443)', async () => {
    const { error, socket } = await call(eyeballConnector({ attemptTimeout: 1000 }), {
      hostname: '127.0.0.1',
      protocol: 'https:',
      port: '',
      servername: null,
    });
    expect(socket).toBeNull();
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as ConnectionFailedError).attempts).toMatchObject([{ address: '127.0.0.1', port: 443 }]);
  });

  it('calls back with a certificate error in words', async () => {
    const server = await tlsServer();
    const { error } = await call(eyeballConnector(), { hostname: '127.0.0.1', protocol: 'https:', port: String(server.port), servername: null });
    expect((error as Error).message).toContain('the certificate was issued by an unknown authority');
  });
});
