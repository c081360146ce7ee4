import type { RunReport } from '../report.js';
import { formatMs } from './format.js';
import { describeInterruption, familyName } from './words.js';

/** A race's outcome in one line: `connected to 192.0.2.1 (IPv4) in 12.3 ms`, or the error's own message. Not cleaned. */
export function describeRunOutcome(report: RunReport): string {
  const { outcome } = report;
  if (outcome.ok) {
    const { winner } = outcome;
    return `connected to ${winner.address} (${familyName(winner.family)}) in ${formatMs(winner.at)}`;
  }
  if (outcome.reason === 'interrupted') {
    return `interrupted (${describeInterruption(outcome.error.code)}) after ${formatMs(report.elapsed)}, before a connection was made`;
  }
  return outcome.error.message;
}
