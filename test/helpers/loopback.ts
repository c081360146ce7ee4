import { createServer, type Server } from 'node:net';
import { createBlackHole } from '../../src/cli/demo/black-hole.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';

/**
 * The endpoints loopback tests need (a listener, a refused port, a black hole, a DNS server), each
 * registered for cleanup: call `close()` in afterEach and nothing a test opened is left.
 */
export class Loopback {
  private readonly cleanups: Array<() => Promise<void>> = [];

  /** A listener that accepts and closes each connection at once; resolves with its port. */
  async listen(host: '127.0.0.1' | '::1', port = 0): Promise<number> {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject).listen({ host, port, ipv6Only: host === '::1' }, () => resolve());
    });
    this.cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    return address.port;
  }

  /** A port on which nothing listens on 127.0.0.1 (nor, in practice, on ::1): listen, note it, close. */
  async refusedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    return address.port;
  }

  /** A port whose SYNs the kernel drops (see src/cli/demo/black-hole.ts); resolves with its port. */
  async blackHole(host: '127.0.0.1' | '::1', port?: number): Promise<number> {
    const hole = await createBlackHole(port === undefined ? { host } : { host, port });
    this.cleanups.push(() => hole.close());
    return hole.port;
  }

  async dnsServer(zone: DnsZone): Promise<DnsServer> {
    const server = await startDnsServer({ zone });
    this.cleanups.push(() => server.close());
    return server;
  }

  /** Closes everything, the last opened first. */
  async close(): Promise<void> {
    while (this.cleanups.length > 0) await this.cleanups.pop()?.();
  }
}
