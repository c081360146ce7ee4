#!/usr/bin/env node
// The start-up guard: `eyeball --version` and a loopback `--json` run, each within GUARD_RATIO of a bare
// `node -e 0`, measured side by side (interleaved, after warm-up runs) as the wall time until the process
// has exited. Prints the medians, the ratios, and exits 1 when the guard does not hold.
//
//   npm run build && node bench/startup.mjs [--runs 20] [--compare DIR]   (DIR: another built checkout, in the same rounds)
//
// The loopback run connects to a listener this script starts on 127.0.0.1: load, parse, connect,
// render and exit, without any network.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Each command may take at most this many times as long as `node -e 0` (the start-up guard). */
const GUARD_RATIO = 1.6;
const WARM_UP_RUNS = 3;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, compare: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

const root = fileURLToPath(new URL('../', import.meta.url));
if (!existsSync(`${root}dist/cli.cjs`)) {
  console.error('dist/cli.cjs is missing: run `npm run build` first');
  process.exit(1);
}

const server = createServer((socket) => {
  socket.on('error', () => {});
  socket.end();
});
await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
const { port } = server.address();

/** The two guarded commands of the checkout at `directory` (this one, or --compare's, labelled with its path). */
const eyeballCases = (directory, suffix, isGuarded) => {
  const bin = join(directory, 'bin', 'eyeball.js');
  return [
    { label: `eyeball --version${suffix}`, args: [bin, '--version'], isGuarded },
    { label: `eyeball 127.0.0.1 <port> --json${suffix}`, args: [bin, '127.0.0.1', String(port), '--json'], isGuarded },
  ];
};
const cases = [
  { label: 'node -e 0', args: ['-e', '0'], isGuarded: false },
  ...eyeballCases(root, '', true),
  ...(values.compare === undefined ? [] : eyeballCases(resolve(values.compare), ` (${values.compare})`, false)),
];

/** Wall time of one run in ms; a failing command fails the benchmark, so a broken build is never "fast". */
function timeOnce({ label, args }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${label} exited with ${result.status}: ${result.stderr}`);
  return elapsed;
}

const samples = cases.map(() => []);
for (let round = -WARM_UP_RUNS; round < runs; round++) {
  for (const [index, testCase] of cases.entries()) {
    const elapsed = timeOnce(testCase);
    if (round >= 0) samples[index].push(elapsed);
    // Let the listener accept the loopback run's connection before the next run.
    await nextTurn();
  }
}
server.close();

const median = (numbers) => {
  const sorted = numbers.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medians = samples.map(median);
const [baseline] = medians;

console.log(`node ${process.version}, median of ${runs} runs each after ${WARM_UP_RUNS} warm-up runs, interleaved\n`);
console.log(`| command | median | vs node -e 0 | guard (≤ ${GUARD_RATIO}x) |`);
console.log('|---|---:|---:|---|');
let holds = true;
for (const [index, { label, isGuarded }] of cases.entries()) {
  const ratio = medians[index] / baseline;
  // --compare's checkout is shown beside this one; the guard is this checkout's.
  const verdict = isGuarded ? (ratio <= GUARD_RATIO ? 'holds' : 'FAILS') : '';
  if (isGuarded && ratio > GUARD_RATIO) holds = false;
  console.log(`| \`${label}\` | ${medians[index].toFixed(1)} ms | ${ratio.toFixed(2)}x | ${verdict} |`);
}
process.exitCode = holds ? 0 : 1;
