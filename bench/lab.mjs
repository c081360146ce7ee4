#!/usr/bin/env node
// Lab benchmark: eyeball and its peers side by side, against a real kernel in the end-to-end lab
// (test/e2e/lab/). For each scenario: the time from "connect" to a connected socket, as each client
// reports it, median of N runs, next to what an RFC 8305 client would reach.
//
//   npm run build && sudo node bench/lab.mjs [--runs 7]
//
// Clients, all inside the lab namespace, all resolving the name through the lab's DNS server:
// - eyeball CLI: `eyeball NAME PORT --json --resolver system`, the document's `winner.at`;
// - eyeball connect(): the library in a small bundled script (test/e2e/lab/probe.ts), system resolver;
// - Node net.connect({ autoSelectFamily: true }), Node's built-in Happy Eyeballs (same probe script);
// - curl (when installed): `curl -w '%{time_connect}' http://NAME:PORT/`.
// Every time is measured by the client itself from its own start of the connection (DNS included), so
// process start-up is not part of it. Needs root (network namespaces) and .ci/lab-deps.sh's tools.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const runs = parseRuns(process.argv.slice(2));

// The lab is TypeScript: bundle its entry points once, beside node_modules so `esbuild` etc. resolve.
const cacheDir = join(ROOT, 'node_modules/.cache/eyeball-bench');
mkdirSync(cacheDir, { recursive: true });
const labModule = join(cacheDir, 'lab.mjs');
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

const missing = missingForLab({ slow: true });
if (missing !== null) {
  process.stderr.write(`bench/lab.mjs cannot run: ${missing}\n`);
  process.exit(1);
}

/**
 * The scenarios, with the time an RFC 8305 client reaches on them (DNS answers and loopback handshakes
 * take about a millisecond here, on top): the Connection Attempt Delay is 250 ms, a failure starts the
 * next attempt at once but never within 10 ms of the previous start (§5), and a slow first attempt keeps
 * running after the next one starts.
 */
const plan = new LabPlan();
const scenarios = [
  {
    title: 'IPv6 black-holed, IPv4 fine',
    host: plan.host('bench-v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 250, family: 4, why: 'IPv4 after one Connection Attempt Delay' },
  },
  {
    title: 'IPv6 refused, IPv4 fine',
    host: plan.host('bench-v6-refused', { AAAA: { roles: ['refuses'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 10, family: 4, why: 'IPv4 as soon as IPv6 fails, 10 ms after the first start at the earliest' },
  },
  {
    title: 'both fine',
    host: plan.host('bench-both-ok', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }),
    ideal: { ms: 0, family: 6, why: 'IPv6 at once' },
  },
  {
    title: 'both slow (SYN held 400 ms)',
    host: plan.host('bench-both-slow', { AAAA: { roles: [{ slowMs: 400 }] }, A: { roles: [{ slowMs: 400 }] } }),
    ideal: { ms: 400, family: 6, why: 'IPv6, still running when IPv4 starts at 250 ms' },
  },
];

const TIMEOUT_MS = 5000;
const hasCurl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
const curlVersion = hasCurl.status === 0 ? (hasCurl.stdout.split(' ')[1] ?? '?') : null;

/** Each client: a name for the table and a function giving { ms, address } or { error } for one run. */
const clients = [
  {
    name: 'eyeball CLI',
    async run(lab, host) {
      const { json } = await lab.eyeball(host, ['--resolver', 'system', '--timeout', String(TIMEOUT_MS)]);
      return json.winner === null ? { error: json.error?.code ?? 'failed' } : { ms: json.winner.at, address: json.winner.address };
    },
  },
  {
    name: 'eyeball connect()',
    async run(lab, host) {
      return fromProbe(await lab.probe({ kind: 'eyeball', host: host.name, port: host.port, timeoutMs: TIMEOUT_MS, resolver: 'system' }));
    },
  },
  {
    name: `Node ${process.version} autoSelectFamily`,
    async run(lab, host) {
      return fromProbe(await lab.probe({ kind: 'node', host: host.name, port: host.port, timeoutMs: TIMEOUT_MS }));
    },
  },
  ...(curlVersion === null
    ? []
    : [
        {
          name: `curl ${curlVersion}`,
          async run(lab, host) {
            const args = ['-s', '-o', '/dev/null', '--connect-timeout', String(TIMEOUT_MS / 1000), '-w', '%{time_connect} %{remote_ip}'];
            const { stdout } = await lab.exec('curl', [...args, `http://${host.name}:${host.port}/`]);
            const [seconds, address] = stdout.trim().split(' ');
            // The listener closes at once, so curl ends with "empty reply" (exit 52): the connect time is what counts.
            return Number(seconds) > 0 ? { ms: Number(seconds) * 1000, address } : { error: `curl: ${stdout.trim() || 'no connection'}` };
          },
        },
      ]),
];

const lab = await startLab(plan);
const results = new Map(); // `${scenario}|${client}` -> runs
try {
  // Rounds of every client on every scenario, so that any drift of the machine spreads over all of them.
  for (let round = 0; round < runs; round++) {
    for (const scenario of scenarios) {
      for (const client of clients) {
        const key = `${scenario.title}|${client.name}`;
        const list = results.get(key) ?? [];
        list.push(await client.run(lab, scenario.host));
        results.set(key, list);
      }
    }
    process.stderr.write(`round ${round + 1}/${runs} done\n`);
  }
} finally {
  await lab.close();
}

const header = ['Scenario', 'RFC 8305 ideal', ...clients.map((client) => client.name)];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const scenario of scenarios) {
  const cells = clients.map((client) => cell(results.get(`${scenario.title}|${client.name}`), scenario.host));
  lines.push(`| ${scenario.title} | ${scenario.ideal.ms} ms, IPv${scenario.ideal.family} | ${cells.join(' | ')} |`);
}
const note = `Median of ${runs} runs, ms from the client's start of the connection (DNS included) to a connected socket, and the family that won.`;
process.stdout.write(`${lines.join('\n')}\n\n${note}\n`);

function fromProbe(result) {
  return result.outcome === 'connected' ? { ms: result.ms, address: result.address } : { error: result.code ?? result.outcome };
}

function cell(list, host) {
  const times = list.filter((entry) => entry.error === undefined).map((entry) => entry.ms).sort((a, b) => a - b);
  const errors = list.filter((entry) => entry.error !== undefined);
  if (times.length === 0) return `failed (${errors[0]?.error})`;
  const median = times.length % 2 === 1 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const winners = list.filter((entry) => entry.address !== undefined);
  const families = new Set(winners.map((entry) => (host.AAAA.includes(entry.address) ? 'IPv6' : 'IPv4')));
  const failed = errors.length > 0 ? `, ${errors.length}/${list.length} failed` : '';
  return `${Math.round(median)} ms, ${[...families].join('/')}${failed}`;
}

function parseRuns(args) {
  const index = args.indexOf('--runs');
  if (index === -1) return 7;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write('usage: node bench/lab.mjs [--runs N]  (N a positive integer)\n');
    process.exit(2);
  }
  return value;
}
