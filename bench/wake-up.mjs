#!/usr/bin/env node
// The platform's floor for "times against the wire": how long after a packet's capture an idle Node process
// sees it. A fresh `node` waits on a UDP socket on loopback and reads `performance.timeOrigin +
// performance.now()` in its 'message' handler; this script sends it datagrams at random gaps (so that it is
// idle and its CPU may sleep in between) while tcpdump captures them with the kernel's timestamps. The error
// of each is the reader's time minus the capture's: what any process on this machine pays, eyeball included,
// before it can stamp a packet. test/e2e/wire.test.ts holds eyeball to 1 ms; this says how often the machine
// alone breaks that.
//
//   sudo node bench/wake-up.mjs [--count 200]      (root for tcpdump; Debian's tcpdump on the PATH)
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { machineLine, ms, summarize } from './support.mjs';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200' } } });
const COUNT = Number(values.count);
if (!Number.isInteger(COUNT) || COUNT < 1) throw new Error(`--count must be a positive integer, got ${values.count}`);
/** The gaps between datagrams, ms: long enough for the reader to go idle, random so nothing lines up with a tick. */
const MIN_GAP_MS = 30;
const MAX_GAP_MS = 120;
/** An error the wire test would not accept. */
const TOLERANCE_MS = 1;
/** How long after the last datagram the reader has to report. */
const READER_TIMEOUT_MS = 5000;

const READER = `
const socket = require('node:dgram').createSocket('udp4');
const seen = [];
socket.on('message', (message) => {
  seen.push(performance.timeOrigin + performance.now());
  if (seen.length === ${COUNT}) { console.log(JSON.stringify(seen)); process.exit(0); }
});
socket.bind(0, '127.0.0.1', () => console.log(socket.address().port));
`;

const reader = spawn(process.execPath, ['-e', READER], { stdio: ['ignore', 'pipe', 'inherit'] });
const readerLines = createInterface({ input: reader.stdout })[Symbol.asyncIterator]();
const port = Number((await readerLines.next()).value);

// -tt: Unix time; -l: a line per packet as it comes; -U and --immediate-mode: no buffering.
const tcpdump = spawn('tcpdump', ['-i', 'lo', '-n', '-tt', '-l', '-U', '--immediate-mode', `udp and dst port ${port}`], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
const captured = [];
createInterface({ input: tcpdump.stdout }).on('line', (line) => {
  if (line.includes(' UDP,')) captured.push(Number(line.split(' ')[0]) * 1000);
});
let tcpdumpSaid = '';
let isListening = false;
for await (const line of createInterface({ input: tcpdump.stderr })) {
  tcpdumpSaid += `${line}\n`;
  if (line.includes('listening on')) {
    isListening = true;
    break;
  }
}
if (!isListening) {
  reader.kill();
  throw new Error(`tcpdump did not start (run as root, with Debian's tcpdump): ${tcpdumpSaid.trim()}`);
}

const sender = createSocket('udp4');
for (let i = 0; i < COUNT; i++) {
  await sleep(MIN_GAP_MS + Math.random() * (MAX_GAP_MS - MIN_GAP_MS));
  sender.send(String(i), port, '127.0.0.1');
}
// Every datagram arrives on loopback; should one not, the reader's line never comes, and this gives up.
const readerTimeout = setTimeout(() => {
  reader.kill();
  tcpdump.kill('SIGINT');
  console.error(`the reader did not see every datagram within ${READER_TIMEOUT_MS} ms`);
  process.exit(1);
}, READER_TIMEOUT_MS);
const seen = JSON.parse((await readerLines.next()).value);
clearTimeout(readerTimeout);
sender.close();
await sleep(100);
tcpdump.kill('SIGINT');
await once(tcpdump, 'exit');

if (captured.length !== seen.length) throw new Error(`tcpdump captured ${captured.length} datagrams, the reader saw ${seen.length}`);
// Loopback keeps the order: the i-th capture is the i-th read.
const errors = seen.map((at, i) => at - captured[i]);
const stats = summarize(errors);
const late = errors.filter((error) => error > TOLERANCE_MS).length;
console.log(`# Wake-up: an idle node process reading a UDP datagram, against its capture (${COUNT} datagrams)`);
console.log(machineLine());
console.log('');
console.log(`| n | p50 | p90 | p99 | max | later than ${TOLERANCE_MS} ms |`);
console.log('|---:|---:|---:|---:|---:|---:|');
console.log(
  `| ${stats.n} | ${ms(stats.p50)} | ${ms(stats.p90)} | ${ms(stats.p99)} | ${ms(stats.max)} | ${late} (${((late / COUNT) * 100).toFixed(1)}%) |`,
);
