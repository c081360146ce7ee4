import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME_ORIGIN } from './report-builder.js';
import type { RunReport } from '../../../src/cli/report.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import { buildTimeline } from '../../../src/cli/render/timeline.js';
import { chooseAxis, renderWaterfall } from '../../../src/cli/render/waterfall.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { blackHoleRescued, DEFAULT_SETTINGS, overallTimeout, resolutionDelayEndedEarly } from './fixtures.js';

const plain = createTheme(false);

function draw(report: RunReport, width = 80): string {
  return renderWaterfall(buildTimeline(report), plain, width);
}

/** Visible width: every glyph the chart uses is one code point and one column. */
function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => [...line].length));
}

describe('chooseAxis', () => {
  it.each([
    // duration, columns, end, step
    [253.018, 71, 300, 50],
    [52.06, 71, 60, 10],
    [1000.4, 71, 1200, 200],
    [5000.61, 74, 6000, 1000],
    [130_000, 71, 140_000, 20_000],
    [0, 71, 1, 1],
    [0.3, 10, 1, 1],
  ])('%f ms over %i columns: ticks every %i ms up to %i', (duration, columns, end, step) => {
    expect(chooseAxis(duration, columns)).toEqual({ end, step });
  });

  it('always ends at or after the run, in whole steps', () => {
    for (const duration of [1, 7.5, 99.9, 250, 251, 999, 1001, 12_345, 120_000]) {
      const axis = chooseAxis(duration, 60);
      expect(axis.end).toBeGreaterThanOrEqual(duration);
      expect(Number.isInteger(Math.round((axis.end / axis.step) * 1e9) / 1e9)).toBe(true);
    }
  });
});

describe('renderWaterfall', () => {
  it('the demo: AAAA and A at once, #0 black-holed from 2.1 ms, #1 starting 250 ms later and connecting', () => {
    expect(draw(blackHoleRescued())).toBe(
      [
        'AAAA     ┤',
        'A        ├┤',
        '#0 IPv6  ├──────────────────────────────────────────────────────────○',
        '#1 IPv4                                                             ●',
        '         ┴───────────┴──────────┴───────────┴───────────┴──────────┴───────────┴',
        '         0           50         100         150         200        250    300 ms',
        'one column = 4.3 ms; ├ started, ┤ answered, ● connected, ○ cancelled',
      ].join('\n'),
    );
  });

  it('draws the time an attempt kept waiting after the next one started as ┄, and names it in the key', () => {
    const chart = draw(overallTimeout());
    const row = chart.split('\n').find((line) => line.startsWith('#0 IPv6')) ?? '';
    // #0 starts at 18.4 ms (column 1), #1 at 268.5 ms (column 16): from there on #0 waits, until 1000.2 ms.
    expect(row).toBe(`#0 IPv6   ├${'─'.repeat(14)}${'┄'.repeat(42)}○`);
    expect(chart.replaceAll('\n', ' ')).toContain('┄ no answer yet, next attempt started');
  });

  it('the Resolution Delay has its own row, dotted', () => {
    const chart = draw(resolutionDelayEndedEarly());
    expect(chart).toContain('\ndelay                ├························┤\n');
    expect(chart).toContain('· resolution delay');
  });

  it('a bar shorter than a column is its end marker alone, at the right time', () => {
    const chart = draw(blackHoleRescued());
    // #1 ran from 252.231 to 252.874 ms, both in column 59 (252.874 / 300 ms × 70, rounded).
    const row = chart.split('\n')[3] ?? '';
    expect(row).toBe(`#1 IPv4${' '.repeat(2 + 59)}●`);
  });

  it('a very long run (the OS timeout after 130 s) is scaled to the width, with ticks in seconds', () => {
    const endpoint = { address: '2001:db8::1', family: 6, port: 443 } as const;
    const report: RunReport = {
      target: { host: '2001:db8::1', port: 443, input: '2001:db8::1' },
      settings: DEFAULT_SETTINGS,
      events: [
        { type: 'attempt-started', at: 0.2, index: 0, reason: 'first', ...endpoint },
        { type: 'attempt-failed', at: 130_912.4, index: 0, error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }, timedOut: false, ...endpoint },
      ],
      outcome: { ok: false, reason: 'connect', error: { code: 'EYEBALL_CONNECT_FAILED', message: 'failed' } },
      elapsed: 130_913,
      timeOrigin: FIXTURE_TIME_ORIGIN,
    };
    const chart = draw(report, 60);
    expect(widest(chart)).toBeLessThanOrEqual(60);
    expect(chart.split('\n')[0]).toBe(`#0 IPv6  ├${'─'.repeat(43)}✗`);
    expect(chart.split('\n').slice(1, 3)).toEqual([
      `         ┴${'─'.repeat(16)}┴${'─'.repeat(15)}┴${'─'.repeat(16)}┴`,
      '         0                50              100          150 s',
    ]);
  });

  it('many attempts: one row each, none wider than the width', () => {
    const events: TraceEvent[] = [];
    for (let index = 0; index < 14; index++) {
      const endpoint = { address: `192.0.2.${index + 1}`, family: 4, port: 80 } as const;
      const startedAt = 1 + index * 10;
      const reason = index === 0 ? 'first' : 'previous-failed';
      events.push({ type: 'attempt-started', at: startedAt, index, reason, ...endpoint });
      events.push({
        type: 'attempt-failed',
        at: startedAt + 0.3,
        index,
        error: { code: 'ECONNREFUSED', message: 'refused' },
        timedOut: false,
        ...endpoint,
      });
    }
    const report: RunReport = {
      target: { host: 'many.example', port: 80, input: 'many.example' },
      settings: DEFAULT_SETTINGS,
      events,
      outcome: { ok: false, reason: 'connect', error: { code: 'EYEBALL_CONNECT_FAILED', message: 'failed' } },
      elapsed: 132,
      timeOrigin: FIXTURE_TIME_ORIGIN,
    };
    const chart = draw(report, 72);
    const rows = chart.split('\n').filter((line) => line.startsWith('#'));
    expect(rows.map((row) => row.slice(0, 9))).toEqual(Array.from({ length: 14 }, (_, index) => `#${index} IPv4`.padEnd(10).slice(0, 9)));
    expect(widest(chart)).toBeLessThanOrEqual(72);
    // Each start is later than the one before: the stagger shows as a staircase.
    const starts = rows.map((row) => row.search(/[├✗]/u));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(14);
  });

  it('never draws narrower than 40 columns', () => {
    const chart = draw(blackHoleRescued(), 10);
    expect(widest(chart)).toBe(40);
  });

  it('glyphs carry the meaning without colour; colour only wraps them', () => {
    const timeline = buildTimeline(blackHoleRescued());
    const coloured = renderWaterfall(timeline, createTheme(true), 80);
    expect(coloured).toContain('\u001b[32m●');
    expect(coloured.replace(/\u001b\[\d+m/gu, '')).toBe(renderWaterfall(timeline, plain, 80));
  });
});
