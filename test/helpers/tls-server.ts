import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { KeyPair } from './test-certificates.js';

export interface TestServer {
  readonly port: number;
  /** The SNI of each finished handshake (false: none sent), in order. */
  readonly servernames: Array<string | false>;
  /** Resolves once the server has finished `count` handshakes (TLS 1.3 clients finish first). */
  handshakes(count: number): Promise<Array<string | false>>;
  /** How many TCP connections were accepted. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export interface TlsServerOptions {
  readonly host: '127.0.0.1' | '::1';
  readonly pair: KeyPair;
  readonly port?: number;
  readonly alpn?: string[];
}

/** A TLS listener on loopback that completes handshakes and then holds the connection open. */
export function startTlsServer(options: TlsServerOptions): Promise<TestServer> {
  const servernames: Array<string | false> = [];
  const server = createTlsServer(
    { cert: options.pair.cert, key: options.pair.key, ...(options.alpn ? { ALPNProtocols: options.alpn } : {}) },
    (socket: TLSSocket) => {
      servernames.push(socket.servername ?? false);
      server.emit('handshake');
    },
  );
  return listen(server, options.host, options.port ?? 0, servernames);
}

/** A listener that accepts TCP and never says a word: a TLS handshake with it never ends. */
export function startSilentServer(host: '127.0.0.1' | '::1', port = 0): Promise<TestServer> {
  return listen(createTcpServer(), host, port, []);
}

async function listen(server: Server, host: string, port: number, servernames: Array<string | false>): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  // A client that gives up mid-handshake makes the TLS server emit tlsClientError: expected here.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host === '::1' }, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  const handshakes = (count: number): Promise<Array<string | false>> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (servernames.length < count) return;
        server.off('handshake', check);
        resolve(servernames);
      };
      server.on('handshake', check);
      check();
    });
  return {
    port: address.port,
    servernames,
    handshakes,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
