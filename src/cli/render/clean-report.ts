import { cleanForTerminal } from '../sanitize.js';

/**
 * A copy of plain data (a report, a verdict) with every string at any depth cleaned for the terminal.
 * The human renderers clean a whole report once, up front, so that no table or sentence can forget a
 * field that came from the network. (The JSON output does not: JSON escapes control characters itself.)
 */
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
