import type { RunReport } from '../report.js';
import { cleanForTerminal } from '../sanitize.js';

/**
 * A copy of the report with every string cleaned for the terminal: names, addresses, resolver and
 * server names, error codes and messages, whatever field they sit in. The human renderer cleans the
 * whole report once, up front, so that no table or sentence can forget a field that came from the
 * network. (The JSON output does not: JSON escapes control characters itself.)
 */
export function cleanReport(report: RunReport): RunReport {
  return cleanDeep(report);
}

/** The same for any plain data (the reports of `--each`, `--compare`, a verdict): every string, at any depth. */
export function cleanDeep<T>(value: T): T {
  return cleanValue(value) as T;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanForTerminal(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cleanValue(inner)]));
  }
  return value;
}
