import { describe, expect, it } from 'vitest';
import { type LiveInputs, shouldShowLive } from '../../../src/cli/live/live-decision.js';

const ON: LiveInputs = { isTTY: true, env: {}, format: 'human', live: true, targets: 1, mode: 'race', count: 1 };

describe('shouldShowLive', () => {
  it('one race on a terminal, for a person: on', () => {
    expect(shouldShowLive(ON)).toBe(true);
  });

  it.each<[string, Partial<LiveInputs>]>([
    ['stdout is not a terminal', { isTTY: false }],
    ['--json', { format: 'json' }],
    ['--ndjson', { format: 'ndjson' }],
    ['--no-live', { live: false }],
    ['TERM=dumb', { env: { TERM: 'dumb' } }],
    ['several targets', { targets: 2 }],
    ['--each', { mode: 'each' }],
    ['--compare', { mode: 'compare' }],
    ['--count 3', { count: 3 }],
  ])('off when %s', (_label, change) => {
    expect(shouldShowLive({ ...ON, ...change })).toBe(false);
  });

  it('NO_COLOR does not turn it off (it is about colour)', () => {
    expect(shouldShowLive({ ...ON, env: { NO_COLOR: '1' } })).toBe(true);
  });
});
