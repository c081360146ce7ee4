#!/usr/bin/env node
// The library's overhead on loopback: time to a connected socket with eyeball's connect() against Node's
// net.connect() for the same target, RUNS runs each (interleaved, after a warm-up), median and p90. The
// excess over net.connect is what eyeball costs. Also: when eyeball's first attempt started (its trace's
// `attempt-started.at`), i.e. what resolution, the RFC 6724 source-address probes and the sort took.
//
//   npm run build && node bench/connect-overhead.mjs [--runs 200] [--module dist/index.js [--module OTHER.js]]
//
// With two or more --module builds (e.g. one of an earlier commit), every build runs in the same rounds,
// interleaved with net.connect, so a before/after comparison sees the same moments of the machine.
//
// Cases, with a listener on 127.0.0.1 and on ::1 (same port):
//   (a) the IP literal 127.0.0.1: no DNS for either;
//   (b) a name through the `dns` resolver against a local DNS server (src/dns-server) answering AAAA ::1
//       and A 127.0.0.1: net.connect gets a `lookup` that asks the same server for AAAA with its own
//       c-ares resolver (what a careful user of net.connect would write);
//   (c) `localhost` with the system resolver: net.connect's default dns.lookup (one getaddrinfo, both
//       families) against eyeball's one getaddrinfo per family (RFC 8305 §3).
import { promises as dnsPromises } from 'node:dns';
import { connect as netConnect, createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { importLibrary, importSource, machineLine, ms, summarize } from './support.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, module: { type: 'string', multiple: true, default: ['dist/index.js'] } },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const WARM_UP_RUNS = 20;

const libraries = await Promise.all(values.module.map(async (path) => ({ path, connect: (await importLibrary(path)).connect })));
const { startDnsServer } = await importSource('src/dns-server/dns-server.ts');

// A listener on both loopback addresses; each accepted socket is drained and closes when the client does.
const servers = [];
async function listenBoth() {
  let port = 0;
  for (const host of ['127.0.0.1', '::1']) {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.resume();
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, ipv6Only: host === '::1' }, resolve);
    });
    port = server.address().port;
    servers.push(server);
  }
  return port;
}
const port = await listenBoth();
const dnsServer = await startDnsServer({ zone: { 'dual.bench.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } } });

/** net.connect's `lookup` for case (b): AAAA from the bench's DNS server, through c-ares. */
function lookupViaServer(hostname, options, callback) {
  const resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dnsServer.address]);
  resolver.resolve6(hostname).then(
    (addresses) =>
      options.all
        ? callback(
            null,
            addresses.map((address) => ({ address, family: 6 })),
          )
        : callback(null, addresses[0], 6),
    (error) => callback(error),
  );
}

function viaNet(options) {
  return new Promise((resolve, reject) => {
    const socket = netConnect(options);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

const cases = [
  {
    label: '(a) 127.0.0.1 (IP literal)',
    eyeball: (connect, onEvent) => connect({ host: '127.0.0.1', port, onEvent }),
    net: () => viaNet({ host: '127.0.0.1', port }),
  },
  {
    label: '(b) dual.bench.test, dns resolver, local DNS server',
    eyeball: (connect, onEvent) => connect({ host: 'dual.bench.test', port, resolver: 'dns', dnsServers: [dnsServer.address], onEvent }),
    net: () => viaNet({ host: 'dual.bench.test', port, lookup: lookupViaServer }),
  },
  {
    label: '(c) localhost, system resolver',
    eyeball: (connect, onEvent) => connect({ host: 'localhost', port, onEvent }),
    net: () => viaNet({ host: 'localhost', port }),
  },
];

/** Times one connect; `firstAttemptAt` is eyeball's own trace time of its first attempt. */
async function timeOnce(run) {
  let firstAttemptAt = Number.NaN;
  const onEvent = (event) => {
    if (event.type === 'attempt-started' && event.index === 0) firstAttemptAt = event.at;
  };
  const startedAt = performance.now();
  const socket = await run(onEvent);
  const elapsed = performance.now() - startedAt;
  const remote = socket.remoteAddress;
  socket.destroy();
  return { elapsed, firstAttemptAt, remote };
}

console.log(`# Library overhead on loopback: eyeball connect() vs net.connect(), ${RUNS} runs each`);
console.log(machineLine());
console.log('');
console.log(
  '| case | library | eyeball median | eyeball p90 | net.connect median | net.connect p90 | excess (median) | eyeball first attempt at (median) | connected to (eyeball / net) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const testCase of cases) {
  const runners = [
    { name: 'net', run: () => testCase.net() },
    ...libraries.map(({ path, connect }) => ({ name: path, run: (onEvent) => testCase.eyeball(connect, onEvent) })),
  ];
  const samples = new Map(runners.map(({ name }) => [name, { elapsed: [], firstAttempt: [], remotes: new Set() }]));
  for (let round = -WARM_UP_RUNS; round < RUNS; round++) {
    // Rotate who goes first, so that none always runs right after another's socket closed.
    for (let k = 0; k < runners.length; k++) {
      const { name, run } = runners[(round + WARM_UP_RUNS + k) % runners.length];
      const result = await timeOnce(run);
      if (round < 0) continue;
      const sample = samples.get(name);
      sample.elapsed.push(result.elapsed);
      sample.firstAttempt.push(result.firstAttemptAt);
      sample.remotes.add(result.remote);
    }
  }
  const net = samples.get('net');
  const n = summarize(net.elapsed);
  for (const { path } of libraries) {
    const eyeball = samples.get(path);
    const e = summarize(eyeball.elapsed);
    const f = summarize(eyeball.firstAttempt);
    console.log(
      `| ${testCase.label} | ${path} | ${ms(e.p50)} | ${ms(e.p90)} | ${ms(n.p50)} | ${ms(n.p90)} | ${ms(e.p50 - n.p50)} | ${ms(f.p50)} | ${[...eyeball.remotes].join(',')} / ${[...net.remotes].join(',')} |`,
    );
  }
}

await dnsServer.close();
for (const server of servers) server.close();
