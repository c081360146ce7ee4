#!/usr/bin/env node
// Lab benchmark: eyeball and its peers side by side, against a real kernel in the end-to-end lab
// (test/e2e/lab/). For each scenario: the time from "connect" to a connected socket, as each client
// reports it, median of N runs, next to what an RFC 8305 client would reach, and the excess over it.
//
//   npm run build && sudo node bench/lab.mjs [--runs 7] [--compare DIR]
//
// --compare DIR: another checkout of eyeball, built (e.g. `git worktree add /tmp/before <commit>` and
// `npm run build` there), whose CLI and connect() run as two more clients in the same rounds: a
// before/after that sees the same moments of the machine.
//
// Clients, all inside the lab namespace, all resolving the name through the lab's DNS server with the
// system resolver (getaddrinfo):
// - eyeball CLI: `node bin/eyeball.js NAME PORT --json --resolver system`, the document's `winner.at`;
// - eyeball connect(): the built library (dist/index.js) called by a small bundled script (test/e2e/lab/probe.ts);
// - Node net.connect({ autoSelectFamily: true }), Node's built-in Happy Eyeballs (same probe script);
// - curl (when installed): `curl -w '%{time_connect}' http://NAME:PORT/`;
// - async_stagger (when a python3 that can import it is on the PATH; skipped with a note otherwise): its
//   open_connection(), the model library of RFC 8305, timed with perf_counter around the call.
// The same run measures the platform's timer lateness: a bare `setTimeout(250)` in a fresh node process
// in the namespace, so the target (the ideal, plus 3 ms, plus that lateness for each timer on the path)
// is read against the same moments of the machine.
// Every time is measured by the client itself from its own start of the connection (DNS included), so
// process start-up is not part of it. "first" is the first connect of a fresh process (what a CLI run
// pays); "warm" is a second connect to the same scenario in the same process, right after the first
// (what a long-running program pays); the CLI and curl run once per process, so they have "first" only.
// The phases say where the time went: DNS (until both families answered), then sorting and scheduling
// (until the winner's attempt started), then the handshake. Needs root (network namespaces) and
// .ci/lab-deps.sh's tools.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const { runs, compare } = parseArgs(process.argv.slice(2));

// The lab is TypeScript: bundle its entry points once, inside this checkout so that `esbuild` etc. resolve
// and the lab finds this checkout's build (test/e2e/lab/paths.ts looks up from the bundle's real path; the
// node_modules of a git worktree may be a link to another checkout's). One file per run, removed once loaded.
const labModule = join(ROOT, `bench/.lab-${process.pid}.mjs`);
await build({
  stdin: {
    contents: [
      "export { startLab } from './lab.js';",
      "export { LabPlan } from './plan.js';",
      "export { missingForLab } from './requirements.js';",
    ].join('\n'),
    resolveDir: join(ROOT, 'test/e2e/lab'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  outfile: labModule,
  logLevel: 'warning',
});
const { startLab, LabPlan, missingForLab } = await import(labModule);
rmSync(labModule, { force: true });

const missing = missingForLab({ slow: true });
if (missing !== null) {
  process.stderr.write(`bench/lab.mjs cannot run: ${missing}\n`);
  process.exit(1);
}

/**
 * The scenarios, with the time an RFC 8305 client with the RFC's defaults reaches on them once the
 * addresses are known, on a handshake that takes no time: the Connection Attempt Delay is 250 ms, a
 * failure starts the next attempt at once but never within 10 ms of the previous start (§5), and a slow
 * first attempt keeps running after the next one starts. DNS is not in the ideal, but for the delay a
 * scenario's DNS server adds on purpose (`dnsMs`): the excess over it includes the client's own DNS,
 * which the phase table shows apart. The scenario with a 20 ms DNS answer shows how much of a fresh
 * process's first-use cost a client hides behind a DNS wait of the kind a real resolver has.
 */
/** The lab DNS server's answer delay in the "DNS answers after 20 ms" scenario. */
const DNS_DELAY_MS = 20;
/** How long the slow scenario holds the IPv6 SYN: less than the Connection Attempt Delay, so IPv6 wins. */
const SLOW_V6_MS = 100;
/** The least time between two attempt starts, even after a failure (RFC 8305 §5: the delay's floor). */
const MIN_ATTEMPT_SPACING_MS = 10;
/** What the CLI may add to the ideal beyond the platform's timer lateness (the target). */
const TARGET_EXCESS_MS = 3;
/** The timer whose lateness is measured: one Connection Attempt Delay (RFC 8305 §5). */
const TIMER_MS = 250;
const plan = new LabPlan();
const scenarios = [
  {
    title: 'IPv6 black-holed, IPv4 fine',
    host: plan.host('bench-v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 250, timers: 1, family: 4, why: 'IPv4 after one Connection Attempt Delay' },
  },
  {
    title: 'IPv6 refused, IPv4 fine',
    host: plan.host('bench-v6-refused', { AAAA: { roles: ['refuses'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 10, timers: 1, family: 4, why: 'IPv4 as soon as IPv6 fails, 10 ms after the first start at the earliest' },
  },
  {
    title: 'both fine',
    host: plan.host('bench-both-ok', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 0, family: 6, why: 'IPv6 at once' },
  },
  {
    title: 'both slow (SYN held 400 ms)',
    host: plan.host('bench-both-slow', { AAAA: { roles: [{ slowMs: 400 }] }, A: { roles: [{ slowMs: 400 }] } }),
    ideal: { ms: 400, timers: 1, family: 6, why: 'IPv6, still running when IPv4 starts at 250 ms' },
  },
  {
    title: `IPv6 ${SLOW_V6_MS} ms slow, IPv4 fine`,
    host: plan.host('bench-v6-slow', { AAAA: { roles: [{ slowMs: SLOW_V6_MS }] }, A: { roles: ['connects'] } }),
    ideal: { ms: SLOW_V6_MS, family: 6, why: 'IPv6 once its SYN is through, before the Connection Attempt Delay ends' },
  },
  {
    title: 'five dead addresses before a live one',
    host: plan.host('bench-five-dead', { AAAA: { roles: ['refuses', 'refuses', 'refuses'] }, A: { roles: ['refuses', 'refuses', 'connects'] } }),
    ideal: {
      ms: 5 * MIN_ATTEMPT_SPACING_MS,
      timers: 5,
      family: 4,
      why: 'each refusal starts the next address, 10 ms after the previous start at the earliest',
    },
  },
  {
    title: `both fine, DNS answers after ${DNS_DELAY_MS} ms`,
    host: plan.host('bench-dns-slow', { AAAA: { roles: ['connects'], delayMs: DNS_DELAY_MS }, A: { roles: ['connects'], delayMs: DNS_DELAY_MS } }),
    ideal: { ms: 0, dnsMs: DNS_DELAY_MS, family: 6, why: 'IPv6 as soon as the AAAA answer is in' },
  },
];

/** The ideal time to a connected socket: the RFC 8305 part, plus the DNS delay the scenario adds on purpose. */
function idealMs(scenario) {
  return scenario.ideal.ms + (scenario.ideal.dnsMs ?? 0);
}

const TIMEOUT_MS = 5000;
const hasCurl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
const curlVersion = hasCurl.status === 0 ? (hasCurl.stdout.split(' ')[1] ?? '?') : null;
const asyncStagger = spawnSync('python3', ['-c', 'import async_stagger, sys; print(getattr(async_stagger, "__version__", "?"))'], {
  encoding: 'utf8',
});
const asyncStaggerVersion = asyncStagger.status === 0 ? asyncStagger.stdout.trim() : null;
/** async_stagger's open_connection(), timed around the call, in a fresh python3 (name and port as arguments). */
const ASYNC_STAGGER_SCRIPT = `
import asyncio, sys, time
import async_stagger

async def main():
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(async_stagger.open_connection(sys.argv[1], int(sys.argv[2])), ${TIMEOUT_MS / 1000})
    except Exception as error:
        print("error", type(error).__name__)
        return
    ms = (time.perf_counter() - started) * 1000
    print(ms, writer.get_extra_info("peername")[0])
    writer.close()

asyncio.run(main())
`;
/** A bare setTimeout in a fresh node process: how late it fires, as performance.now() sees it. */
const TIMER_SCRIPT = `const start = performance.now(); setTimeout(() => console.log(performance.now() - start - ${TIMER_MS}), ${TIMER_MS});`;

/**
 * Each client: a name for the tables and a function giving the timed connects of one run, keyed
 * `first` (and `warm` when the client can connect twice in a process). A timed connect is { ms, address,
 * query, dns, first, started } or { error }: `query` is when the first DNS query went out, `dns` when both
 * families had answered, `first` when the first attempt started, `started` when the winning one did (null
 * when the client does not say).
 */
/**
 * The CLI and connect() of the eyeball checkout at `root` (this one, or --compare's), as two clients. Both
 * run that checkout's build (bin/eyeball.js, dist/index.js), as users get it, so a comparison is even.
 */
function eyeballClients(root, label) {
  const bin = join(root, 'bin/eyeball.js');
  const module = join(root, 'dist/index.js');
  return [
    {
      name: `eyeball CLI${label}`,
      async run(lab, host) {
        const args = [bin, host.name, String(host.port), '--json', '--resolver', 'system', '--timeout', String(TIMEOUT_MS)];
        const { stdout, stderr } = await lab.exec(process.execPath, args);
        let json;
        try {
          json = JSON.parse(stdout);
        } catch {
          return { first: { error: `no JSON document: ${stderr.trim()}` } };
        }
        if (json.winner === null) return { first: { error: json.error?.code ?? 'failed' } };
        const winner = json.attempts.find((attempt) => attempt.address === json.winner.address && attempt.outcome === 'connected');
        return {
          first: {
            ms: json.winner.at,
            address: json.winner.address,
            query: Math.min(...json.dns.map((query) => query.startedAt)),
            dns: Math.max(...json.dns.map((query) => query.endedAt)),
            first: json.attempts[0]?.startedAt ?? null,
            started: winner?.startedAt ?? null,
          },
        };
      },
    },
    {
      name: `eyeball connect()${label}`,
      async run(lab, host) {
        const result = await lab.probe({ kind: 'eyeball', host: host.name, port: host.port, timeoutMs: TIMEOUT_MS, resolver: 'system', module });
        if (result.outcome !== 'timed') return { first: { error: `probe: ${JSON.stringify(result)}` } };
        const timed = ({ ms, address, error, phases }) =>
          error !== null
            ? { error }
            : {
                ms,
                address,
                query: phases['dns-query'] ?? null,
                dns: Math.max(phases['AAAA-answer'] ?? 0, phases['A-answer'] ?? 0),
                first: phases['first-attempt-started'] ?? null,
                started: phases['winner-started'] ?? null,
              };
        return { first: timed(result.first), warm: timed(result.warm) };
      },
    },
  ];
}

const clients = [
  ...eyeballClients(ROOT, ''),
  ...(compare === null ? [] : eyeballClients(compare, ` @${basename(compare)}`)),
  {
    name: `Node ${process.version} autoSelectFamily`,
    async run(lab, host) {
      const result = await lab.probe({ kind: 'node', host: host.name, port: host.port, timeoutMs: TIMEOUT_MS });
      if (result.outcome !== 'timed') return { first: { error: `probe: ${JSON.stringify(result)}` } };
      const timed = ({ ms, address, error, phases }) =>
        error !== null
          ? { error }
          : { ms, address, query: phases['lookup'] ?? null, dns: phases['lookup-answered'] ?? null, first: null, started: null };
      return { first: timed(result.first), warm: timed(result.warm) };
    },
  },
  ...(curlVersion === null
    ? []
    : [
        {
          name: `curl ${curlVersion}`,
          async run(lab, host) {
            const args = [
              '-s',
              '-o',
              '/dev/null',
              '--connect-timeout',
              String(TIMEOUT_MS / 1000),
              '-w',
              '%{time_namelookup} %{time_connect} %{remote_ip}',
            ];
            const { stdout } = await lab.exec('curl', [...args, `http://${host.name}:${host.port}/`]);
            const [lookup, connected, address] = stdout.trim().split(' ');
            // The listener closes at once, so curl ends with "empty reply" (exit 52): the connect time is what counts.
            return {
              first:
                Number(connected) > 0
                  ? { ms: Number(connected) * 1000, address, query: null, dns: Number(lookup) * 1000, first: null, started: null }
                  : { error: `curl: ${stdout.trim() || 'no connection'}` },
            };
          },
        },
      ]),
  ...(asyncStaggerVersion === null
    ? []
    : [
        {
          name: `async_stagger ${asyncStaggerVersion}`,
          async run(lab, host) {
            const { stdout, stderr } = await lab.exec('python3', ['-c', ASYNC_STAGGER_SCRIPT, host.name, String(host.port)]);
            const [ms, address] = stdout.trim().split(' ');
            return {
              first:
                ms !== 'error' && Number(ms) > 0
                  ? { ms: Number(ms), address, query: null, dns: null, first: null, started: null }
                  : { error: `async_stagger: ${stdout.trim() || stderr.trim() || 'no connection'}` },
            };
          },
        },
      ]),
];
const skipped =
  asyncStaggerVersion === null ? ['async_stagger: no python3 here can import it (pip reaches no registry), so it is not in the tables'] : [];
const KINDS = ['first', 'warm'];

const loadBefore = loadavg()[0];
// Clients run one at a time, so the lab's servers can yield every core to them (LabOptions.idleHelpers).
const lab = await startLab(plan, { idleHelpers: true });
const results = new Map(); // `${scenario}|${client}|${kind}` -> timed connects
const timerLateness = []; // ms, one bare setTimeout(TIMER_MS) per round
try {
  // Rounds of every client on every scenario, so that any drift of the machine spreads over all of them.
  for (let round = 0; round < runs; round++) {
    const timer = await lab.exec(process.execPath, ['-e', TIMER_SCRIPT]);
    timerLateness.push(Number(timer.stdout.trim()));
    for (const scenario of scenarios) {
      for (const client of clients) {
        const run = await client.run(lab, scenario.host);
        for (const kind of KINDS) {
          if (run[kind] === undefined) continue;
          const key = `${scenario.title}|${client.name}|${kind}`;
          results.set(key, [...(results.get(key) ?? []), run[kind]]);
        }
      }
    }
    process.stderr.write(`round ${round + 1}/${runs} done\n`);
  }
} finally {
  await lab.close();
}
const loadAfter = loadavg()[0];

const out = [];
for (const kind of KINDS) {
  const columns = clients.filter((client) => results.has(`${scenarios[0].title}|${client.name}|${kind}`));
  out.push(`### ${kind === 'first' ? 'First connect in a fresh process' : 'Warm connect (the second in the same process)'}`, '');
  const header = ['Scenario', 'RFC 8305 ideal', ...columns.map((client) => client.name)];
  out.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const scenario of scenarios) {
    const cells = columns.map((client) => cell(results.get(`${scenario.title}|${client.name}|${kind}`), scenario));
    out.push(`| ${scenario.title} | ${idealMs(scenario)} ms, IPv${scenario.ideal.family} | ${cells.join(' | ')} |`);
  }
  out.push('', '#### Where the time went (medians, ms since the start of the connection)', '');
  out.push(
    '| Scenario | client | DNS query sent | DNS both answered | first attempt | winner started | connected | excess over ideal | excess over ideal + DNS |',
  );
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const scenario of scenarios) {
    for (const client of columns) {
      const ok = (results.get(`${scenario.title}|${client.name}|${kind}`) ?? []).filter((entry) => entry.error === undefined);
      if (ok.length === 0) continue;
      const connected = median(ok.map((entry) => entry.ms));
      const phase = (name) => median(ok.map((entry) => entry[name]).filter((value) => value !== null));
      const [query, dns, first, started] = ['query', 'dns', 'first', 'started'].map(phase);
      const excessOverDns = median(ok.filter((entry) => entry.dns !== null).map((entry) => entry.ms - entry.dns - scenario.ideal.ms));
      out.push(
        `| ${scenario.title} | ${client.name} | ${fixed(query)} | ${fixed(dns)} | ${fixed(first)} | ${fixed(started)} | ${fixed(connected)} | ${fixed(connected - idealMs(scenario))} | ${fixed(excessOverDns)} |`,
      );
    }
  }
  out.push('');
}
const lateness = median(timerLateness);
out.push(`### The fresh CLI against the target`, '');
out.push(
  `A bare \`setTimeout(${TIMER_MS})\` in a fresh node process in the namespace fired ${fixed(lateness)} ms late (median of ${runs}; ` +
    `${timerLateness.map((value) => value.toFixed(1)).join(', ')}). Target: the ideal + ${TARGET_EXCESS_MS} ms + that lateness for each timer on the path.`,
  '',
  '| Scenario | RFC 8305 ideal | timers on the path | target | eyeball CLI (median) | over the ideal | within the target |',
  '|---|---:|---:|---:|---:|---:|---|',
);
for (const scenario of scenarios) {
  const times = (results.get(`${scenario.title}|eyeball CLI|first`) ?? []).filter((entry) => entry.error === undefined).map((entry) => entry.ms);
  const timers = scenario.ideal.timers ?? 0;
  const target = idealMs(scenario) + TARGET_EXCESS_MS + timers * lateness;
  const value = median(times);
  out.push(
    `| ${scenario.title} | ${idealMs(scenario)} ms | ${timers} | ${fixed(target)} ms | ${fixed(value)} ms | ${Number.isNaN(value) ? '-' : signed(value - idealMs(scenario))} ms | ${Number.isNaN(value) ? '-' : value <= target ? 'yes' : 'no'} |`,
  );
}
out.push('', ...skipped.map((note) => `Skipped: ${note}.`), ...(skipped.length > 0 ? [''] : []));
out.push(
  `Median of ${runs} runs each: ms from the client's start of the connection (DNS included) to a connected socket, ` +
    `"+N" the median excess over the RFC 8305 ideal, and the family that won. Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`,
);
process.stdout.write(`${out.join('\n')}\n`);

function cell(list, scenario) {
  const times = list.filter((entry) => entry.error === undefined).map((entry) => entry.ms);
  const errors = list.filter((entry) => entry.error !== undefined);
  if (times.length === 0) return `failed (${errors[0]?.error})`;
  const value = median(times);
  const winners = list.filter((entry) => entry.address !== undefined);
  const families = new Set(winners.map((entry) => (scenario.host.AAAA.includes(entry.address) ? 'IPv6' : 'IPv4')));
  const failed = errors.length > 0 ? `, ${errors.length}/${list.length} failed` : '';
  return `${value.toFixed(1)} (${signed(value - idealMs(scenario))}) ms, ${[...families].join('/')}${failed}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
}

function fixed(value) {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function parseArgs(args) {
  const usage = () => {
    process.stderr.write('usage: node bench/lab.mjs [--runs N] [--compare DIR]  (N a positive integer, DIR a built eyeball checkout)\n');
    process.exit(2);
  };
  const value = (flag) => {
    const index = args.indexOf(flag);
    return index === -1 ? null : (args[index + 1] ?? usage());
  };
  const runs = value('--runs') === null ? 7 : Number(value('--runs'));
  if (!Number.isInteger(runs) || runs < 1) usage();
  const compare = value('--compare');
  if (compare !== null && !existsSync(join(compare, 'dist/index.js'))) usage();
  return { runs, compare: compare === null ? null : resolve(compare) };
}

/** A difference with its sign: +12.6, −48.0 (a minus sign, as the tables in docs/benchmarks.md write it). */
function signed(ms) {
  return ms < 0 ? `−${(-ms).toFixed(1)}` : `+${ms.toFixed(1)}`;
}
