#!/usr/bin/env node
// Many targets: 1,000 connects to loopback listeners with 256 at a time, through eyeball's connect() and
// through Node's net.connect(), and the CLI's `--targets FILE --concurrency 256 --json` on the same list:
// wall time and peak memory (maximum resident set size). Each variant runs in a fresh child process (so
// that the memory is its own), ROUNDS times in turn, and the medians are reported.
//
//   npm run build && node bench/many-targets.mjs [--targets 1000] [--concurrency 256] [--rounds 3] [--module dist/index.js [--module OTHER.js]] [--cli-output json|human]
//
// --cli-output human runs the CLI row without --json: the report for people (the summary of every target).
//
// With two or more --module builds (e.g. one of an earlier commit), each gets an eyeball row, and every
// build runs in the same rounds as net.connect, so a before/after comparison sees the same moments.
//
// The targets cycle through LISTENING_PORTS listeners on 127.0.0.1 and REFUSED_PORTS ports where nothing
// listens (so 1 in 5 is refused). The listeners live in this process and accept, read and close; the
// children only connect. For the library and net.connect, the child times its connects alone (Node's
// start-up is the "baseline" row: a child that only loads the library). The CLI row is the whole process
// under /usr/bin/time (start-up, the run, rendering the JSON array of 1,000 documents).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, importLibrary, machineLine, summarize } from './support.mjs';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '3' },
    module: { type: 'string', multiple: true, default: ['dist/index.js'] },
    child: { type: 'string' },
    ports: { type: 'string' },
    'cli-output': { type: 'string', default: 'json' },
  },
});
const CLI_OUTPUT = values['cli-output'];
if (CLI_OUTPUT !== 'json' && CLI_OUTPUT !== 'human') throw new Error(`--cli-output must be json or human, got ${CLI_OUTPUT}`);
const CLI_FORMAT_ARGS = CLI_OUTPUT === 'json' ? ['--json'] : [];
const TARGETS = Number(values.targets);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
for (const [name, value] of [
  ['targets', TARGETS],
  ['concurrency', CONCURRENCY],
  ['rounds', ROUNDS],
]) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${values[name]}`);
}
const LISTENING_PORTS = 8;
const REFUSED_PORTS = 2;

/** The child: connects to every target, CONCURRENCY at a time, and prints what it measured as JSON. */
async function runChild(kind, ports) {
  const targets = Array.from({ length: TARGETS }, (_, index) => ports[index % ports.length]);
  const { connect } = await importLibrary(values.module[0]);
  const { connect: netConnect } = await import('node:net');
  const viaNet = (port) =>
    new Promise((resolve, reject) => {
      const socket = netConnect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(socket));
      socket.once('error', (error) => {
        socket.destroy();
        reject(error);
      });
    });
  const viaEyeball = (port) => connect({ host: '127.0.0.1', port });
  const connectOne = kind === 'net' ? viaNet : viaEyeball;
  const counts = { connected: 0, refused: 0, other: 0 };
  const startedAt = performance.now();
  if (kind !== 'baseline') {
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const port = targets[next++];
        try {
          (await connectOne(port)).destroy();
          counts.connected++;
        } catch (error) {
          // eyeball: a ConnectionFailedError whose one attempt was refused; net: the socket error itself.
          const code = error?.errors?.[0]?.code ?? error?.code;
          if (code === 'ECONNREFUSED') counts.refused++;
          else counts.other++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }
  const wallMs = performance.now() - startedAt;
  console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, counts }));
}

if (values.child !== undefined) {
  await runChild(values.child, (values.ports ?? '').split(',').map(Number));
  process.exit(0);
}

/** Runs a command to the end; resolves with its exit code, stdout and stderr. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** [targets, connected] from the CLI's JSON array. */
function jsonCounts(stdout) {
  const documents = JSON.parse(stdout);
  return [documents.length, documents.filter((document) => document.ok).length];
}

/** [targets, connected] from the last line of the report for people: `1000 targets: 800 passed, 200 failed`. */
function humanCounts(stdout) {
  const [, targets, passed] = /^(\d+) targets: (\d+) passed/mu.exec(stdout.trimEnd().split('\n').at(-1) ?? '') ?? [];
  return [Number(targets), Number(passed)];
}

for (const path of values.module) await importLibrary(path); // exits with a hint when a build is missing

// Listeners: accept, read until the client closes.
const servers = [];
for (let i = 0; i < LISTENING_PORTS + REFUSED_PORTS; i++) {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.resume();
  });
  await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, resolve));
  servers.push(server);
}
const ports = servers.map((server) => server.address().port);
// The last REFUSED_PORTS are closed again: nothing listens there any more.
for (const server of servers.splice(LISTENING_PORTS)) await new Promise((resolve) => server.close(resolve));
const expected = { connected: 0, refused: 0 };
for (let index = 0; index < TARGETS; index++) expected[index % ports.length < LISTENING_PORTS ? 'connected' : 'refused']++;

const dir = mkdtempSync(join(tmpdir(), 'eyeball-many-targets-'));
const targetsFile = join(dir, 'targets.txt');
writeFileSync(targetsFile, `${Array.from({ length: TARGETS }, (_, index) => `127.0.0.1:${ports[index % ports.length]}`).join('\n')}\n`);
const cliHelp = await run(process.execPath, ['bin/eyeball.js', '--help']);
const cliHasTargets = cliHelp.stdout.includes('--targets') && cliHelp.stdout.includes('--concurrency');

const self = fileURLToPath(import.meta.url);
const childArgs = (kind, module) => [
  self,
  '--child',
  kind,
  '--ports',
  ports.join(','),
  '--targets',
  String(TARGETS),
  '--concurrency',
  String(CONCURRENCY),
  '--module',
  module,
];
const [firstModule] = values.module;
const variants = [
  { label: 'baseline: node + the library loaded, no connects', kind: 'baseline', key: 'baseline', module: firstModule },
  { label: 'net.connect()', kind: 'net', key: 'net', module: firstModule },
  ...values.module.map((module) => ({
    label: values.module.length === 1 ? "eyeball's connect()" : `eyeball's connect(), ${module}`,
    kind: 'eyeball',
    key: `eyeball ${module}`,
    module,
  })),
  ...(cliHasTargets
    ? [{ label: `${['eyeball --targets FILE --concurrency', CONCURRENCY, ...CLI_FORMAT_ARGS].join(' ')} (whole process)`, kind: 'cli', key: 'cli' }]
    : []),
];
const samples = new Map(variants.map((variant) => [variant.key, { wall: [], rss: [] }]));

for (let round = 0; round < ROUNDS; round++) {
  // Rotate who goes first, so that none always runs at the same moment of a round.
  for (let k = 0; k < variants.length; k++) {
    const variant = variants[(round + k) % variants.length];
    let wallMs;
    let maxRssKiB;
    if (variant.kind === 'cli') {
      // GNU time: %e wall seconds, %M peak RSS in KiB, on the last line of stderr.
      const result = await run('/usr/bin/time', [
        '-f',
        'TIME %e %M',
        process.execPath,
        'bin/eyeball.js',
        '--targets',
        targetsFile,
        '--concurrency',
        String(CONCURRENCY),
        ...CLI_FORMAT_ARGS,
      ]);
      const [targets, connected] = CLI_OUTPUT === 'json' ? jsonCounts(result.stdout) : humanCounts(result.stdout);
      if (connected !== expected.connected || targets !== TARGETS) {
        throw new Error(`the CLI connected ${connected} of ${targets} (expected ${expected.connected} of ${TARGETS})`);
      }
      const [, seconds, kib] = /TIME ([\d.]+) (\d+)/u.exec(result.stderr) ?? [];
      wallMs = Number(seconds) * 1000;
      maxRssKiB = Number(kib);
    } else {
      const result = await run(process.execPath, childArgs(variant.kind, variant.module));
      if (result.code !== 0) throw new Error(`${variant.label} failed: ${result.stderr}`);
      const measured = JSON.parse(result.stdout);
      if (variant.kind !== 'baseline' && (measured.counts.connected !== expected.connected || measured.counts.refused !== expected.refused)) {
        throw new Error(`${variant.label}: ${JSON.stringify(measured.counts)}, expected ${JSON.stringify(expected)}`);
      }
      ({ wallMs, maxRssKiB } = measured);
    }
    samples.get(variant.key).wall.push(wallMs);
    samples.get(variant.key).rss.push(maxRssKiB);
  }
}

for (const server of servers) server.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  `# Many targets: ${TARGETS} connects to 127.0.0.1 (${expected.connected} listening, ${expected.refused} refused), ${CONCURRENCY} at a time, median of ${ROUNDS} rounds`,
);
console.log(`${machineLine()}; library ${values.module.join(', ')}`);
console.log('');
console.log('| variant | wall time | peak RSS |');
console.log('|---|---:|---:|');
for (const variant of variants) {
  const { wall, rss } = samples.get(variant.key);
  const wallText = variant.kind === 'baseline' ? '-' : `${summarize(wall).p50.toFixed(0)} ms`;
  console.log(`| ${variant.label} | ${wallText} | ${(summarize(rss).p50 / 1024).toFixed(1)} MiB |`);
}
if (!cliHasTargets) console.log('\n(The CLI has no --targets/--concurrency yet: its row is left out.)');
