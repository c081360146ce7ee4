/** `--count` for people, as `ping` prints it: one line per run as it finishes, then the statistics of the series. */
import { formatHostPort } from '../../base/host-port.js';
import type { RepeatStatistics } from '../repeat.js';
import type { RunReport, RunTarget } from '../report.js';
import { cleanForTerminal } from '../sanitize.js';
import { formatMs } from './format.js';
import { describeRunOutcome } from './outcome.js';
import type { Theme } from './theme.js';

/** `run 3: connected to 192.0.2.1 (IPv4) in 12.3 ms`, prefixed with the target when several are checked. */
export function renderRunLine(report: RunReport, index: number, theme: Theme, prefixTarget: boolean): string {
  const prefix = prefixTarget ? `${cleanForTerminal(formatHostPort(report.target.host, report.target.port))} ` : '';
  const text = cleanForTerminal(describeRunOutcome(report));
  return `${prefix}run ${index + 1}: ${report.outcome.ok ? text : theme.bad(text)}\n`;
}

/**
 * ```
 * --- example.com port 443: 5 runs ---
 * 5 connected, 0 failed
 * connect time: min 1.1 ms, median 1.3 ms, max 2 ms
 * winner: IPv6 3 times, IPv4 2 times
 * ```
 */
export function renderStatistics(target: RunTarget, statistics: RepeatStatistics, asked: number, theme: Theme): string {
  const runs = `${statistics.runs} ${statistics.runs === 1 ? 'run' : 'runs'}${statistics.runs < asked ? ` of ${asked} (interrupted)` : ''}`;
  const times = statistics.connectTimes;
  return [
    theme.title(`--- ${cleanForTerminal(target.host)} port ${target.port}: ${runs} ---`),
    `${statistics.connected} connected, ${statistics.failed} failed`,
    times === null
      ? 'connect time: no run connected'
      : `connect time: min ${formatMs(times.min)}, median ${formatMs(times.median)}, max ${formatMs(times.max)}`,
    `winner: IPv6 ${timesWord(statistics.wins.ipv6)}, IPv4 ${timesWord(statistics.wins.ipv4)}`,
  ].join('\n');
}

function timesWord(count: number): string {
  return `${count} ${count === 1 ? 'time' : 'times'}`;
}
