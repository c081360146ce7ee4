/**
 * A one-shot probe run inside the namespace (bundled like the daemon): `node probe.mjs '<request json>'`
 * prints one {@link ProbeResult} as JSON. It checks the roles at the socket level, the system resolver
 * inside the namespace, and times peers for the benchmark: Node's own `net.connect({ autoSelectFamily })`
 * and eyeball's library `connect()`.
 */
import { promises as dns } from 'node:dns';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as eyeballConnect } from '../../../src/connect/connect.js';

export type ProbeRequest =
  /** One plain connect to an IP literal; `timeoutMs` ends it as `pending`. */
  | { readonly kind: 'socket'; readonly address: string; readonly port: number; readonly timeoutMs: number }
  /** Node's Happy Eyeballs: `net.connect({ host, port, autoSelectFamily: true })` (system resolver). */
  | { readonly kind: 'node'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  /** eyeball's library: `connect({ host, port, resolver })`. */
  | { readonly kind: 'eyeball'; readonly host: string; readonly port: number; readonly timeoutMs: number; readonly resolver: 'system' | 'dns' }
  /** getaddrinfo through `dns.lookup(host, { family, all: true })`. */
  | { readonly kind: 'lookup'; readonly host: string; readonly family: 0 | 4 | 6 };

export type ProbeResult =
  | { readonly outcome: 'connected'; readonly ms: number; readonly address: string | null }
  | { readonly outcome: 'error'; readonly ms: number; readonly code: string }
  | { readonly outcome: 'pending'; readonly ms: number }
  | { readonly outcome: 'resolved'; readonly ms: number; readonly addresses: readonly string[] };

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;
  try {
    switch (request.kind) {
      case 'socket':
        return await settle(netConnect({ host: request.address, port: request.port }), request.timeoutMs, elapsed);
      case 'node':
        return await settle(netConnect({ host: request.host, port: request.port, autoSelectFamily: true }), request.timeoutMs, elapsed);
      case 'eyeball': {
        const socket = await eyeballConnect({
          host: request.host,
          port: request.port,
          timeout: request.timeoutMs,
          resolver: request.resolver,
        });
        const ms = elapsed();
        const address = socket.remoteAddress ?? null;
        socket.destroy();
        return { outcome: 'connected', ms, address };
      }
      case 'lookup': {
        const entries = await dns.lookup(request.host, { family: request.family, all: true });
        return { outcome: 'resolved', ms: elapsed(), addresses: entries.map((entry) => entry.address) };
      }
    }
  } catch (error) {
    return { outcome: 'error', ms: elapsed(), code: String((error as { code?: unknown }).code ?? (error as Error).name) };
  }
}

function settle(socket: Socket, timeoutMs: number, elapsed: () => number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: 'pending', ms: elapsed() });
    }, timeoutMs);
    socket.once('connect', () => {
      const ms = elapsed();
      clearTimeout(timer);
      const address = socket.remoteAddress ?? null;
      socket.destroy();
      resolve({ outcome: 'connected', ms, address });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ outcome: 'error', ms: elapsed(), code: error.code ?? error.name });
    });
  });
}

probe(JSON.parse(process.argv[2] ?? '') as ProbeRequest).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`probe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
