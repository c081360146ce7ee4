#!/usr/bin/env node
// Start-up time of the CLI against a bare `node -e 0`: how long until the process has exited, measured
// around spawnSync, N runs each (interleaved, after a warm-up), median and p90. See docs/benchmarks.md.
//
//   npm run build && node bench/startup.mjs [--runs 30] [--compare DIR]
//
// The loopback run connects to a listener this script starts on 127.0.0.1, so it measures what a run
// costs without any network: load, parse, connect on loopback, render, exit. `--compare DIR` also runs
// the CLI of another built checkout (DIR/bin/eyeball.js, e.g. an older commit), interleaved with this
// one, so that two builds are compared under the same load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The goal from issue 7: each of these within 1.3x of a bare Node start. */
const TARGET_RATIO = 1.3;
const WARM_UP_RUNS = 3;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, compare: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

const root = fileURLToPath(new URL('../', import.meta.url));
if (!existsSync(`${root}dist/cli.cjs`)) {
  console.error('dist/cli.cjs is missing: run `npm run build` first');
  process.exit(1);
}
const other = values.compare === undefined ? null : resolve(values.compare);
if (other !== null && !existsSync(`${other}/bin/eyeball.js`)) {
  console.error(`${other}/bin/eyeball.js is missing: --compare needs a built checkout`);
  process.exit(1);
}

const server = createServer((socket) => {
  socket.on('error', () => {});
  socket.end();
});
await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
const { port } = server.address();

// The middle rows split the loopback run into what each stage adds: the parser (a usage error loads
// commander and stops), then connect() (the same run with the small JSON renderer), then the report.
const commands = [
  { label: 'eyeball --version', args: ['--version'], target: true },
  { label: 'eyeball example.com 0 (usage error, exit 2)', args: ['example.com', '0'], status: 2, target: true },
  { label: 'eyeball 127.0.0.1 <port> --json', args: ['127.0.0.1', String(port), '--json'], target: true },
  { label: 'eyeball 127.0.0.1 <port> (loopback run)', args: ['127.0.0.1', String(port), '--no-color'], target: true },
];
const trees = other === null ? [{ name: 'this build', dir: root }] : [{ name: 'this build', dir: root }, { name: 'compared', dir: other }];
const cases = [
  { label: 'node -e 0', args: ['-e', '0'], cwd: root, tree: null },
  ...commands.flatMap((command) => trees.map((tree) => ({ ...command, args: [`${tree.dir}/bin/eyeball.js`, ...command.args], cwd: tree.dir, tree }))),
];

/** Wall time of one run in ms; fails loudly when the command fails, so a broken build is never "fast". */
function timeOnce({ label, args, cwd, status = 0 }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== status) throw new Error(`${label} exited with ${result.status}: ${result.stderr}`);
  return elapsed;
}

function percentile(sorted, p) {
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

const loadBefore = loadavg();
const samples = cases.map(() => []);
for (let round = -WARM_UP_RUNS; round < runs; round++) {
  for (const [index, testCase] of cases.entries()) {
    const elapsed = timeOnce(testCase);
    if (round >= 0) samples[index].push(elapsed);
    // Let the listener accept the connection of the loopback run before the next one.
    await nextTurn();
  }
}
server.close();
const loadAfter = loadavg();

const rows = cases.map((testCase, index) => {
  const sorted = samples[index].toSorted((a, b) => a - b);
  return { ...testCase, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
});
const baseline = rows[0].median;
const format = (ms) => `${ms.toFixed(1)} ms`;
const ratio = (row) => `${(row.median / baseline).toFixed(2)}x`;
const load = (averages) => averages.map((value) => value.toFixed(2)).join(' ');

console.log(`node ${process.version}, ${runs} runs each after ${WARM_UP_RUNS} warm-up runs, interleaved`);
console.log(`load average (1, 5, 15 min): ${load(loadBefore)} before, ${load(loadAfter)} after\n`);
if (other === null) {
  console.log('| command | median | p90 | median vs node -e 0 |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| \`${row.label}\` | ${format(row.median)} | ${format(row.p90)} | ${ratio(row)} |`);
} else {
  console.log(`compared: ${other}\n`);
  console.log('| command | this build: median (p90) | vs node -e 0 | compared: median (p90) | vs node -e 0 | change |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(`| \`node -e 0\` | ${format(baseline)} (${format(rows[0].p90)}) | 1.00x | same run | | |`);
  for (const command of commands) {
    const [mine, theirs] = rows.filter((row) => row.label === command.label);
    const change = mine.median - theirs.median;
    console.log(
      `| \`${command.label}\` | ${format(mine.median)} (${format(mine.p90)}) | ${ratio(mine)} | ${format(theirs.median)} (${format(theirs.p90)}) | ${ratio(theirs)} | ${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)} ms |`,
    );
  }
}
console.log('');
for (const row of rows.filter((row) => row.target && row.tree === trees[0])) {
  const value = row.median / baseline;
  console.log(`${row.label}: ${value.toFixed(2)}x (target ≤ ${TARGET_RATIO}x): ${value <= TARGET_RATIO ? 'met' : 'NOT met'}`);
}
