/**
 * The default report as a user meets it: the built CLI, not a terminal, `COLUMNS=80`, real loopback
 * listeners. `localhost` is ::1 and 127.0.0.1 (RFC 6761 §6.3), so a port that listens on 127.0.0.1 only
 * gives a race of two attempts: IPv6 refused, IPv4 connected; a port that listens on neither, two failures.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, requireBuiltCli, runCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { startTlsServer } from '../helpers/tls-server.js';

const AT_80_COLUMNS = { COLUMNS: '80' };
/** Issue 14: what fits a glance. */
const MAX_SUCCESS_LINES = 12;
const MAX_FAILURE_LINES = 16;
/** The start of a waterfall bar: `├`, or an end marker alone for a bar shorter than a column. */
const BAR = '[├┤●✗⊗○▸]';

const loopback = new Loopback();
const certificates = useTestCertificates();
beforeAll(requireBuiltCli);
afterEach(() => loopback.close());

/** stdout's lines, without the newline that ends the last one. */
function linesOf(run: CliRun): string[] {
  return run.stdout.replace(/\n$/u, '').split('\n');
}

/** The verdict: its headline is the first line after the last blank line. */
function verdictOf(run: CliRun): string[] {
  const lines = linesOf(run);
  return lines.slice(lines.lastIndexOf('') + 1);
}

async function success(extra: readonly string[] = []): Promise<{ run: CliRun; port: number }> {
  const port = await loopback.listen('127.0.0.1');
  return { run: await runCli(['localhost', String(port), ...extra], AT_80_COLUMNS), port };
}

async function failure(extra: readonly string[] = []): Promise<{ run: CliRun; port: number }> {
  const port = await loopback.refusedPort();
  return { run: await runCli(['localhost', String(port), ...extra], AT_80_COLUMNS), port };
}

describe('the default report at 80 columns', () => {
  it(`a success with two attempts: one header line, the waterfall with its DNS rows, the verdict; at most ${MAX_SUCCESS_LINES} lines`, async () => {
    const { run, port } = await success();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = linesOf(run);
    expect(lines.length).toBeLessThanOrEqual(MAX_SUCCESS_LINES);
    expect(lines[0]).toMatch(
      new RegExp(`^eyeball localhost port ${port} · started \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC · RFC 6761: no DNS query$`, 'u'),
    );
    // Each row is its label and its bar; a bar shorter than a column is its end marker alone.
    expect(lines[1]).toMatch(new RegExp(`^AAAA +${BAR}`, 'u'));
    expect(lines[2]).toMatch(new RegExp(`^A +${BAR}`, 'u'));
    expect(lines[3]).toMatch(new RegExp(`^#0 IPv6 +${BAR}`, 'u'));
    expect(lines[4]).toMatch(new RegExp(`^#1 IPv4 +${BAR}`, 'u'));
    expect(verdictOf(run)[0]).toMatch(/^Connected to 127\.0\.0\.1 \(IPv4, #1\) at [\d.]+ m?s; its attempt took [\d.]+ m?s\.$/u);
    // No settings block, no echo of the input, no resolver line, no tables.
    expect(run.stdout).not.toMatch(/^(target|settings|resolver) /mu);
    expect(run.stdout).not.toMatch(/[┌│└]/u);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it(`a failure with two attempts: at most ${MAX_FAILURE_LINES} lines, and no line after the verdict repeats it`, async () => {
    const { run } = await failure();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = linesOf(run);
    expect(lines.length).toBeLessThanOrEqual(MAX_FAILURE_LINES);
    const verdict = verdictOf(run);
    expect(verdict[0]).toBe('Could not connect: every address failed.');
    expect(verdict.slice(1).join(' ').replace(/ {2,}/gu, ' ')).toMatch(
      /^ ?- IPv6 \(::1, #0\) failed after [\d.]+ m?s: refused \(ECONNREFUSED\);.* - IPv4 \(127\.0\.0\.1, #1\) failed after [\d.]+ m?s: refused \(ECONNREFUSED\)\.$/u,
    );
    // Each address is named once in the verdict, and no error line follows it.
    expect(run.stdout).not.toMatch(/EYEBALL_CONNECT_FAILED|^error /mu);
    expect(run.stdout.match(/127\.0\.0\.1/gu)).toHaveLength(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('-v at 80 columns', () => {
  it('adds the settings and the DNS and attempt tables, with no TTL column for the system resolver', async () => {
    const { run } = await success(['-v']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^settings {2}attempt delay 250 ms/mu);
    expect(run.stdout).toMatch(/^resolver {2}system/mu);
    expect(run.stdout).toContain('\nDNS\n┌');
    expect(run.stdout).toMatch(/│ type +│ asked at +│ ended at +│ took +│ result +│\n/u);
    expect(run.stdout).toContain('\nAttempts\n┌');
    expect(run.stdout).toMatch(/│ #0 IPv6 │ ::1 +│/u);
    expect(run.stdout).toMatch(/│ #1 IPv4 │ 127\.0\.0\.1 +│/u);
    expect(run.stdout).not.toContain('TTL ');
  });

  it('no table cell splits a word: every word of a cell is a whole word of what the attempt said', async () => {
    const { run } = await failure(['--verbose']);
    expect(run.code).toBe(1);
    const cellWords = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('│'))
      .flatMap((line) => line.split('│').slice(1, -1))
      .flatMap((cell) => cell.trim().split(' '))
      .filter((word) => word !== '');
    const known = new Set([
      '#',
      'address',
      'start',
      'took',
      'outcome',
      'type',
      'asked',
      'at',
      'ended',
      'result',
      '#0',
      '#1',
      'IPv6',
      'IPv4',
      '::1',
      '127.0.0.1',
      'AAAA',
      'A',
      'ms',
      's',
      'started:',
      'first',
      'failed',
      'refused',
      '(ECONNREFUSED)',
    ]);
    const unknown = cellWords.filter((word) => !known.has(word) && !/^\d+(\.\d+)?$/u.test(word));
    expect(unknown).toEqual([]);
    expect(cellWords).toContain('(ECONNREFUSED)');
  });

  it('a TLS error code longer than the outcome column goes whole on its own line, and the table still fits 80 columns', async () => {
    const four = await startTlsServer({ host: '127.0.0.1', pair: certificates.selfSigned });
    const six = await startTlsServer({ host: '::1', pair: certificates.selfSigned, port: four.port });
    try {
      const tableRows = async (columns: number): Promise<string[]> => {
        const run = await runCli([`https://localhost:${four.port}/`, '-v'], { COLUMNS: String(columns) });
        expect(run.code).toBe(1);
        return run.stdout.split('\n').filter((line) => line.startsWith('│'));
      };
      const cellsOf = (rows: readonly string[]): string[] =>
        rows.flatMap((line) =>
          line
            .split('│')
            .slice(1, -1)
            .map((cell) => cell.trim()),
        );
      const at80 = await tableRows(80);
      expect(cellsOf(at80)).toContain('(DEPTH_ZERO_SELF_SIGNED_CERT)');
      for (const line of at80) expect(line.length).toBeLessThanOrEqual(80);
      // Narrower than the code needs: the column grows to hold it whole rather than cut it.
      expect(cellsOf(await tableRows(50))).toContain('(DEPTH_ZERO_SELF_SIGNED_CERT)');
    } finally {
      await Promise.all([four.close(), six.close()]);
    }
  });
});
