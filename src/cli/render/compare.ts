/** `--compare` for people: the three ways of connecting side by side, each one's steps, then what the difference means. */
import type { StrategyEvent } from '../compare/strategy-events.js';
import type { RunReport } from '../report.js';
import type { CompareReport } from '../commands/compare.js';
import { cleanDeep } from './clean-report.js';
import { describeStrategyError, describeStrategyEvent, describeTraceEvent, timedLine } from './event-line.js';
import { formatMs } from './format.js';
import { renderHeader, renderSettings } from './header.js';
import type { HumanOptions } from './human.js';
import { renderTable, wrapWords } from './table.js';
import { createTheme, type Theme } from './theme.js';
import { bullets } from './verdict.js';
import { MIN_WATERFALL_WIDTH } from './waterfall.js';
import { familyName } from './words.js';

/** The same facts for each strategy, whatever its trace looks like. */
interface Row {
  readonly label: string;
  readonly ok: boolean;
  readonly outcome: string;
  /** When it connected, or how long it ran before it failed. */
  readonly time: number;
  readonly winner: string;
  readonly attempts: number;
}

/** The `--compare` report, without a trailing newline. Every string is cleaned first. */
export function renderCompare(dirty: CompareReport, options: HumanOptions): string {
  const report = cleanDeep(dirty);
  const theme = createTheme(options.color);
  const width = Math.max(MIN_WATERFALL_WIDTH, Math.floor(options.width));
  const rows = [strategyRow('eyeball', report.eyeball), strategyRow('Node net.connect', report.node), strategyRow('sequential', report.sequential)];
  const table = renderTable(
    ['strategy', 'outcome', 'time', 'winner', 'attempts'],
    rows.map((row) => [
      row.label,
      { text: row.outcome, paint: row.ok ? theme.good : theme.bad },
      formatMs(row.time),
      row.winner,
      String(row.attempts),
    ]),
    { theme, width, wrapColumn: 1 },
  );
  const eyeballLines = report.eyeball.events.flatMap((event) => {
    const text = describeTraceEvent(event, report.target.port);
    return text === null ? [] : [timedLine(event.at, text)];
  });
  const eyeballTitle = `eyeball: the RFC 8305 race, a new attempt every ${formatMs(report.settings.attemptDelay)} while earlier ones keep running`;
  const nodeTitle = `Node ${report.nodeVersion} net.connect({ autoSelectFamily: true }): one attempt at a time, each abandoned after ${formatMs(report.nodeAttemptTimeout)}, the last one excepted`;
  const sequentialTitle = 'sequential: one lookup, then one address after another in resolver order, no per-attempt timeout';
  const timelines = [
    timeline(eyeballTitle, eyeballLines, theme, width),
    timeline(nodeTitle, strategyLines(report.node.events), theme, width),
    timeline(sequentialTitle, strategyLines(report.sequential.events), theme, width),
  ];
  const verdict = bullets(compareNotes(report, rows), width);
  const header = options.verbose
    ? `${renderHeader(report, theme, width)}\n${renderSettings(report, theme, width)}`
    : renderHeader(report, theme, width);
  const sections = [header, `${theme.title('Side by side')}\n${table}`, ...timelines, `${theme.title('Verdict')}\n${verdict.join('\n')}`];
  return sections.join('\n\n');
}

/** A strategy's run, or eyeball's race: both end in the same kind of outcome. */
type Ran = Pick<RunReport, 'outcome' | 'elapsed'> & { readonly events: ReadonlyArray<{ readonly type: string }> };

function strategyRow(label: string, report: Ran): Row {
  const { outcome } = report;
  const attempts = report.events.filter((event) => event.type === 'attempt-started').length;
  if (outcome.ok) {
    const winner = `${outcome.winner.address} (${familyName(outcome.winner.family)})`;
    return { label, ok: true, outcome: 'connected', time: outcome.winner.at, winner, attempts };
  }
  const code = outcome.error.code;
  const words = { dns: `no address (${code})`, connect: `failed (${code})`, timeout: 'overall timeout', interrupted: 'interrupted' }[outcome.reason];
  return { label, ok: false, outcome: words, time: report.elapsed, winner: 'none', attempts };
}

function strategyLines(events: readonly StrategyEvent[]): string[] {
  return events.map((event) => timedLine(event.at, describeStrategyEvent(event)));
}

function timeline(title: string, lines: readonly string[], theme: Theme, width: number): string {
  return [...wrapWords(title, width).map((line) => theme.title(line)), ...(lines.length === 0 ? [theme.dim('  (nothing happened)')] : lines)].join(
    '\n',
  );
}

/** What the comparison shows, in sentences, each one only when the traces say so. */
function compareNotes(report: CompareReport, rows: readonly Row[]): string[] {
  const notes: string[] = [];
  const connected = rows.filter((row) => row.ok);
  const [only] = connected;
  if (connected.length === 0) notes.push('None of the three connected.');
  if (only !== undefined && connected.length === 1) notes.push(`Only ${only.label} connected (in ${formatMs(only.time)}).`);
  if (connected.length === rows.length) notes.push('All three connected.');
  const abandoned = report.node.events.flatMap((event) => (event.type === 'attempt-abandoned' ? [event.address] : []));
  if (abandoned.length > 0) {
    notes.push(
      `Node abandoned ${abandoned.join(', ')} after ${formatMs(report.nodeAttemptTimeout)} (its autoSelectFamilyAttemptTimeout); RFC 8305 lets an attempt run on while the next one starts, so a slow address can still win.`,
    );
  }
  const isRfc6761 = report.eyeball.events.some((event) => event.type === 'dns-query' && event.resolver === 'rfc6761');
  if (isRfc6761 && report.settings.resolver === 'system') {
    notes.push(
      `eyeball answered ${report.target.host} itself (RFC 6761: the loopback addresses, no query sent); Node and the sequential connect asked the OS, which answers from /etc/hosts.`,
    );
  }
  const eyeballOk = report.eyeball.outcome.ok;
  const { node } = report;
  if (eyeballOk && !node.outcome.ok && node.outcome.reason !== 'interrupted') {
    notes.push(
      abandoned.length > 0
        ? `eyeball connected and Node did not: this is the "works with curl, fails in Node" case. Raise Node's limit with net.setDefaultAutoSelectFamilyAttemptTimeout(ms) or the autoSelectFamilyAttemptTimeout option of net.connect, or connect with eyeball's connect().`
        : 'eyeball connected and Node did not.',
    );
  }
  if (!node.outcome.ok && node.outcome.error.message === '') {
    notes.push(
      `Node's error is ${describeStrategyError(node.outcome.error)}: a program that prints error.message shows nothing; the reasons are only in error.errors.`,
    );
  }
  const hung = report.sequential.events.find((event) => event.type === 'attempt-cancelled');
  if (hung?.type === 'attempt-cancelled' && !report.sequential.outcome.ok && report.sequential.outcome.reason === 'timeout') {
    const waited = hung.at - (report.sequential.events.find((event) => event.type === 'attempt-started' && event.index === hung.index)?.at ?? 0);
    notes.push(
      `The sequential connect waited ${formatMs(waited)} on ${hung.address} (${familyName(hung.family)}) until the overall timeout: without a per-attempt timeout, one silent address holds up every address behind it.`,
    );
  }
  return notes;
}
