import type { RunReport } from '../report.js';
import { renderAttemptsSection } from './attempts-table.js';
import { cleanDeep } from './clean-report.js';
import { renderDnsSection } from './dns-table.js';
import { renderHeader, renderSettings } from './header.js';
import { renderHttpsSection } from './https-table.js';
import { createTheme } from './theme.js';
import { buildTimeline } from './timeline.js';
import { renderVerdict } from './verdict.js';
import { MIN_WATERFALL_WIDTH, renderWaterfall } from './waterfall.js';

export interface HumanOptions {
  /** Colour on or off; the caller decides (TTY, NO_COLOR, FORCE_COLOR), nothing here detects it. */
  readonly color: boolean;
  readonly width: number;
  /** `-v`: the settings and the DNS, HTTPS records and attempt tables too. */
  readonly verbose: boolean;
}

/**
 * The run for people: the header line, the waterfall and the verdict; with `verbose`, also every setting and
 * the DNS, HTTPS records and attempt tables. Every string from the report is cleaned first. Ends with `\n`.
 */
export function renderHuman(report: RunReport, options: HumanOptions): string {
  const clean = cleanDeep(report);
  const theme = createTheme(options.color);
  const width = Number.isFinite(options.width) ? Math.max(MIN_WATERFALL_WIDTH, Math.floor(options.width)) : MIN_WATERFALL_WIDTH;
  const timeline = buildTimeline(clean);
  const header = renderHeader(clean, theme, width, timeline);
  const waterfall = renderWaterfall(timeline, theme, width);
  const verdict = renderVerdict(clean, timeline, theme, width);
  if (!options.verbose) return `${[[header, ...(waterfall === '' ? [] : [waterfall])].join('\n'), verdict].join('\n\n')}\n`;
  const sections = [
    `${header}\n${renderSettings(clean, theme, width, timeline)}`,
    `${theme.title('DNS')}\n${renderDnsSection(clean, timeline, theme, width)}`,
    ...(timeline.https === null ? [] : [`${theme.title('HTTPS records')}\n${renderHttpsSection(timeline.https, clean.target.host, theme, width)}`]),
    `${theme.title('Attempts')}\n${renderAttemptsSection(clean, timeline, theme, width)}`,
    `${theme.title('Waterfall')}\n${waterfall}`,
    `${theme.title('Verdict')}\n${verdict}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
