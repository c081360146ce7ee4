import { describe, expect, it } from 'vitest';
import { describeStart } from '../../../src/cli/render/header.js';

describe('describeStart', () => {
  it.each([
    ['microseconds, in UTC and in the seconds tcpdump -tt prints', Date.UTC(2026, 11, 7, 18, 30, 0, 123) + 0.25, '2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)'],
    ['a fraction that rounds up carries into the next second', Date.UTC(2026, 11, 31, 23, 59, 59, 999) + 0.9996, '2027-01-01 00:00:00.000000 UTC (Unix time 1798761600.000000 s)'],
    ['leading zeros kept', Date.UTC(2026, 0, 1, 0, 0, 1, 2) + 0.003, '2026-01-01 00:00:01.002003 UTC (Unix time 1767225601.002003 s)'],
  ])('%s', (_case, timeOrigin, text) => {
    expect(describeStart(timeOrigin)).toBe(text);
  });
});
