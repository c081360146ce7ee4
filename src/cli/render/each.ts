/** `--each` for people: the header, what DNS gave, one row per address and the verdict per family. */
import type { EachProbe, EachQuery, EachReport } from '../commands/each.js';
import { cleanDeep } from './clean-report.js';
import { formatMs } from './format.js';
import { renderHeader, renderSettings } from './header.js';
import type { HumanOptions } from './human.js';
import { type Cell, renderTable, wrapWords } from './table.js';
import { createTheme, type Theme } from './theme.js';
import { MIN_WATERFALL_WIDTH } from './waterfall.js';
import { describeConnectError, describeDnsError, familyName, RFC6761_WORDS } from './words.js';

/** The report of `--each`, without a trailing newline. Every string is cleaned first. */
export function renderEach(dirty: EachReport, options: HumanOptions): string {
  const report = cleanDeep(dirty);
  const theme = createTheme(options.color);
  const width = Math.max(MIN_WATERFALL_WIDTH, Math.floor(options.width));
  const timeout = report.probeTimeout === null ? "the OS's own timeout" : `a timeout of ${formatMs(report.probeTimeout)}`;
  const sections = [
    options.verbose ? `${renderHeader(report, theme, width)}\n${renderSettings(report, theme, width)}` : renderHeader(report, theme, width),
    ...(report.dns.length === 0
      ? []
      : [`${theme.title('DNS')}\n${renderQueries(report.dns, report.target.host, report.settings.resolver === 'dns', theme, width)}`]),
    `${theme.title('Addresses')} ${theme.dim(`(each probed on its own, at the same time, with ${timeout})`)}\n${renderProbes(report.probes, theme, width)}`,
    `${theme.title('Verdict')}\n${familyVerdicts(report, theme).join('\n')}`,
  ];
  return sections.join('\n\n');
}

/** The TTL column only for `--resolver dns`: the system resolver gives none. */
function renderQueries(queries: readonly EachQuery[], host: string, hasTtl: boolean, theme: Theme, width: number): string {
  const rows = queries.map((query) => [
    { text: query.recordType, paint: theme.dns },
    formatMs(query.endedAt - query.startedAt),
    describeQuery(query, theme),
    ...(hasTtl ? [query.addresses.length === 0 ? '' : query.ttl === null ? 'unknown' : `${query.ttl} s`] : []),
  ]);
  const table = renderTable(['type', 'took', 'result', ...(hasTtl ? ['TTL'] : [])], rows, { theme, width, wrapColumn: 2 });
  return queries.some((query) => query.resolver === 'rfc6761') ? [table, ...wrapWords(`${host}: ${RFC6761_WORDS}.`, width)].join('\n') : table;
}

function describeQuery(query: EachQuery, theme: Theme): Cell {
  if (query.cancelled) return { text: 'no answer before the run was interrupted', paint: theme.dim };
  if (query.error) return { text: describeDnsError(query.error), paint: theme.bad };
  if (query.addresses.length === 0) return { text: 'no records', paint: theme.warn };
  return { text: query.addresses.join('\n') };
}

function renderProbes(probes: readonly EachProbe[], theme: Theme, width: number): string {
  if (probes.length === 0) return 'No address to probe.';
  const rows = probes.map((probe) => [
    probe.outcome === 'connected' ? { text: probe.address, paint: theme.good } : probe.address,
    familyName(probe.family),
    describeProbe(probe, theme),
    probe.outcome === 'connected' ? formatMs(probe.endedAt - probe.startedAt) : '',
  ]);
  return renderTable(['address', 'family', 'outcome', 'connect time'], rows, { theme, width, wrapColumn: 2 });
}

export function describeProbe(probe: EachProbe, theme: Theme): Cell {
  const took = formatMs(probe.endedAt - probe.startedAt);
  switch (probe.outcome) {
    case 'connected':
      return { text: 'connected', paint: theme.good };
    case 'failed':
      return { text: `${probe.error ? describeConnectError(probe.error) : 'failed'} after ${took}`, paint: theme.bad };
    case 'timeout':
      return { text: `no answer, timed out after ${took}${probe.error ? ` (${probe.error.code})` : ''}`, paint: theme.bad };
    case 'cancelled':
      return { text: `still connecting after ${took} when the run was interrupted`, paint: theme.warn };
  }
}

/** `IPv6: 0 of 2 addresses reachable`, one line per family that was looked up or probed. */
function familyVerdicts(report: EachReport, theme: Theme): string[] {
  return ([6, 4] as const).flatMap((family) => {
    const probes = report.probes.filter((probe) => probe.family === family);
    const query = report.dns.find((entry) => entry.family === family);
    if (probes.length === 0 && query === undefined) return [];
    const name = familyName(family);
    if (probes.length === 0) {
      const why = query?.error ? describeDnsError(query.error) : query?.cancelled ? 'interrupted' : `no ${query?.recordType ?? ''} records`;
      return [theme.warn(`${name}: no address (${why})`)];
    }
    const reachable = probes.filter((probe) => probe.outcome === 'connected').length;
    const line = `${name}: ${reachable} of ${probes.length} ${probes.length === 1 ? 'address' : 'addresses'} reachable`;
    return [reachable === probes.length ? theme.good(line) : reachable === 0 ? theme.bad(line) : theme.warn(line)];
  });
}
