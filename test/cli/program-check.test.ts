/**
 * parseArgs for the diagnostic options: every command line with targets is a `check` plan, its fields and
 * defaults, and the combinations that are refused.
 */
import { describe, expect, it } from 'vitest';
import { type CheckPlan, DEFAULT_CONCURRENCY, DEFAULT_INTERVAL_MS } from '../../src/cli/check-plan.js';
import { parseArgs } from '../../src/cli/program.js';
import { parsedAs, usageError } from './parse-helpers.js';

function plan(argv: string[]): CheckPlan {
  return parsedAs('check', argv).plan;
}

describe('parseArgs: one plan for every run', () => {
  it.each([[['example.com', '443']], [['example.com:443', '--json']], [['https://example.com/', '--no-color', '--timeout', '1s']]])(
    '%j is a race of one target',
    (argv) => {
      const { targets, mode, count, targetsFile } = plan(argv);
      expect({ targets: targets.length, mode, count, targetsFile }).toEqual({ targets: 1, mode: 'race', count: 1, targetsFile: null });
    },
  );

  it.each([
    [['a.example:443', 'b.example:443']],
    [['--targets', 'hosts.txt']],
    [['example.com:443', '--each']],
    [['example.com:443', '--compare']],
    [['example.com:443', '--require', 'ipv6']],
    [['example.com:443', '--max-time', '500']],
    [['example.com:443', '--count', '3']],
    [['example.com:443', '--ndjson']],
    [['example.com:443', '--junit', 'out.xml']],
    [['example.com:443', '--no-live']],
  ])('%j is a check', (argv) => {
    expect(parseArgs(argv).kind).toBe('check');
  });
});

describe('parseArgs: the plan', () => {
  it('fills in the defaults', () => {
    const checked = plan(['a.example:443', '[2001:db8::1]:80']);
    expect(checked.targets.map((target) => `${target.host} ${target.port}`)).toEqual(['a.example 443', '2001:db8::1 80']);
    expect(checked).toMatchObject({
      targetsFile: null,
      mode: 'race',
      policy: { require: null, maxTime: null },
      count: 1,
      interval: DEFAULT_INTERVAL_MS,
      concurrency: DEFAULT_CONCURRENCY,
      output: { format: 'human', noColor: false, verbose: false, live: true, junit: null },
    });
  });

  it('takes every diagnostic option', () => {
    expect(
      plan([
        '--targets',
        '-',
        '--concurrency',
        '3',
        '--require',
        'ipv4',
        '--max-time',
        '1.5s',
        '--count',
        '4',
        '--interval',
        '250',
        '--ndjson',
        '--junit',
        'r.xml',
        '--no-live',
        '--no-color',
      ]),
    ).toMatchObject({
      targets: [],
      targetsFile: '-',
      mode: 'race',
      policy: { require: 'ipv4', maxTime: 1500 },
      count: 4,
      interval: 250,
      concurrency: 3,
      output: { format: 'ndjson', noColor: true, verbose: false, live: false, junit: 'r.xml' },
    });
  });

  it('--require both probes every address (--each): a race has one winner', () => {
    expect(plan(['example.com:443', '--require', 'both']).mode).toBe('each');
  });

  it('--each and --compare pick their modes; --json the format', () => {
    expect(plan(['example.com:443', '--each', '--json'])).toMatchObject({ mode: 'each', output: { format: 'json' } });
    expect(plan(['example.com:443', '--compare'])).toMatchObject({ mode: 'compare' });
  });
});

describe('parseArgs: refused combinations and values', () => {
  it.each<[string, string[], RegExp]>([
    ['neither a target nor a file', ['--each'], /^missing required argument 'host' \(see eyeball --help/u],
    ['--json with --ndjson', ['example.com:443', '--json', '--ndjson'], /^--json and --ndjson cannot be used together$/u],
    ['--each with --compare', ['example.com:443', '--each', '--compare'], /^--each and --compare cannot be used together$/u],
    ['--count with --each', ['example.com:443', '--each', '--count', '2'], /^--count repeats the race; it cannot be combined with --each$/u],
    [
      '--count with --require both',
      ['example.com:443', '--require', 'both', '--count', '2'],
      /^--count repeats the race; it cannot be combined with --require both/u,
    ],
    [
      '--require both with --compare',
      ['example.com:443', '--require', 'both', '--compare'],
      /^--require both probes every address .* cannot be combined with --compare$/u,
    ],
    ['--interval without --count', ['example.com:443', '--interval', '100'], /^--interval needs --count$/u],
    ['--count 0', ['example.com:443', '--count', '0'], /^invalid --count "0": expected a whole number from 1 to 1000000$/u],
    ['--count in words', ['example.com:443', '--count', 'ten'], /^invalid --count "ten"/u],
    ['--concurrency 0', ['example.com:443', '--concurrency', '0'], /^invalid --concurrency "0": expected a whole number from 1 to 256$/u],
    ['--concurrency 257', ['example.com:443', '--concurrency', '257'], /^invalid --concurrency "257"/u],
    ['--max-time 0', ['example.com:443', '--max-time', '0'], /`--max-time`.*got 0$/u],
    ['--max-time soon', ['example.com:443', '--max-time', 'soon'], /^invalid --max-time "soon": expected milliseconds/u],
    ['--interval negative', ['example.com:443', '--count', '2', '--interval', '-1'], /^invalid --interval "-1"/u],
    [
      '--require ipv5',
      ['example.com:443', '--require', 'ipv5'],
      /^option '--require <family>' argument 'ipv5' is invalid\. Allowed choices are ipv4, ipv6, both\.$/u,
    ],
    ['--junit with an empty name', ['example.com:443', '--junit', ''], /^--junit needs a file name$/u],
    ['-4 with an IPv6 literal among several targets', ['a.example:443', '[::1]:443', '-4'], /^-4 was given but "::1" is an IPv6 address$/u],
  ])('%s', (_label, argv, message) => {
    const text = usageError(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});

describe('--help', () => {
  it('says how several targets are written, and shows the diagnostic options and examples', () => {
    const command = parseArgs(['--help']);
    const text = command.kind === 'print' ? command.text : '';
    expect(text).toContain('Several targets each carry\ntheir own port: host:port, [IPv6]:port or a URL');
    for (const flag of [
      '--targets',
      '--concurrency',
      '--each',
      '--compare',
      '--require',
      '--max-time',
      '--count',
      '--interval',
      '--ndjson',
      '--junit',
      '--no-live',
    ]) {
      expect(text).toContain(flag);
    }
    expect(text).toContain('$ eyeball example.com 443 --require both --max-time 500');
  });
});
