/**
 * `--junit FILE`: the checks as JUnit XML, which CI systems show as test results: one `<testsuite>` per target,
 * one `<testcase>` per check; a failed check carries a `<failure>` whose `message` is the reason. Pure.
 */
import { formatHostPort } from '../../base/host-port.js';
import { type TargetResult, resultElapsed } from '../check-result.js';

/** Characters XML 1.0 does not allow at all (§2.2); a name or message from the network may hold them. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Text made safe for XML: forbidden characters dropped, markup escaped. In attribute values, tab and line
 * breaks become character references too, so that attribute normalisation does not turn them into spaces.
 */
export function escapeXml(text: string, isAttribute = false): string {
  const escaped = text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
  return isAttribute ? escaped.replaceAll('\t', '&#9;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;') : escaped;
}

export function renderJunit(results: readonly TargetResult[]): string {
  const suites = results.map((result) => {
    const name = formatHostPort(result.target.host, result.target.port);
    const time = seconds(resultElapsed(result));
    const { checks } = result.verdict;
    const failures = checks.filter((check) => !check.passed).length;
    const cases = checks.map((check) => {
      const open = `    <testcase name="${escapeXml(check.name, true)}" classname="${escapeXml(name, true)}" time="${time}"`;
      if (check.passed) return `${open}/>`;
      const type = result.verdict.interrupted ? 'interrupted' : check.kind;
      return [
        `${open}>`,
        `      <failure message="${escapeXml(check.detail, true)}" type="${type}">${escapeXml(check.detail)}</failure>`,
        '    </testcase>',
      ].join('\n');
    });
    return [
      `  <testsuite name="${escapeXml(name, true)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = results.reduce((sum, result) => sum + result.verdict.checks.length, 0);
  const failures = results.reduce((sum, result) => sum + result.verdict.checks.filter((check) => !check.passed).length, 0);
  const time = seconds(results.reduce((sum, result) => sum + resultElapsed(result), 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="eyeball" tests="${tests}" failures="${failures}" errors="0" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** JUnit times are seconds: `0.253`. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
