/**
 * The race at a glance: one bar per DNS query and per attempt on one time axis, so the stagger shows as a
 * shape. The glyphs carry the meaning; colour only repeats it.
 */
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Paint, Theme } from './theme.js';
import {
  type AttemptRow,
  type AttemptState,
  type QueryRow,
  type QueryState,
  queryLabel,
  type ResolutionDelayRow,
  type Timeline,
} from './timeline.js';
import { familyName } from './words.js';

/** Narrower than this and the bars stop telling times apart. */
export const MIN_WATERFALL_WIDTH = 40;
/** A label longer than this (a long TargetName) is cut, so the bars keep their room. */
const MAX_LABEL_LENGTH = 28;
/** The least room between two tick marks: wide enough for a label like `1500`. */
const MIN_TICK_SPACING = 8;

const START = '├';
const BODY = '─';
const WAITING = '┄';
const DELAY_BODY = '·';
const TLS_BODY = '═';

interface Marker {
  readonly glyph: string;
  readonly meaning: string;
}

const MARKERS = {
  answered: { glyph: '┤', meaning: 'answered' },
  connected: { glyph: '●', meaning: 'connected' },
  failed: { glyph: '✗', meaning: 'failed' },
  timeout: { glyph: '⊗', meaning: 'timed out' },
  cancelled: { glyph: '○', meaning: 'cancelled' },
  running: { glyph: '▸', meaning: 'still running at the end' },
} as const satisfies Record<string, Marker>;

interface Bar {
  readonly label: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** From here on the body is drawn as {@link WAITING}. */
  readonly waitingFrom?: number | null;
  /** From here on the body is drawn as {@link TLS_BODY} (it wins over WAITING: TCP has answered). */
  readonly tlsFrom?: number | null;
  /** {@link BODY} unless said. */
  readonly body?: string;
  readonly marker: Marker;
  readonly paint: Paint;
}

export function renderWaterfall(timeline: Timeline, theme: Theme, width: number): string {
  const bars = [
    // The HTTPS query goes out first (HEv3 §4.1), and its AliasMode follow-ups; then AAAA and A, of the
    // host and of other names.
    ...(timeline.https === null ? [] : [queryBar({ ...timeline.https, recordType: 'HTTPS', name: null }, theme)]),
    ...(timeline.https?.chain ?? []).map((hop) => queryBar({ ...hop, recordType: 'HTTPS' }, theme)),
    ...timeline.queries.map((query) => queryBar(query, theme)),
    ...(timeline.resolutionDelay === null ? [] : [delayBar(timeline.resolutionDelay, timeline.end, theme)]),
    ...timeline.attempts.map((attempt) => attemptBar(attempt, theme)),
  ];
  if (bars.length === 0) return '';
  const labelWidth = Math.max(...bars.map((bar) => bar.label.length)) + 2;
  const columns = Math.max(MIN_WATERFALL_WIDTH, width) - labelWidth;
  const axis = chooseAxis(timeline.end, columns);
  const column = (at: number): number => Math.min(columns - 1, Math.max(0, Math.round((at / axis.end) * (columns - 1))));

  const drawn = bars.map((bar) => drawBar(bar, column, columns));
  const lines = bars.map((bar, row) => theme.label(bar.label.padEnd(labelWidth)) + paintBar(drawn[row] ?? '', bar.paint));
  const pad = ' '.repeat(labelWidth);
  lines.push(pad + theme.dim(drawAxis(axis, column, columns)));
  lines.push(pad + theme.dim(drawTickLabels(axis, column, columns)));
  // The key names only the glyphs the chart shows.
  const shown = drawn.join('');
  const legend = [
    { glyph: START, meaning: 'started' },
    ...Object.values(MARKERS),
    { glyph: WAITING, meaning: 'no answer yet, next attempt started' },
    { glyph: TLS_BODY, meaning: 'TLS handshake' },
    { glyph: DELAY_BODY, meaning: 'resolution delay' },
  ]
    .filter((entry) => shown.includes(entry.glyph))
    .map((entry) => `${entry.glyph} ${entry.meaning}`);
  const key = `one column = ${formatMs(axis.end / (columns - 1))}; ${legend.join(', ')}`;
  return [...lines, ...wrapWords(key, Math.max(MIN_WATERFALL_WIDTH, width)).map((line) => theme.dim(line))].join('\n');
}

/** How each end state is drawn: its end marker and its colour. */
const STYLES: Record<QueryState | AttemptState, { readonly marker: Marker; readonly paint: keyof Theme }> = {
  answered: { marker: MARKERS.answered, paint: 'dns' },
  connected: { marker: MARKERS.connected, paint: 'good' },
  failed: { marker: MARKERS.failed, paint: 'bad' },
  timeout: { marker: MARKERS.timeout, paint: 'bad' },
  cancelled: { marker: MARKERS.cancelled, paint: 'dim' },
  lost: { marker: MARKERS.cancelled, paint: 'warn' },
  aborted: { marker: MARKERS.cancelled, paint: 'warn' },
  unfinished: { marker: MARKERS.running, paint: 'warn' },
};

function queryBar(query: Pick<QueryRow, 'startedAt' | 'endedAt' | 'state' | 'name'> & { readonly recordType: string }, theme: Theme): Bar {
  const style = STYLES[query.state];
  const label = queryLabel(query);
  return {
    label: label.length > MAX_LABEL_LENGTH ? `${label.slice(0, MAX_LABEL_LENGTH - 1)}…` : label,
    startedAt: query.startedAt,
    endedAt: query.endedAt,
    marker: style.marker,
    paint: theme[style.paint],
  };
}

function delayBar(delay: ResolutionDelayRow, end: number, theme: Theme): Bar {
  return {
    label: 'delay',
    startedAt: delay.startedAt,
    endedAt: delay.endedAt ?? end,
    body: DELAY_BODY,
    marker: delay.endedAt === null ? MARKERS.running : MARKERS.answered,
    paint: theme.dim,
  };
}

function attemptBar(attempt: AttemptRow, theme: Theme): Bar {
  const style = STYLES[attempt.state];
  return {
    label: `#${attempt.index} ${familyName(attempt.family)}`,
    startedAt: attempt.startedAt,
    endedAt: attempt.endedAt,
    waitingFrom: attempt.overtakenAt,
    tlsFrom: attempt.tls?.startedAt ?? null,
    marker: style.marker,
    paint: theme[style.paint],
  };
}

/** `   ├──┄┄══●`: indent, start, body, end marker; a bar shorter than a column is its marker alone. */
function drawBar(bar: Bar, column: (at: number) => number, columns: number): string {
  const start = column(bar.startedAt);
  const end = Math.max(start, column(bar.endedAt));
  const waitingFrom = bar.waitingFrom == null ? columns : column(bar.waitingFrom);
  const tlsFrom = bar.tlsFrom == null ? columns : column(bar.tlsFrom);
  let body = '';
  for (let at = start + 1; at < end; at++) body += at >= tlsFrom ? TLS_BODY : at >= waitingFrom ? WAITING : (bar.body ?? BODY);
  return ' '.repeat(start) + (start === end ? bar.marker.glyph : START + body + bar.marker.glyph);
}

function paintBar(drawn: string, paint: Paint): string {
  const indent = drawn.length - drawn.trimStart().length;
  return drawn.slice(0, indent) + paint(drawn.slice(indent));
}

export interface Axis {
  /** ms at the last column: a whole number of steps, at least the end of the run. */
  readonly end: number;
  readonly step: number;
}

/**
 * The smallest 1-2-5 step (1 ms at least) whose ticks stay {@link MIN_TICK_SPACING} columns apart, and
 * the axis end: the duration rounded up to a whole step.
 */
export function chooseAxis(duration: number, columns: number): Axis {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const factor of [1, 2, 5]) {
      const step = factor * magnitude;
      const end = Math.max(step, Math.ceil(duration / step - 1e-9) * step);
      // A single step that spans the whole run always fits, however narrow the chart.
      if (((columns - 1) * step) / end >= MIN_TICK_SPACING || end === step) return { end, step };
    }
  }
}

function ticks(axis: Axis): number[] {
  const count = Math.round(axis.end / axis.step);
  return Array.from({ length: count + 1 }, (_, tick) => tick * axis.step);
}

function drawAxis(axis: Axis, column: (at: number) => number, columns: number): string {
  const line = Array.from({ length: columns }, () => BODY);
  for (const at of ticks(axis)) line[column(at)] = '┴';
  return line.join('');
}

/**
 * Tick values under their marks: in ms, or in s once a step is a second or more, with the unit once,
 * on the last label. Labels that would touch are dropped, the earlier ones first.
 */
function drawTickLabels(axis: Axis, column: (at: number) => number, columns: number): string {
  const inSeconds = axis.step >= 1000;
  const all = ticks(axis);
  const placed: Array<{ position: number; text: string }> = [];
  for (let tick = all.length - 1; tick >= 0; tick--) {
    const at = all[tick] ?? 0;
    const value = Number((inSeconds ? at / 1000 : at).toPrecision(12));
    const text = tick === all.length - 1 ? `${value} ${inSeconds ? 's' : 'ms'}` : `${value}`;
    // The last label ends at the right edge rather than running past it.
    const position = Math.max(0, Math.min(column(at), columns - text.length));
    const next = placed[0];
    if (next && position + text.length >= next.position) continue;
    placed.unshift({ position, text });
  }
  return placed.reduce((line, { position, text }) => line.padEnd(position) + text, '');
}
