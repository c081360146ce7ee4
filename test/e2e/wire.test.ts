/**
 * The timeline is the wire: the built CLI runs `--json` in a fresh process inside the lab while tcpdump
 * captures the namespace's loopback, and every time the report gives that has a packet (DNS queries sent
 * and answers received with `--resolver dns`, answers with the system resolver, each attempt's SYN and the
 * SYN-ACK or RST that ended it) must be the packet's time, within WIRE_TOLERANCE_MS, with the same
 * attempts on both sides; a query reported cancelled though its answer came before the cancel counts as
 * answered at the cancel. `timeOrigin + at` is the report's absolute time, the capture's is the kernel's.
 * A failure prints the table of every event and the worst error of each kind.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCapture } from './lab/capture.js';
import { RESOLVER_NAMES, RESOLVERS, type ResolverName } from './lab/json-view.js';
import type { EyeballRun, Lab } from './lab/lab.js';
import type { CapturedPacket } from './lab/pcap.js';
import { type HostPlan, type LabHost, LabPlan } from './lab/plan.js';
import { describeLab } from './lab/prerequisites.js';
import { useLab } from './lab/use-lab.js';
import { formatRows, matchToWire, signed, type WireEvent, type WireRow, worstByEvent } from './lab/wire-match.js';

/** How far a time in the report may be from its packet on the wire. */
const WIRE_TOLERANCE_MS = 1;
/**
 * Fresh runs a scenario gets while a time of the run before is beyond the tolerance. Now and then this machine
 * wakes even an idle process more than a millisecond after its packet came (bench/wake-up.mjs measures how
 * often: docs/benchmarks.md, "Times against the wire"), which no process can see past; such a run is run again.
 * An error of eyeball's own that shows in most runs fails the test; the summary printed at the end has every
 * run's worst errors, the ones run again included.
 */
const RUNS_PER_SCENARIO = 3;
/** The SYN delay of the slow scenario. */
const SLOW_MS = 100;
/** Time for the last packets of a run to reach the capture file before tcpdump is stopped. */
const CAPTURE_SETTLE_MS = 100;

const SCENARIOS: ReadonlyArray<readonly [title: string, plan: HostPlan]> = [
  ['both families fine', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }],
  ['IPv6 black-holed', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } }],
  ['IPv6 refused', { AAAA: { roles: ['refuses'] }, A: { roles: ['connects'] } }],
  [`IPv6 ${SLOW_MS} ms slow`, { AAAA: { roles: [{ slowMs: SLOW_MS }] }, A: { roles: ['connects'] } }],
  ['five dead addresses before a live one', { AAAA: { roles: ['refuses', 'refuses', 'refuses'] }, A: { roles: ['refuses', 'refuses', 'connects'] } }],
];
const EVENTS: readonly WireEvent[] = ['DNS query sent', 'DNS answer received', 'SYN (attempt started)', 'SYN-ACK (connected)', 'RST (refused)'];

describeLab(
  'the report on the wire (tcpdump on the lab loopback, the built CLI in a fresh process)',
  () => {
    const plan = new LabPlan();
    const cases = SCENARIOS.flatMap(([title, hostPlan], index) =>
      RESOLVER_NAMES.map((resolver) => ({ title, resolver, host: plan.host(`wire-${index}-${resolver}`, hostPlan) })),
    );
    // One run at a time, so the lab's servers can yield every core to it.
    const running = useLab(plan, () => ({ idleHelpers: true }));
    let lab: Lab;
    beforeAll(() => {
      lab = running();
    });
    /** Every scenario's rows so far, for the summary. */
    const measured: Array<{ title: string; resolver: ResolverName; rows: readonly WireRow[] }> = [];
    afterAll(() => {
      if (measured.length > 0) console.log(`Worst error per event, ms (report − wire):\n${summary(measured)}`);
    });

    it.each(cases)('$title, --resolver $resolver: every event within WIRE_TOLERANCE_MS of its packet', async ({ title, resolver, host }) => {
      const reports: string[] = [];
      let outside: string[] = [];
      for (let run = 1; run <= RUNS_PER_SCENARIO; run++) {
        const { run: eyeball, packets } = await captureRun(lab, host, resolver);
        expect(eyeball.exitCode, eyeball.stderr).toBe(0);
        const match = matchToWire(eyeball.json, packets, host, resolver);
        measured.push({ title, resolver, rows: match.rows });
        reports.push(`${title}, --resolver ${resolver}, run ${run}: ms since timeOrigin (${eyeball.json.startedAt})\n${formatRows(match.rows)}`);
        const report = [...reports, '', `Every scenario so far, worst error per event:\n${summary(measured)}`].join('\n\n');
        // What cannot be paired is wrong in any run; only times beyond the tolerance earn another run.
        expect(match.problems, report).toEqual([]);
        expect(match.rows.length, report).toBeGreaterThan(0);
        outside = match.rows
          .filter((row) => Math.abs(row.errorMs) > WIRE_TOLERANCE_MS)
          .map((row) => `${row.event} ${row.subject}: ${signed(row.errorMs)} ms`);
        if (outside.length === 0) return;
        if (run === RUNS_PER_SCENARIO) expect(outside, report).toEqual([]);
      }
    });
  },
  { slow: true, capture: true },
);

/** Runs the CLI once with a capture around it; the capture stops even when the run fails. */
async function captureRun(lab: Lab, host: LabHost, resolver: ResolverName): Promise<{ run: EyeballRun; packets: CapturedPacket[] }> {
  const capture = await startCapture(lab.namespace);
  let run: EyeballRun;
  try {
    run = await lab.eyeball(host, RESOLVERS[resolver]);
    await new Promise((resolve) => setTimeout(resolve, CAPTURE_SETTLE_MS));
  } catch (error) {
    await capture.stop().catch(() => undefined);
    throw error;
  }
  return { run, packets: await capture.stop() };
}

/** Scenario by event: the worst error of each (report − wire, ms), `-` where the scenario has no such event. */
function summary(measured: ReadonlyArray<{ title: string; resolver: ResolverName; rows: readonly WireRow[] }>): string {
  const lines = [`| scenario | resolver | ${EVENTS.join(' | ')} |`, `|---|---|${EVENTS.map(() => '---:').join('|')}|`];
  for (const { title, resolver, rows } of measured) {
    const worst = worstByEvent(rows);
    lines.push(
      `| ${title} | ${resolver} | ${EVENTS.map((event) => (worst.has(event) ? signed(worst.get(event)?.errorMs ?? 0) : '-')).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
