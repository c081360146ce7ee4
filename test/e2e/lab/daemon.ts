/**
 * The lab daemon: runs inside the namespace (`ip netns exec <ns> node daemon.mjs '<config json>'`), bundled
 * by esbuild at lab start. It holds the listeners of the `connects` and slow roles and the lab's DNS
 * servers, prints `ready` once all are bound, then one JSON line per DNS query received, and exits when
 * its stdin closes: when the test run that started it ends, however it ends.
 */
import { createServer, type Server } from 'node:net';
import { type DnsServer, startDnsServer } from '../../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../../src/dns-server/zone.js';

export interface DaemonConfig {
  readonly listeners: ReadonlyArray<{ readonly address: string; readonly port: number }>;
  readonly dnsServers: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly zone: DnsZone;
}

/** What the daemon prints for each DNS query, one JSON object a line. */
export interface DaemonQueryLine {
  readonly query: { readonly server: string; readonly name: string; readonly type: string };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as DaemonConfig;
  const servers = await Promise.all(config.listeners.map(({ address, port }) => listen(address, port)));
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
    void Promise.all(dnsServers.map((server) => server.close())).then(() => process.exit(0));
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
  process.stdout.write('ready\n');
}

function listen(address: string, port: number): Promise<Server> {
  // Accept and close at once: a connect probe sends nothing.
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function print(line: DaemonQueryLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`lab daemon: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
