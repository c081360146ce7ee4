/**
 * `eyeball demo`: Happy Eyeballs rescuing a connection, on one machine, without network or root.
 *
 * A DNS server in this process answers for {@link DEMO_HOST}: AAAA `::1` and A `127.0.0.1`. On `::1` the
 * port is a black hole (black-hole.ts); on `127.0.0.1` the same port accepts. RFC 6724 puts `::1` first,
 * its attempt hangs, and after the Connection Attempt Delay the IPv4 attempt starts and wins.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { DEFAULT_FIRST_ADDRESS_FAMILY_COUNT, DEFAULT_RESOLUTION_DELAY_MS } from '../../connect/options.js';
import { CLI_DEFAULT_TIMEOUT_MS } from '../options.js';
import type { RunReport, RunSettings } from '../report.js';
import type { TraceEvent } from '../../trace/events.js';
import { runConnect } from '../run.js';
import { startDnsServer } from '../../dns-server/dns-server.js';
import { EyeballError } from '../../errors/eyeball-error.js';
import { BLACK_HOLE_ERROR_CODE, type BlackHole, createBlackHole } from './black-hole.js';

/** The demo's name; `.test` is reserved for testing (RFC 6761 §6.2), so it can never mean a real host. */
export const DEMO_HOST = 'dual-stack.demo.eyeball.test';
const DEMO_UNAVAILABLE_CODE = 'EYEBALL_DEMO_UNAVAILABLE';
/** Another program may take the black hole's port number on 127.0.0.1 first; then try a new port. */
const PORT_TRIES = 5;

interface DemoOptions {
  readonly attemptDelay: number;
  readonly signal: AbortSignal;
  /** Called once everything is set up, before the race, with one sentence that says what is set up. */
  readonly onReady: (note: string) => void;
  readonly onEvent?: (event: TraceEvent) => void;
}

/** Sets up the local name, the black hole and the listener, races them, closes everything, and returns the report. */
export async function runDemo(options: DemoOptions): Promise<RunReport> {
  const { hole, listener } = await openPorts();
  try {
    const dns = await startDnsServer({
      zone: { [DEMO_HOST]: { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } },
      host: '127.0.0.1',
    });
    try {
      const settings: RunSettings = {
        resolver: 'dns',
        dnsServer: dns.address,
        family: 0,
        attemptDelay: options.attemptDelay,
        resolutionDelay: DEFAULT_RESOLUTION_DELAY_MS,
        firstAddressFamilyCount: DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
        timeout: CLI_DEFAULT_TIMEOUT_MS,
        attemptTimeout: null,
        localAddress: null,
        // The demo shows RFC 8305's Connection Attempt Delay; an HTTPS query (HEv3) would only add a row.
        https: false,
      };
      options.onReady(
        `This is a local demonstration, no network involved: ${DEMO_HOST} is answered by a DNS server in this process ` +
          `with ::1, a black hole on loopback (SYNs to port ${hole.port} are dropped), and 127.0.0.1, which answers.`,
      );
      return await runConnect({ host: DEMO_HOST, port: hole.port, input: `${DEMO_HOST} ${hole.port}` }, settings, {
        signal: options.signal,
        ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      });
    } finally {
      await dns.close();
    }
  } finally {
    await Promise.all([hole.close(), listener.close()]);
  }
}

interface OpenPorts {
  readonly hole: BlackHole;
  readonly listener: { close(): Promise<void> };
}

/** The black hole on [::1]:P and a listener on 127.0.0.1:P, with the same P. */
async function openPorts(): Promise<OpenPorts> {
  for (let attempt = 1; ; attempt++) {
    let hole: BlackHole;
    try {
      hole = await createBlackHole({ host: '::1' });
    } catch (error) {
      if (error instanceof EyeballError && error.code === BLACK_HOLE_ERROR_CODE) {
        throw new EyeballError(DEMO_UNAVAILABLE_CODE, `the demo cannot run here: ${error.message} (it needs IPv6 on loopback)`, {
          cause: error,
        });
      }
      throw error;
    }
    try {
      return { hole, listener: await listen(hole.port) };
    } catch (error) {
      await hole.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === PORT_TRIES) {
        throw new EyeballError(DEMO_UNAVAILABLE_CODE, `the demo cannot listen on 127.0.0.1:${hole.port}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
}

/** A listener that accepts and hangs up; `close()` also ends the connections it accepted. */
function listen(port: number): Promise<{ close(): Promise<void> }> {
  const accepted = new Set<Socket>();
  const server: Server = createServer((socket) => {
    // The client closes at once; a reset on the way is expected.
    socket.on('error', () => {});
    accepted.add(socket);
    socket.once('close', () => accepted.delete(socket));
    socket.end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const socket of accepted) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
