import { describe, expect, it } from 'vitest';
import { describeStart, renderHeader } from '../../../src/cli/render/header.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import { CLI_DEFAULT_TIMEOUT_MS } from '../../../src/cli/options.js';
import type { RunSettings } from '../../../src/cli/report.js';
import { DEFAULT_SETTINGS } from './fixtures.js';

describe('describeStart', () => {
  it.each([
    [
      'microseconds, in UTC and in the seconds tcpdump -tt prints',
      Date.UTC(2026, 11, 7, 18, 30, 0, 123) + 0.25,
      '2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)',
    ],
    [
      'a fraction that rounds up carries into the next second',
      Date.UTC(2026, 11, 31, 23, 59, 59, 999) + 0.9996,
      '2027-01-01 00:00:00.000000 UTC (Unix time 1798761600.000000 s)',
    ],
    ['leading zeros kept', Date.UTC(2026, 0, 1, 0, 0, 1, 2) + 0.003, '2026-01-01 00:00:01.002003 UTC (Unix time 1767225601.002003 s)'],
  ])('%s', (_case, timeOrigin, text) => {
    expect(describeStart(timeOrigin)).toBe(text);
  });
});

describe('renderHeader: one line, the target and what is not at its default', () => {
  const plainTheme = createTheme(false);
  const cliDefaults: RunSettings = { ...DEFAULT_SETTINGS, timeout: CLI_DEFAULT_TIMEOUT_MS };
  const header = (host: string, settings: RunSettings): string =>
    renderHeader({ target: { host, port: 443, input: host }, settings, timeOrigin: Date.UTC(2026, 11, 7, 18, 51, 11, 123) + 0.4 }, plainTheme, 400);

  it.each<[string, string, Partial<RunSettings>, string]>([
    ['every default: the target and the start only', 'example.com', {}, 'eyeball example.com port 443 · started 18:51:11.123 UTC'],
    [
      'each changed setting in words',
      'example.com',
      {
        resolver: 'dns',
        dnsServer: '9.9.9.9',
        family: 4,
        attemptDelay: 100,
        resolutionDelay: 20,
        firstAddressFamilyCount: 2,
        timeout: null,
        attemptTimeout: 400,
        localAddress: '192.0.2.7',
      },
      'eyeball example.com port 443 · started 18:51:11.123 UTC · DNS server 9.9.9.9 · IPv4 only · attempt delay 100 ms · resolution delay 20 ms · first address family count 2 · no overall timeout · attempt timeout 400 ms · from 192.0.2.7',
    ],
    ['an IP address: no resolver, no family', '192.0.2.1', { resolver: 'dns', family: 4 }, 'eyeball 192.0.2.1 port 443 · started 18:51:11.123 UTC'],
  ])('%s', (_label, host, changed, line) => {
    expect(header(host, { ...cliDefaults, ...changed })).toBe(line);
  });

  it('wraps at a word boundary on a narrow terminal', () => {
    const lines = renderHeader(
      { target: { host: 'example.com', port: 443, input: '' }, settings: { ...cliDefaults, attemptDelay: 100 } },
      plainTheme,
      40,
    ).split('\n');
    expect(lines).toEqual(['eyeball example.com port 443 · attempt', 'delay 100 ms']);
  });
});
