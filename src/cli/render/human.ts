import type { RunReport } from '../report.js';
import { renderAttemptsSection } from './attempts-table.js';
import { cleanReport } from './clean-report.js';
import { renderDnsSection } from './dns-table.js';
import { renderHeader } from './header.js';
import { renderHttpsSection } from './https-table.js';
import { createTheme } from './theme.js';
import { buildTimeline } from './timeline.js';
import { renderVerdict } from './verdict.js';
import { MIN_WATERFALL_WIDTH, renderWaterfall } from './waterfall.js';

export interface HumanOptions {
  /** Colour on or off; the caller decides (TTY, NO_COLOR, FORCE_COLOR), nothing here detects it. */
  readonly color: boolean;
  /** Terminal width in columns; the waterfall uses at least 40. */
  readonly width: number;
}

/**
 * The run for people: header, DNS answers, attempts, a waterfall of both on one time axis, and a verdict.
 * Every string from the report is cleaned of control characters and escapes first. Ends with `\n`.
 */
export function renderHuman(report: RunReport, options: HumanOptions): string {
  const clean = cleanReport(report);
  const theme = createTheme(options.color);
  const width = Number.isFinite(options.width) ? Math.max(MIN_WATERFALL_WIDTH, Math.floor(options.width)) : MIN_WATERFALL_WIDTH;
  const timeline = buildTimeline(clean);
  const sections = [
    renderHeader(clean, theme, width, timeline),
    `${theme.title('DNS')}\n${renderDnsSection(clean, timeline, theme, width)}`,
    ...(timeline.https === null ? [] : [`${theme.title('HTTPS records')}\n${renderHttpsSection(timeline.https, clean.target.host, theme, width)}`]),
    `${theme.title('Attempts')}\n${renderAttemptsSection(clean, timeline, theme, width)}`,
    `${theme.title('Waterfall')}\n${renderWaterfall(timeline, theme, width)}`,
    `${theme.title('Verdict')}\n${renderVerdict(clean, timeline, theme, width)}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
