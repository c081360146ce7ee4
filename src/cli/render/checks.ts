import type { Verdict } from '../check-result.js';
import { wrapWords } from './table.js';
import type { Theme } from './theme.js';

const PASSED = '✓';
const FAILED = '✗';

/**
 * The checks of one target, one per line, `✓` or `✗`, its name and why:
 *
 * ```
 * Checks: 1 passed, 1 failed
 * ✓ connect  connected to 192.0.2.1 (IPv4) in 12.3 ms
 * ✗ IPv6     IPv6 required, but the race was won over IPv4 (192.0.2.1); IPv6: 2001:db8::1 refused (ECONNREFUSED)
 * ```
 * Strings must be clean already.
 */
export function renderChecks(verdict: Verdict, theme: Theme, width: number): string {
  const failed = verdict.checks.filter((check) => !check.passed).length;
  const title = `Checks: ${verdict.checks.length - failed} passed, ${failed} failed${verdict.interrupted ? ', interrupted' : ''}`;
  const nameWidth = Math.max(...verdict.checks.map((check) => check.name.length));
  const indent = ' '.repeat(nameWidth + 4);
  const lines = verdict.checks.flatMap((check) => {
    const paint = check.passed ? theme.good : theme.bad;
    const [first = '', ...rest] = wrapWords(check.detail, Math.max(20, width - indent.length));
    return [`${paint(check.passed ? PASSED : FAILED)} ${check.name.padEnd(nameWidth)}  ${first}`, ...rest.map((line) => indent + line)];
  });
  return [theme.title(title), ...lines].join('\n');
}

export function verdictMark(verdict: Verdict): string {
  return verdict.passed ? PASSED : FAILED;
}
