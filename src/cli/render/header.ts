import { formatHostPort } from '../../errors/attempt-timeout-error.js';
import type { RunReport, RunSettings } from '../report.js';
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Theme } from './theme.js';

const LABEL_WIDTH = 10;

/** What was asked: the target, the resolver, and every setting that shapes the race. */
export function renderHeader(report: Pick<RunReport, 'target' | 'settings'>, theme: Theme, width: number): string {
  const { target, settings } = report;
  const typed =
    target.input !== '' && target.input !== target.host && target.input !== formatHostPort(target.host, target.port)
      ? ` (from ${target.input})`
      : '';
  return [
    line('target', `${target.host} port ${target.port}${typed}`, theme, width),
    line('resolver', describeResolver(settings), theme, width),
    line('settings', describeSettings(settings).join(', '), theme, width),
  ].join('\n');
}

function line(label: string, text: string, theme: Theme, width: number): string {
  const indent = ' '.repeat(LABEL_WIDTH);
  const [first = '', ...rest] = wrapWords(text, Math.max(20, width - LABEL_WIDTH));
  return [theme.label(label.padEnd(LABEL_WIDTH)) + first, ...rest.map((more) => indent + more)].join('\n');
}

function describeResolver(settings: RunSettings): string {
  if (settings.resolver === 'system') return 'system (the OS resolver, one lookup per family; no TTLs)';
  return `dns (asks DNS servers directly), server ${settings.dnsServer ?? "the system's"}`;
}

function describeSettings(settings: RunSettings): string[] {
  const families = { 0: 'IPv6 and IPv4', 4: 'IPv4 only', 6: 'IPv6 only' }[settings.family];
  return [
    `attempt delay ${formatMs(settings.attemptDelay)}`,
    `resolution delay ${formatMs(settings.resolutionDelay)}`,
    `first address family count ${settings.firstAddressFamilyCount}`,
    `overall timeout ${settings.timeout === null ? 'none' : formatMs(settings.timeout)}`,
    `attempt timeout ${settings.attemptTimeout === null ? 'none (the OS decides)' : formatMs(settings.attemptTimeout)}`,
    families,
    `local address ${settings.localAddress ?? 'any'}`,
  ];
}
