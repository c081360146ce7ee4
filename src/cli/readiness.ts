/**
 * Readiness: before the race's 0 ms, the CLI's fresh process does once what the race will do, so that the
 * race's timeline shows the network and not the process's first use of its own code (compiling functions,
 * loading modules, starting the lookup process): each of those, met mid-race, would be counted as DNS or
 * connect time.
 *
 * `getReady` runs a whole race against the process's own loopback, with the resolver the real race will
 * use (the lookup process warmed for `system`; for `dns`, the lookup process's A, AAAA and HTTPS queries
 * to a DNS server of its own, which warm the lookup process and the CLI alike): a refused and a successful
 * TCP connect, a TLS handshake started when the run uses TLS, the sort, the staggered race and the trace. The
 * report is rendered after its race has ended, so the renderers are not warmed. It is done once per process,
 * resolver and TLS, best effort: a warm-up that fails or takes longer than READINESS_LIMIT_MS only leaves the
 * race colder.
 */
import { createServer, isIP, type Server } from 'node:net';
import { isLocalhostName } from '../dns/localhost.js';
import { startDnsServer } from '../dns-server/dns-server.js';
import type { RunReport, RunSettings, RunTarget } from './report.js';
import { prepareLookupProcess } from './resolver-for.js';
import { withoutZone } from './target.js';
import { tlsFor } from './tls-settings.js';

const READINESS_LIMIT_MS = 2000;
/** The name the warm-up race resolves through the DNS server of its own (RFC 6761 §6.4: `.invalid` is never real). */
const WARM_UP_NAME = 'eyeball-readiness.invalid';

/** Runs one race (the CLI's own run, without the readiness step). */
type RaceOnce = (target: RunTarget, settings: RunSettings, signal: AbortSignal) => Promise<RunReport>;

const done = new Map<string, Promise<void>>();

/** Makes the process ready for a race with `settings` to `target`; resolves at most READINESS_LIMIT_MS later. */
export function getReady(target: RunTarget, settings: RunSettings, raceOnce: RaceOnce): Promise<void> {
  // An IP address is raced without a resolver: its only first-use costs are before its SYN, which is
  // stamped when it leaves, so the report is true without the warm-up, and the run starts sooner.
  if (isIP(withoutZone(target.host)) !== 0) return Promise.resolve();
  // A localhost name is answered by eyeball itself (RFC 6761) whatever the resolver: its warm-up asks no DNS server.
  const asksDns = settings.resolver === 'dns' && !isLocalhostName(target.host);
  const key = `${settings.resolver} ${asksDns} ${settings.https !== false} ${tlsFor(target, settings) !== null}`;
  let ready = done.get(key);
  if (ready === undefined) {
    ready = warmUp(target, settings, asksDns, raceOnce).catch(() => {}); // a cold race is slower, not wrong
    done.set(key, ready);
  }
  return ready;
}

async function warmUp(realTarget: RunTarget, settings: RunSettings, asksDns: boolean, raceOnce: RaceOnce): Promise<void> {
  const signal = AbortSignal.timeout(READINESS_LIMIT_MS);
  const listener = await listenOnLoopback();
  const dnsServer = asksDns
    ? await startDnsServer({ zone: { [WARM_UP_NAME]: { A: { addresses: ['127.0.0.1'] }, AAAA: { addresses: ['::1'] }, HTTPS: {} } } })
    : null;
  try {
    await prepareLookupProcess(settings, realTarget.host);
    const host = dnsServer === null ? 'localhost' : WARM_UP_NAME;
    // The real target's scheme: a TLS run's warm-up starts TLS too (its handshake then fails on the plain listener).
    const target: RunTarget = { host, port: listener.port, input: host, ...(realTarget.scheme === undefined ? {} : { scheme: realTarget.scheme }) };
    const warmUpSettings: RunSettings = {
      ...settings,
      ...(dnsServer === null ? {} : { dnsServer: dnsServer.address }),
      // Its own listener, by both families, within the limit; the rest as the real race.
      family: 0,
      localAddress: null,
      timeout: READINESS_LIMIT_MS,
    };
    await raceOnce(target, warmUpSettings, signal);
  } finally {
    listener.server.close();
    await dnsServer?.close();
  }
}

/** A TCP listener on 127.0.0.1 that takes connections and closes them (::1 on its port refuses). */
function listenOnLoopback(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}
