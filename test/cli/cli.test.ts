/**
 * The built CLI as a user runs it: `node bin/eyeball.js ...` in a subprocess, against real listeners,
 * a real black hole and a real DNS server, all on loopback. `npm test` builds first; run `npm run build`
 * before running this file on its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BlackHole, createBlackHole } from '../../src/cli/demo/black-hole.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import type { JsonDocument } from '../../src/cli/render/json.js';
import { killTerminals, runCliOnTerminal } from '../helpers/terminal.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/eyeball.js`;
const BUNDLE = `${ROOT}dist/cli.cjs`;
const ANSI_ESCAPE = '\u001b[';
/** A colour (SGR) sequence; on a terminal the live view also moves the cursor, which is not colour. */
const COLOUR_ESCAPE = /\u001b\[[\d;]*m/u;

interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without the colour variables of the test runner (vitest sets FORCE_COLOR=0). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  delete env['NO_COLOR'];
  delete env['EYEBALL_DEBUG'];
  return { ...env, ...extra };
}

const children = new Set<ChildProcess>();

function startCli(args: readonly string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

// Everything a test opens is closed afterwards, children included.
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  killTerminals();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function listen(host: string, port = 0): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => {});
    socket.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen({ host, port }, () => resolve());
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port on which nothing listens: listen, note the port, close. */
async function refusedPort(): Promise<number> {
  const port = await listen('127.0.0.1');
  await cleanups.pop()?.();
  return port;
}

async function blackHole(host: string): Promise<BlackHole> {
  const hole = await createBlackHole({ host });
  cleanups.push(() => hole.close());
  return hole;
}

async function dnsServer(zone: DnsZone, onQuery?: () => void): Promise<DnsServer> {
  const server = await startDnsServer({ zone, ...(onQuery === undefined ? {} : { onQuery }) });
  cleanups.push(() => server.close());
  return server;
}

function parseJson(result: CliResult): JsonDocument {
  return JSON.parse(result.stdout) as JsonDocument;
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
});

describe('exit codes', () => {
  it('0 when the connection is made', async () => {
    const port = await listen('127.0.0.1');
    const result = await runCli(['127.0.0.1', String(port)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      new RegExp(`^eyeball 127\\.0\\.0\\.1 port ${port} · started \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC$`, 'u'),
    );
    expect(result.stdout).toContain('Connected to 127.0.0.1 (IPv4, #0)');
  });

  it('1 when every attempt is refused, with the code in the JSON document', async () => {
    const port = await refusedPort();
    const result = await runCli(['127.0.0.1', String(port), '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const document = parseJson(result);
    expect(document.ok).toBe(false);
    expect(document.error?.reason).toBe('connect');
    expect(document.winner).toBeNull();
    expect(document.attempts).toHaveLength(1);
    expect(document.attempts[0]).toMatchObject({ address: '127.0.0.1', port, outcome: 'failed', error: { code: 'ECONNREFUSED' } });
  });

  it('1 when the name does not resolve (NXDOMAIN from a real DNS server)', async () => {
    const dns = await dnsServer({});
    const result = await runCli(['missing.eyeball.test', '80', '--dns-server', dns.address, '--json']);
    expect(result.code).toBe(1);
    const document = parseJson(result);
    expect(document.error?.reason).toBe('dns');
    expect(document.attempts).toEqual([]);
    expect(document.dns.map((query) => [query.type, query.error?.code])).toEqual([
      ['AAAA', 'ENOTFOUND'],
      ['A', 'ENOTFOUND'],
    ]);
  });

  it('1 when the overall timeout runs out (an address that never answers)', async () => {
    const hole = await blackHole('127.0.0.1');
    const result = await runCli(['127.0.0.1', String(hole.port), '--timeout', '300', '--json']);
    expect(result.code).toBe(1);
    const document = parseJson(result);
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({ reason: 'timeout', code: 'EYEBALL_TIMEOUT' });
    expect(document.attempts.map((attempt) => attempt.outcome)).toEqual(['cancelled']);
  });

  /** Starts a run whose only address is a black hole and sends SIGINT once the attempt is under way. */
  async function interruptMidRace(extraArgs: string[]): Promise<CliResult> {
    const hole = await blackHole('::1');
    let queried: () => void = () => {};
    const firstQuery = new Promise<void>((resolve) => (queried = resolve));
    const dns = await dnsServer({ 'hole.eyeball.test': { AAAA: { addresses: ['::1'] } } }, () => queried());
    const { child, done } = startCli(['hole.eyeball.test', String(hole.port), '--dns-server', dns.address, ...extraArgs]);
    await firstQuery;
    // The answer goes out at once; leave the attempt to ::1 time to start before interrupting it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    return done;
  }

  it('130 on Ctrl-C mid-race, after printing what happened so far', async () => {
    const result = await interruptMidRace(['--no-color']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Interrupted (Ctrl-C)');
    expect(result.stdout).toContain('IPv6 (::1, #0) had no answer after');
  });

  it('130 on Ctrl-C with --json: the document says interrupted and keeps the attempt', async () => {
    const result = await interruptMidRace(['--json']);
    expect(result.code).toBe(130);
    const document = parseJson(result);
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({ reason: 'interrupted', code: 'SIGINT' });
    expect(document.attempts.map(({ address, outcome }) => [address, outcome])).toEqual([['::1', 'cancelled']]);
  });
});

describe('input forms reach the right address', () => {
  it.each<[string, (port: number) => string[]]>([
    ['host port', (port) => ['127.0.0.1', String(port)]],
    ['host:port', (port) => [`127.0.0.1:${port}`]],
    ['a URL with its port', (port) => [`http://127.0.0.1:${port}/path`]],
  ])('%s', async (_label, args) => {
    const port = await listen('127.0.0.1');
    const result = await runCli([...args(port), '--json']);
    expect(result.code).toBe(0);
    expect(parseJson(result).winner).toMatchObject({ address: '127.0.0.1', family: 4, port });
  });

  it('[IPv6]:port', async () => {
    const port = await listen('::1');
    const result = await runCli([`[::1]:${port}`, '--json']);
    expect(result.code).toBe(0);
    expect(parseJson(result).winner).toMatchObject({ address: '::1', family: 6, port });
  });

  it('an internationalised name is asked for in punycode', async () => {
    const port = await listen('127.0.0.1');
    const dns = await dnsServer({ 'xn--bcher-kva.eyeball.test': { A: { addresses: ['127.0.0.1'] } } });
    const result = await runCli(['bücher.eyeball.test', String(port), '--dns-server', dns.address, '--json']);
    expect(result.code).toBe(0);
    expect(dns.queries.map((query) => query.name)).toContain('xn--bcher-kva.eyeball.test');
    expect(parseJson(result).target).toEqual({ host: 'xn--bcher-kva.eyeball.test', port });
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  it.each<[string, string[], string]>([
    ['port 0', ['example.com', '0'], 'eyeball: invalid port "0": expected a number from 1 to 65535\n'],
    ['port 65536', ['example.com:65536'], 'eyeball: invalid port "65536": expected a number from 1 to 65535\n'],
    ['port abc', ['example.com', 'abc'], 'eyeball: invalid port "abc": expected a number from 1 to 65535\n'],
    ['empty host', ['', '80'], 'eyeball: the host is empty\n'],
    ['a label over 63', [`${'a'.repeat(64)}.test`, '80'], 'eyeball: invalid host name "'],
    ['a name over 253', [Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.'), '80'], 'eyeball: invalid host name "'],
    ['a space', ['exa mple.com', '80'], 'eyeball: invalid target "exa mple.com": it contains a space\n'],
    [
      'an escape sequence',
      ['evil\u001b]0;owned\u0007.com', '80'],
      'eyeball: invalid target "evil\\u001b]0;owned\\u0007.com": it contains a control character\n',
    ],
    ['an unknown option', ['example.com', '80', '--frobnicate'], "eyeball: unknown option '--frobnicate'\n"],
    [
      'a delay below the RFC minimum',
      ['example.com', '80', '--delay', '9'],
      'eyeball: Expected `--delay` to be a number of milliseconds from 10 to 2000, got 9 (RFC 8305 §5)\n',
    ],
    ['no port', ['example.com'], 'eyeball: missing port for "example.com"'],
    ['conflicting ports', ['example.com:443', '80'], 'eyeball: conflicting ports'],
    ['no arguments', [], "eyeball: missing required argument 'host'"],
  ])('%s', async (_label, args, expected) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(expected)).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toContain('    at ');
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
  });
});

describe('help and version', () => {
  it('--help shows examples and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toMatch(
      /Exit codes:\n\s+0\s+connected\n\s+1\s+could not connect.*\n\s+or a check .*failed\n\s+2\s+usage error.*\n\s+129\s+stopped by SIGHUP.*\n\s+130\s+interrupted.*\n\s+143\s+stopped by SIGTERM/u,
    );
  });

  it('--help names docs that the package ships', async () => {
    const result = await runCli(['--help']);
    const named = [...result.stdout.replace(/\n/gu, ' ').matchAll(/\b([a-z]+\.md)\b/gu)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    const { files } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { files: string[] };
    expect(files).toContain('docs');
    for (const name of named) expect(existsSync(`${ROOT}docs/${name}`), name).toBe(true);
  });

  it.each([['--version'], ['-V']])("%s prints package.json's version", async (flag) => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    const result = await runCli([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe('before a build', () => {
  it('the launcher says to build first, in one line, and exits 2', async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'eyeball-unbuilt-'));
    cleanups.push(() => rmSync(checkout, { recursive: true, force: true }));
    mkdirSync(join(checkout, 'bin'));
    copyFileSync(BIN, join(checkout, 'bin', 'eyeball.js'));
    copyFileSync(`${ROOT}package.json`, join(checkout, 'package.json'));
    copyFileSync(`${ROOT}bin/package.json`, join(checkout, 'bin', 'package.json'));
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [join(checkout, 'bin', 'eyeball.js'), 'example.com', '443'], { env: cleanEnv() });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('eyeball: not built yet: run `npm run build` first\n');
  });
});

describe('colour', () => {
  async function report(args: string[], env: Record<string, string>): Promise<string> {
    const port = await listen('127.0.0.1');
    const result = await runCli(['127.0.0.1', String(port), ...args], env);
    expect(result.code).toBe(0);
    return result.stdout;
  }

  it('none into a pipe', async () => {
    expect(await report([], {})).not.toContain(ANSI_ESCAPE);
  });

  it('FORCE_COLOR=1 colours even into a pipe', async () => {
    expect(await report([], { FORCE_COLOR: '1' })).toContain(ANSI_ESCAPE);
  });

  it('--no-color wins over FORCE_COLOR', async () => {
    expect(await report(['--no-color'], { FORCE_COLOR: '1' })).not.toContain(ANSI_ESCAPE);
  });

  it('FORCE_COLOR=0 means none', async () => {
    expect(await report([], { FORCE_COLOR: '0' })).not.toContain(ANSI_ESCAPE);
  });

  it('--json is never coloured', async () => {
    const output = await report(['--json'], { FORCE_COLOR: '1' });
    expect(output).not.toContain(ANSI_ESCAPE);
    expect(() => JSON.parse(output) as unknown).not.toThrow();
  });

  it('on a terminal: colour, unless NO_COLOR is set', async () => {
    const port = await listen('127.0.0.1');
    const coloured = await runCliOnTerminal(['127.0.0.1', String(port)]);
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain('Connected to');
    expect(coloured.stdout).toMatch(COLOUR_ESCAPE);
    const plain = await runCliOnTerminal(['127.0.0.1', String(port)], { NO_COLOR: '1' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Connected to');
    expect(plain.stdout).not.toMatch(COLOUR_ESCAPE);
  });
});

describe('eyeball demo', () => {
  it('says it is a local demonstration and IPv4 wins after the IPv6 black hole', async () => {
    const result = await runCli(['demo', '--no-color']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [intro = ''] = result.stdout.split('\n\n');
    expect(intro).toMatch(/^This is a local demonstration/u);
    // Wrapped at word boundaries to the terminal's width (80 columns when it is not a terminal).
    expect(Math.max(...intro.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(intro.replaceAll('\n', ' ')).toContain('::1, a black hole on loopback');
    expect(result.stdout).toMatch(/Connected to 127\.0\.0\.1 \(IPv4, #1\)/u);
    expect(result.stdout).toMatch(/IPv6 \(::1, #0\) never answered/u);
  });

  it('on a terminal: the intro, the race drawn live (hidden cursor, frames redrawn in place), then the report', async () => {
    const run = await runCliOnTerminal(['demo', '--delay', '100'], { NO_COLOR: '1' });
    expect(run.code).toBe(0);
    const introAt = run.stdout.indexOf('This is a local demonstration');
    const liveAt = run.stdout.indexOf('\u001b[?25l');
    const reportAt = run.stdout.indexOf('Connected to 127.0.0.1 (IPv4, #1)');
    expect(introAt).toBeGreaterThanOrEqual(0);
    expect(liveAt).toBeGreaterThan(introAt);
    expect(reportAt).toBeGreaterThan(liveAt);
    // At least one frame was erased and redrawn (cursor up N lines, clear to the end) before the report.
    expect(run.stdout.slice(liveAt, reportAt)).toMatch(/\u001b\[\d+F\u001b\[J/u);
  });

  it('--json keeps stdout for the document and puts the note on stderr', async () => {
    const result = await runCli(['demo', '--json', '--delay', '100']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^This is a local demonstration/u);
    const document = parseJson(result);
    expect(document.settings.attemptDelay).toBe(100);
    expect(document.attempts.map(({ address, family, outcome }) => [address, family, outcome])).toEqual([
      ['::1', 6, 'cancelled'],
      ['127.0.0.1', 4, 'connected'],
    ]);
    expect(document.winner).toMatchObject({ address: '127.0.0.1', family: 4 });
  });
});
