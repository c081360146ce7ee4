#!/usr/bin/env node
// The engine at scale: 10,000 concurrent staggeredRace()s on the real clock, each with three attempts
// that behave as real ones do, on real timers: attempt 0 hangs until it is aborted, attempt 1 fails 5 ms
// after it starts, attempt 2 succeeds 20 ms after it starts; minDelay 10 ms. Each race runs: #0 at 0,
// #1 when the delay has passed (timer), #1 fails 5 ms later, #2 10 ms after #1 started (held to minDelay
// after the failure), #2 wins 20 ms later and #0 is aborted.
//
//   npm run build && node --expose-gc bench/engine-scale.mjs [--races 10000] [--rate 2] [--rounds 3] [--module dist/index.js]
//
// Two ways to have 10,000 races at once:
//   - burst: all created in one synchronous loop, delay 50 ms. Creating them takes longer than 50 ms on a
//     small machine, so their timers are due before the loop ends and the CPU is saturated: the time until
//     all settled measures throughput. The floor is the same attempts staggered by hand (`staggerByHand`):
//     the simplest correct stagger, one AbortController per attempt, a delay timer after each start while
//     attempts remain, a failure of the latest attempt starting the next (held to minDelay), the first
//     success aborting the rest, and no events, records or checks. A scripted stagger that knows the outcomes
//     in advance (`scriptedStagger`: two timers, no delay timer to clear) is shown beside it for scale.
//     The engine and the floors run in turns, --rounds times each, so that a machine busy with something
//     else slows all alike; the goal is an engine/floor ratio of the medians within 1.2;
//   - paced: created at --rate races per ms, with a delay long enough (races / rate + 500 ms) that all of
//     them are alive at once before the first timer fires: lateness here measures the engine's timing
//     with 10,000 pending races and timers, on a CPU that keeps up. The scripted stagger also runs the same
//     schedule with bare timers and promises, no AbortController: what the signals alone cost the collector.
// Lateness of a start = when it started - when it was due, both from the engine's own events (same
// origin): for a `timer` start, the `dueAt` of the last `attempt-scheduled` event for that index; for a
// `previous-failed` start, the later of the failure (`attempt-failed.at`) and the previous start +
// minDelay. Memory: heapUsed with every race alive (after gc) minus before, per race; then what is left
// once they settled; and the bytes each race allocates, garbage included, in a child process whose young
// generation is large enough that no collection runs while it is measured. See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importLibrary, machineLine, ms, summarize } from './support.mjs';

const { values } = parseArgs({
  options: {
    races: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    module: { type: 'string', default: 'dist/index.js' },
    'allocation-only': { type: 'boolean', default: false },
  },
});
const RACES = Number(values.races);
const RATE_PER_MS = Number(values.rate);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(RACES) || RACES < 1) throw new Error(`--races must be a positive integer, got ${values.races}`);
if (!(RATE_PER_MS > 0)) throw new Error(`--rate must be a positive number of races per ms, got ${values.rate}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
const BURST_DELAY_MS = 50;
const MIN_DELAY_MS = 10;
const FAIL_AFTER_MS = 5;
const SUCCEED_AFTER_MS = 20;
/** The target for the 99th percentile of lateness of a start. */
const TARGET_P99_MS = 2;
/** Races measured for allocation: enough for a stable mean, few enough to fit the young generation. */
const ALLOCATION_RACES = 2000;
/** Semi-space size (MB) of the allocation child: large enough that 2000 races fit without a collection. */
const ALLOCATION_SEMI_SPACE_MB = 256;

if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc: node --expose-gc bench/engine-scale.mjs');
  process.exit(1);
}
const { staggeredRace } = await importLibrary(values.module);

/** Settles after `ms` (or rejects with the abort reason), clearing its timer on abort. */
function settleAfter(ms, signal, outcome) {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      if (outcome === 'fail') reject(new Error('refused'));
      else resolve(outcome);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const hang = ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
const failSoon = ({ signal }) => settleAfter(FAIL_AFTER_MS, signal, 'fail');
const succeedLater = ({ signal }) => settleAfter(SUCCEED_AFTER_MS, signal, 'connected');
const ATTEMPTS = [hang, failSoon, succeedLater];

/** Lateness samples of one run, by the reason of the start. */
function latenessLog() {
  return { timer: [], failed: [] };
}

/** An onEvent for one race that turns its events into lateness samples (a few numbers, no arrays). */
function lateRecorder(log) {
  let timerDue = Number.NaN;
  let lastStart = Number.NaN;
  let lastFailure = Number.NaN;
  return (event) => {
    switch (event.type) {
      case 'attempt-scheduled':
        if (event.reason === 'timer') timerDue = event.dueAt;
        break;
      case 'attempt-failed':
        // Only the latest attempt's failure hurries the next start (attempt 0 never fails here).
        lastFailure = event.at;
        break;
      case 'attempt-started':
        if (event.reason === 'timer') log.timer.push(event.at - timerDue);
        else if (event.reason === 'previous-failed') log.failed.push(event.at - Math.max(lastFailure, lastStart + MIN_DELAY_MS));
        lastStart = event.at;
        break;
    }
  };
}

/**
 * The floor: `attempts` staggered by hand, the simplest correct way (RFC 8305 §5's rules as the engine keeps
 * them: a delay timer after each start while attempts remain, the latest attempt's failure starting the next
 * at once but never within `minDelay` of the previous start, the first success aborting the others), with
 * no events, records, checks or iterators. It logs the lateness of each start as `lateRecorder` does.
 */
function staggerByHand(attempts, delay, log) {
  return new Promise((resolve, reject) => {
    const controllers = [];
    let timer;
    let lastStart = Number.NEGATIVE_INFINITY;
    let lastFailure = Number.NaN;
    let running = 0;
    let isDone = false;
    const start = (reason) => {
      clearTimeout(timer);
      if (isDone || controllers.length === attempts.length) return;
      const earliest = lastStart + MIN_DELAY_MS;
      if (performance.now() < earliest) {
        timer = setTimeout(() => start(reason), earliest - performance.now());
        return;
      }
      const now = performance.now();
      if (reason === 'timer') log.timer.push(now - (lastStart + delay));
      else if (reason === 'previous-failed') log.failed.push(now - Math.max(lastFailure, earliest));
      const index = controllers.length;
      const controller = new AbortController();
      controllers.push(controller);
      lastStart = now;
      running++;
      Promise.resolve(attempts[index]({ signal: controller.signal, index })).then(
        (value) => {
          running--;
          if (isDone) return;
          isDone = true;
          clearTimeout(timer);
          const lost = new DOMException('another attempt won the race', 'AbortError');
          for (const other of controllers) if (other !== controller) other.abort(lost);
          resolve({ value, index });
        },
        (error) => {
          running--;
          if (isDone) return;
          lastFailure = performance.now();
          if (index === controllers.length - 1) start('previous-failed');
          if (running === 0 && controllers.length === attempts.length) {
            isDone = true;
            reject(error);
          }
        },
      );
      if (controllers.length < attempts.length) timer = setTimeout(() => start('timer'), delay);
    };
    start('first');
  });
}

/**
 * For scale: a stagger scripted for exactly these three attempts, knowing their outcomes in advance (no
 * delay timer after #1, none to clear), measuring its own lateness the same way. `makeAttempts` gives one
 * race's attempts when the race is made: attempt 1 (fails), attempt 2 (succeeds) and the end of the loser.
 */
function scriptedStagger(delay, log, makeAttempts) {
  return new Promise((resolve) => {
    const origin = performance.now();
    const attempts = makeAttempts();
    setTimeout(() => {
      const firstStart = performance.now();
      log.timer.push(firstStart - origin - delay);
      attempts.fail().catch(() => {
        const failedAt = performance.now();
        setTimeout(
          () => {
            const secondStart = performance.now();
            log.failed.push(secondStart - Math.max(failedAt, firstStart + MIN_DELAY_MS));
            attempts.succeed().then((value) => {
              attempts.endLoser();
              resolve({ value, index: 2 });
            });
          },
          Math.max(0, firstStart + MIN_DELAY_MS - failedAt),
        );
      });
    }, delay);
  });
}

/** The attempts as cancellable ones are: an AbortController each; #0 starts with the race and hangs until aborted. */
function attemptsWithSignals() {
  const controllers = [new AbortController(), new AbortController(), new AbortController()];
  hang({ signal: controllers[0].signal }).catch(() => {});
  return {
    fail: () => failSoon({ signal: controllers[1].signal }),
    succeed: () => succeedLater({ signal: controllers[2].signal }),
    endLoser: () => controllers[0].abort(new DOMException('another attempt won the race', 'AbortError')),
  };
}

/**
 * The same schedule with bare timers and promises and no AbortSignal (attempt 0 is never started, there
 * is nothing to abort it with): what Node's timers and promises alone cost, next to the floor with signals.
 */
function attemptsWithoutSignals() {
  return {
    fail: () => new Promise((_, reject) => setTimeout(() => reject(new Error('refused')), FAIL_AFTER_MS)),
    succeed: () => new Promise((resolve) => setTimeout(() => resolve('connected'), SUCCEED_AFTER_MS)),
    endLoser: () => {},
  };
}

const handStaggered = (delay, log) => staggerByHand(ATTEMPTS, delay, log);
const scripted = (delay, log) => scriptedStagger(delay, log, attemptsWithSignals);
const scriptedWithoutSignals = (delay, log) => scriptedStagger(delay, log, attemptsWithoutSignals);

function engineRace(delay, log) {
  return staggeredRace(ATTEMPTS, { delay, minDelay: MIN_DELAY_MS, onEvent: log === undefined ? undefined : lateRecorder(log) });
}

function checkWinners(results) {
  const winners = results.filter((result) => result.index === 2 && result.value === 'connected').length;
  if (winners !== RACES) throw new Error(`expected attempt 2 to win every race, it won ${winners} of ${RACES}`);
}

/** All races in one synchronous loop. */
async function burst(race) {
  const log = latenessLog();
  const startedAt = performance.now();
  const races = new Array(RACES);
  for (let i = 0; i < RACES; i++) races[i] = race(BURST_DELAY_MS, log);
  const createdAt = performance.now();
  checkWinners(await Promise.all(races));
  return { log, createMs: createdAt - startedAt, settleMs: performance.now() - startedAt };
}

/** `RATE_PER_MS` races per millisecond, with a delay that keeps all of them alive at once. */
async function paced(race) {
  const log = latenessLog();
  const delay = Math.ceil(RACES / RATE_PER_MS) + 500;
  const races = [];
  let alive = 0;
  let peak = 0;
  const startedAt = performance.now();
  while (races.length < RACES) {
    // Catch up with the schedule: as many races as the elapsed time calls for.
    const due = Math.min(RACES, Math.ceil((performance.now() - startedAt) * RATE_PER_MS) + 1);
    while (races.length < due) {
      alive++;
      races.push(
        race(delay, log).then((result) => {
          alive--;
          return result;
        }),
      );
    }
    peak = Math.max(peak, alive);
    await sleep(1);
  }
  checkWinners(await Promise.all(races));
  return { log, delay, peak, settleMs: performance.now() - startedAt };
}

/** Heap with every race alive, and what is left after they settled, per race. */
async function memory() {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const races = new Array(RACES);
  for (let i = 0; i < RACES; i++) races[i] = engineRace(BURST_DELAY_MS, undefined);
  globalThis.gc();
  const alive = process.memoryUsage().heapUsed;
  checkWinners(await Promise.all(races));
  races.length = 0;
  // Let the timers and microtasks of the last settlements finish before looking.
  await sleep(20);
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return { alivePerRace: (alive - before) / RACES, leftPerRace: (after - before) / RACES };
}

/**
 * In a child with a huge young generation: bytes allocated per race of `race` (the engine or the floor),
 * garbage included, no GC in between; null when a collection ran in every round.
 */
async function allocationPerRace(race) {
  let collections = 0;
  const { PerformanceObserver } = await import('node:perf_hooks');
  new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
  const samples = [];
  for (let round = 0; round < 4; round++) {
    globalThis.gc();
    await sleep(5);
    const seen = collections;
    const before = process.memoryUsage().heapUsed;
    const races = new Array(ALLOCATION_RACES);
    for (let i = 0; i < ALLOCATION_RACES; i++) races[i] = race(BURST_DELAY_MS, latenessLog());
    await Promise.all(races);
    const allocated = process.memoryUsage().heapUsed - before;
    // The first round warms up; a round with a collection in it undercounts and is dropped.
    if (round > 0 && collections === seen) samples.push(allocated / ALLOCATION_RACES);
  }
  return samples.length === 0 ? null : samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/** Garbage-collection pauses while `run` runs: count, total and longest, in ms. */
async function withGcPauses(run) {
  const { PerformanceObserver } = await import('node:perf_hooks');
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const result = await run();
  // Entries are delivered asynchronously; give the last ones a turn.
  await sleep(5);
  observer.disconnect();
  return { ...result, gc: { count: pauses.length, total: pauses.reduce((sum, value) => sum + value, 0), longest: Math.max(0, ...pauses) } };
}

if (values['allocation-only']) {
  // Without events for the engine, and the floor's two lateness samples are a few bytes: both count the races alone.
  console.log(
    JSON.stringify({ engine: await allocationPerRace((delay) => engineRace(delay, undefined)), floor: await allocationPerRace(handStaggered) }),
  );
  process.exit(0);
}

const row = (label, samples) => {
  const stats = summarize(samples);
  return `| ${label} | ${stats.n} | ${ms(stats.p50)} | ${ms(stats.p99)} | ${ms(stats.max)} |`;
};
const header = ['| starts | n | p50 | p99 | max |', '|---|---:|---:|---:|---:|'];
const allOf = (log) => [...log.timer, ...log.failed];

// Warm-up: let V8 compile every way of running the races before anything is measured.
await Promise.all(Array.from({ length: 500 }, () => engineRace(BURST_DELAY_MS, latenessLog())));
await Promise.all(Array.from({ length: 500 }, () => handStaggered(BURST_DELAY_MS, latenessLog())));
await Promise.all(Array.from({ length: 500 }, () => scripted(BURST_DELAY_MS, latenessLog())));
await Promise.all(Array.from({ length: 500 }, () => scriptedWithoutSignals(BURST_DELAY_MS, latenessLog())));

console.log(
  `# Engine at scale: ${RACES} races, 3 attempts each (hang / fail after ${FAIL_AFTER_MS} ms / succeed after ${SUCCEED_AFTER_MS} ms), minDelay ${MIN_DELAY_MS} ms`,
);
console.log(`${machineLine()}; library ${values.module}`);

const mem = await memory();
const child = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    `--max-semi-space-size=${ALLOCATION_SEMI_SPACE_MB}`,
    `--min-semi-space-size=${ALLOCATION_SEMI_SPACE_MB}`,
    fileURLToPath(import.meta.url),
    '--allocation-only',
    '--module',
    values.module,
  ],
  { encoding: 'utf8' },
);
const allocated = child.status === 0 ? JSON.parse(child.stdout) : null;

const enginePaced = await withGcPauses(() => paced(engineRace));
const floorPaced = await withGcPauses(() => paced(handStaggered));
const scriptedPaced = await withGcPauses(() => paced(scripted));
const bareScriptedPaced = await withGcPauses(() => paced(scriptedWithoutSignals));
// In turns, the engine, the floor and the scripted stagger each round: the burst kept for the tables is the median round's.
const engineBursts = [];
const floorBursts = [];
const scriptedBursts = [];
for (let round = 0; round < ROUNDS; round++) {
  engineBursts.push(await withGcPauses(() => burst(engineRace)));
  floorBursts.push(await withGcPauses(() => burst(handStaggered)));
  scriptedBursts.push(await withGcPauses(() => burst(scripted)));
}
const medianRun = (runs) => [...runs].sort((a, b) => a.settleMs - b.settleMs)[Math.floor((runs.length - 1) / 2)];
const engineBurst = medianRun(engineBursts);
const floorBurst = medianRun(floorBursts);
const scriptedBurst = medianRun(scriptedBursts);
/** The engine's goal: all races settled within this factor of the floor's time. */
const TARGET_RATIO = 1.2;
const gcLine = ({ gc }) => `${gc.count} collections, ${ms(gc.total)} in all, the longest ${ms(gc.longest)}`;
const lines = (rows) => console.log(rows.join('\n'));

/** The lateness table of one way of running the races: the engine by reason of start, then the floor(s). */
const latenessTable = (engine, floor, script, bareScript) =>
  lines([
    '',
    ...header,
    row('engine, on the timer (#1)', engine.log.timer),
    row('engine, after a failure (#2)', engine.log.failed),
    row('**engine, all**', allOf(engine.log)),
    row('no engine: staggered by hand (floor), all', allOf(floor.log)),
    row('scripted, knowing the outcomes, all', allOf(script.log)),
    ...(bareScript === undefined ? [] : [row('scripted, no AbortSignals, all', allOf(bareScript.log))]),
    '',
  ]);

console.log('');
console.log(`## Paced: ${RATE_PER_MS} races per ms, delay ${enginePaced.delay} ms, peak ${enginePaced.peak} races alive at once`);
latenessTable(enginePaced, floorPaced, scriptedPaced, bareScriptedPaced);
const paceP99 = summarize(allOf(enginePaced.log)).p99;
console.log(
  `engine p99 ${ms(paceP99)}: ${paceP99 < TARGET_P99_MS ? 'meets' : 'misses'} the ${TARGET_P99_MS} ms target; all settled after ${ms(enginePaced.settleMs)}`,
);
console.log(
  `GC pauses: engine ${gcLine(enginePaced)}; floor ${gcLine(floorPaced)}; scripted ${gcLine(scriptedPaced)}; scripted without signals ${gcLine(bareScriptedPaced)}`,
);

console.log('');
console.log(`## Burst: all ${RACES} created in one loop, delay ${BURST_DELAY_MS} ms`);
latenessTable(engineBurst, floorBurst, scriptedBurst);
const ideal = BURST_DELAY_MS + MIN_DELAY_MS + SUCCEED_AFTER_MS;
console.log(
  `engine: creating the races took ${ms(engineBurst.createMs)}, all settled after ${ms(engineBurst.settleMs)} (ideal: ${ideal} ms after the last was created); GC ${gcLine(engineBurst)}`,
);
console.log(`floor:  creating the races took ${ms(floorBurst.createMs)}, all settled after ${ms(floorBurst.settleMs)}; GC ${gcLine(floorBurst)}`);
const settleTimes = (runs) => runs.map((run) => ms(run.settleMs)).join(', ');
console.log(
  `all settled, each round: engine ${settleTimes(engineBursts)}; floor ${settleTimes(floorBursts)}; scripted ${settleTimes(scriptedBursts)}`,
);
const ratio = engineBurst.settleMs / floorBurst.settleMs;
console.log(
  `**engine/floor: ${ratio.toFixed(2)}x** (medians of ${ROUNDS} rounds): ${ratio <= TARGET_RATIO ? 'within' : 'beyond'} the ${TARGET_RATIO}x goal`,
);
console.log(`for scale, engine/scripted: ${(engineBurst.settleMs / scriptedBurst.settleMs).toFixed(2)}x`);

console.log('');
console.log('## Memory');
console.log(`heap per live race: ${mem.alivePerRace.toFixed(0)} bytes (the attempts' own promises, timers and listeners included)`);
console.log(`heap left per race after all settled: ${mem.leftPerRace.toFixed(1)} bytes`);
const bytes = (value) => (value === null ? 'not measured (a collection ran in every round)' : `${value.toFixed(0)} bytes`);
console.log(
  allocated === null
    ? `allocated per race: not measured (${child.stderr.trim()})`
    : `allocated per race, garbage included: ${bytes(allocated.engine)} (no engine, the floor: ${bytes(allocated.floor)})`,
);
