/**
 * Readiness: before the race's 0 ms, the CLI's fresh process does once what the race will do, so that the
 * race's timeline shows the network and not the process's first use of its own code. Node compiles a
 * function the first time it runs, loads a module the first time it is needed, and the lookup process
 * (lookup-process/) starts a Node of its own and loads the C library's name service (NSS) on its first
 * getaddrinfo; each of those, met mid-race, would be a millisecond or more counted as DNS or connect time.
 *
 * `getReady` runs a whole race against the process's own loopback, with the resolver the real race will
 * use:
 *   - `--resolver system`: the lookup process started and warmed with two lookups at once of `localhost`
 *     (two threads of its pool, NSS loaded; /etc/hosts answers, so nothing goes on the network), then a
 *     race to a listener of its own through the CLI's system resolver;
 *   - `--resolver dns`: a DNS server of its own on 127.0.0.1 (UDP) answers the race's A, AAAA and, when
 *     the real race will ask it, HTTPS queries, so c-ares, the HTTPS query and the UDP socket have run once;
 *   - both: the candidate sort (its source-address probe), the staggered race, a refused and a
 *     successful TCP connect on loopback, and the trace.
 * The report is rendered after the race has ended, so the renderers are not warmed: their first use costs
 * no time the report shows.
 *
 * It is done once per process and per resolver, best effort: a warm-up that fails or takes longer than
 * READINESS_LIMIT_MS only leaves the race colder. Only a run that races does it: `--version`, `--help`
 * and usage errors never get here.
 */
import { createServer, type Server } from 'node:net';
import { startDnsServer } from '../dns-server/dns-server.js';
import type { RunReport, RunSettings, RunTarget } from './report.js';
import { prepareSystemLookups } from './resolver-for.js';

/** How long the warm-up may take before the real race starts anyway. */
const READINESS_LIMIT_MS = 2000;
/** The name the warm-up race resolves through the DNS server of its own (RFC 6761 §6.4: `.invalid` is never real). */
const WARM_UP_NAME = 'eyeball-readiness.invalid';

/** Runs one race (the CLI's own run, without the readiness step) and reports it. */
export type RaceOnce = (target: RunTarget, settings: RunSettings, signal: AbortSignal) => Promise<RunReport>;

const done = new Map<string, Promise<void>>();

/**
 * Makes the process ready for a race with `settings` to `host` (see the module comment); resolves when it
 * is, at most READINESS_LIMIT_MS later. Calling it again with the same resolver costs nothing.
 */
export function getReady(host: string, settings: RunSettings, raceOnce: RaceOnce): Promise<void> {
  const key = `${settings.resolver} ${settings.https !== false}`;
  let ready = done.get(key);
  if (ready === undefined) {
    ready = warmUp(host, settings, raceOnce).catch(() => {}); // a cold race is slower, not wrong
    done.set(key, ready);
  }
  return ready;
}

async function warmUp(host: string, settings: RunSettings, raceOnce: RaceOnce): Promise<void> {
  const signal = AbortSignal.timeout(READINESS_LIMIT_MS);
  const listener = await listenOnLoopback();
  const dnsServer =
    settings.resolver === 'dns'
      ? await startDnsServer({ zone: { [WARM_UP_NAME]: { A: { addresses: ['127.0.0.1'] }, AAAA: { addresses: ['::1'] }, HTTPS: {} } } })
      : null;
  try {
    await prepareSystemLookups(settings, host);
    const target: RunTarget =
      dnsServer === null ? { host: 'localhost', port: listener.port, input: 'localhost' } : { host: WARM_UP_NAME, port: listener.port, input: WARM_UP_NAME };
    const warmUpSettings: RunSettings = {
      ...settings,
      ...(dnsServer === null ? {} : { dnsServer: dnsServer.address }),
      // Plain TCP to its own listener, by both families, within the limit; the rest as the real race.
      tls: { mode: 'off', alpn: [], verify: true, servername: null, caFile: null, ca: null },
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
