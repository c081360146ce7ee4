/**
 * The lab daemon: runs inside the namespace (`ip netns exec <ns> node daemon.mjs '<config json>'`), bundled
 * by esbuild at lab start. It holds the listeners of the `connects`, slow, `tls`, `silent` and `nat64`
 * roles and the lab's DNS servers, prints `ready` once all are bound, then one JSON line per DNS query
 * received, and exits when its stdin closes: when the test run that started it ends, however it ends.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { type DnsServer, startDnsServer } from '../../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../../src/dns-server/zone.js';
import { decodeConfig } from './config-json.js';
import { LAB_TLS_ALPN, type ListenerKind } from './plan.js';

export interface DaemonConfig {
  /** `kind` absent: `close`. */
  readonly listeners: ReadonlyArray<{ readonly address: string; readonly port: number; readonly kind?: ListenerKind }>;
  readonly dnsServers: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly zone: DnsZone;
  /** The key pair of the `tls` listeners (PEM); required when there is one. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** What the daemon prints for each DNS query, one JSON object a line. */
export interface DaemonQueryLine {
  readonly query: { readonly server: string; readonly name: string; readonly type: string };
}

async function main(): Promise<void> {
  const config = decodeConfig(process.argv[2] ?? '') as DaemonConfig;
  const held = new Set<Socket>();
  const servers = await Promise.all(config.listeners.map((listener) => listen(listener, config.tls, held)));
  const dnsServers: DnsServer[] = await Promise.all(
    config.dnsServers.map(({ host, port }) =>
      startDnsServer({
        zone: config.zone,
        host,
        port,
        onQuery: ({ name, type }) => print({ query: { server: host, name, type } } satisfies DaemonQueryLine),
      }),
    ),
  );
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    for (const server of servers) server.close();
    for (const socket of held) socket.destroy();
    void Promise.all(dnsServers.map((server) => server.close())).then(() => process.exit(0));
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
  process.stdout.write('ready\n');
}

function listen({ address, port, kind = 'close' }: DaemonConfig['listeners'][number], tls: DaemonConfig['tls'], held: Set<Socket>): Promise<Server> {
  const server = makeServer(kind, tls, held);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function makeServer(kind: ListenerKind, tls: DaemonConfig['tls'], held: Set<Socket>): Server {
  switch (kind) {
    case 'close':
      // Accept and close at once: a connect probe sends nothing.
      return createServer((socket) => {
        socket.on('error', () => {});
        socket.destroy();
      });
    case 'silent':
      // Accept and never answer: the client's ClientHello waits forever (until the client gives up).
      return createServer((socket) => {
        socket.on('error', () => {});
        held.add(socket);
        socket.once('close', () => held.delete(socket));
      });
    case 'tls': {
      if (tls === undefined) throw new Error('a tls listener needs the lab key pair (startLab option `tls`)');
      const server = createTlsServer({ cert: tls.cert, key: tls.key, ALPNProtocols: [...LAB_TLS_ALPN] }, (socket) => {
        // The handshake is done: close politely (close_notify), as the client has what it came for.
        socket.on('error', () => {});
        socket.end();
      });
      // A client that refuses the certificate or gives up mid-handshake is a scenario, not a daemon failure.
      server.on('tlsClientError', () => {});
      return server;
    }
  }
}

function print(line: DaemonQueryLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`lab daemon: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
