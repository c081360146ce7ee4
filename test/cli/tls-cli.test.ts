/**
 * The built CLI with TLS, HTTPS records and NAT64, as a user runs it: a TLS listener on loopback with
 * certificates made at test time, a real DNS server serving an HTTPS record, and, for NAT64, a throwaway
 * network namespace (`unshare --net`) that plays a dual-stack host and an IPv6-only one, so that no packet
 * leaves the machine. `npm test` builds first; run `npm run build` before running this file on its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JsonDocument } from '../../src/cli/render/json.js';
import { CLI_BIN, type CliRun, requireBuiltCli, runCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { startTlsServer, type TestServer } from '../helpers/tls-server.js';
import { describeLab } from '../e2e/lab/prerequisites.js';
import { collectFields, matchesType, readDocumentedFields } from './render/json-doc-fields.js';

const execFileAsync = promisify(execFile);
/** Wide enough that a TLS line is one line of the table. */
const WIDE = { COLUMNS: '220' };
const TLS_LINE = /TLSv1\.3 · h2 · [\d.]+ m?s · CN=localhost by "eyeball test CA", expires \d{4}-\d{2}-\d{2} \(29 days\)/u;

const certificates = useTestCertificates();
const dir = mkdtempSync(join(tmpdir(), 'eyeball-tls-cli-'));
const caFile = join(dir, 'ca.pem');
const loopback = new Loopback();
const servers: TestServer[] = [];

beforeAll(() => {
  requireBuiltCli();
  writeFileSync(caFile, certificates.ca.cert);
});
afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.close();
  await loopback.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A TLS listener on 127.0.0.1 and ::1 on one port, with the given certificate: what `localhost` reaches. */
async function tlsListener(pair = certificates.leaf): Promise<number> {
  const four = await startTlsServer({ host: '127.0.0.1', pair, alpn: ['h2', 'http/1.1'] });
  servers.push(four);
  servers.push(await startTlsServer({ host: '::1', pair, alpn: ['h2', 'http/1.1'], port: four.port }));
  return four.port;
}

function json(run: CliRun): JsonDocument {
  return JSON.parse(run.stdout) as JsonDocument;
}

/** One line on stderr, exit 2, nothing on stdout. */
function expectUsageError(run: CliRun, message: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`eyeball: ${message}\n`);
}

describe('TLS against a local listener', () => {
  it('https://localhost:PORT/ --ca FILE connects over TLS and shows the handshake', async () => {
    const port = await tlsListener();
    const run = await runCli([`https://localhost:${port}/`, '--ca', caFile, '-v'], WIDE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `tls       SNI localhost, ALPN h2, http/1.1, certificate checked against ${caFile}; an attempt counts once its handshake is done\n`,
    );
    expect(run.stdout).toMatch(TLS_LINE);
    expect(run.stdout).toMatch(/Connected to ::1 \(IPv6, #0\) .* \(TLS handshake [\d.]+ m?s\)\./u);
    // 29 days left: no expiry warning.
    expect(run.stdout).not.toContain('days left');
  });

  it('without --ca the certificate is refused, in words, and the exit code is 1', async () => {
    const port = await tlsListener();
    const run = await runCli([`https://localhost:${port}/`], WIDE);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'certificate refused: the certificate was issued by an unknown authority (no chain to a trusted CA) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    );
    expect(run.stdout).toContain('Could not connect: every address failed.');
    expect(run.stdout).toContain('To connect anyway: -k (--insecure)');
  });

  it('-k connects and warns that the certificate was not verified', async () => {
    const port = await tlsListener();
    const run = await runCli([`https://localhost:${port}/`, '-k', '-v'], WIDE);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(TLS_LINE);
    expect(run.stdout).toContain(
      'not verified: the certificate was issued by an unknown authority (no chain to a trusted CA) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    );
    expect(run.stdout).toContain('The certificate was not verified (--insecure): the certificate was issued by an unknown authority');
  });

  it('an expired certificate and a name it is not for are refused with their own codes', async () => {
    const expired = await runCli([`https://localhost:${await tlsListener(certificates.expired)}/`, '--ca', caFile], WIDE);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain('certificate refused: the certificate has expired (CERT_HAS_EXPIRED)');
    const port = await tlsListener();
    const wrongName = await runCli([`127.0.0.1:${port}`, '--ca', caFile, '--servername', 'other.example', '--json']);
    expect(wrongName.code).toBe(1);
    expect(json(wrongName).attempts[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      tls: { servername: 'other.example', authorizationError: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } },
    });
  });

  it('--json: attempts[].tls, and every field of the real document is documented in docs/json.md with its type', async () => {
    const port = await tlsListener();
    const run = await runCli([`https://localhost:${port}/`, '--ca', caFile, '--alpn', 'http/1.1', '--json']);
    expect(run.code).toBe(0);
    const document = json(run);
    expect(document.settings.tls).toEqual({ servername: 'localhost', alpn: ['http/1.1'], verify: true });
    const winner = document.attempts.find((attempt) => attempt.outcome === 'connected');
    expect(winner?.tls).toMatchObject({
      servername: 'localhost',
      protocol: 'TLSv1.3',
      alpn: 'http/1.1',
      authorized: true,
      certificate: { subject: 'localhost', issuer: 'eyeball test CA', daysToExpiry: 29 },
      authorizationError: null,
    });
    expect(winner?.tls?.handshakeMs).toBeGreaterThan(0);
    expect(winner?.tls?.handshakeMs).toBeLessThanOrEqual((winner?.endedAt ?? 0) - (winner?.startedAt ?? 0));
    const documented = new Map(readDocumentedFields().map((field) => [field.path, field.types]));
    for (const [path, values] of collectFields(document)) {
      const types = documented.get(path);
      expect({ path, documented: types !== undefined }).toEqual({ path, documented: true });
      expect({ path, fits: values.every((value) => matchesType(value, types ?? [])) }).toEqual({ path, fits: true });
    }
  });

  it('--no-tls keeps an https:// target on plain TCP', async () => {
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli([`https://127.0.0.1:${port}/`, '--no-tls', '--json']);
    expect(run.code).toBe(0);
    const document = json(run);
    expect(document.settings.tls).toBeNull();
    expect(document.attempts.map((attempt) => attempt.tls)).toEqual([null]);
  });

  it('--ndjson writes the tls-handshake event as the library emits it', async () => {
    const port = await tlsListener();
    const run = await runCli([`127.0.0.1:${port}`, '--ca', caFile, '--ndjson']);
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: { type: string } }).event);
    const handshake = events.find((event) => event.type === 'tls-handshake');
    expect(handshake).toMatchObject({
      type: 'tls-handshake',
      index: 0,
      address: '127.0.0.1',
      servername: null,
      protocol: 'TLSv1.3',
      alpn: 'h2',
      authorized: true,
      error: null,
    });
    expect(events.map((event) => event.type).indexOf('tls-handshake')).toBeLessThan(events.map((event) => event.type).indexOf('attempt-succeeded'));
  });

  it('a --ca file that is missing or holds no certificate is a usage error', async () => {
    const missing = join(dir, 'missing.pem');
    expectUsageError(await runCli(['https://localhost:443/', '--ca', missing]), `cannot read --ca "${missing}": no such file`);
    // Several targets (a check) read it once too, before anything runs.
    expectUsageError(
      await runCli(['https://a.eyeball.test/', 'https://b.eyeball.test/', '--ca', missing]),
      `cannot read --ca "${missing}": no such file`,
    );
    const key = join(dir, 'key.pem');
    writeFileSync(key, certificates.leaf.key);
    expectUsageError(
      await runCli(['https://localhost:443/', '--ca', key]),
      `--ca "${key}" holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)`,
    );
  });
});

describe('HTTPS records with --resolver dns', () => {
  const zone = {
    'svc.eyeball.test': {
      // Later than the HTTPS answer: the ipv4hint (the same address) stands in for it (HEv3 §4.2.1).
      A: { addresses: ['127.0.0.1'], delayMs: 100 },
      HTTPS: {
        ttl: 300,
        records: [
          {
            priority: 1,
            target: '.',
            params: { alpn: ['h2', 'http/1.1'], port: 8443, ipv4hint: ['127.0.0.1'], ech: new Uint8Array([0, 4, 1, 2, 3, 4]) },
          },
          { priority: 0, target: 'alias.eyeball.test', params: {} },
        ],
      },
    },
  };

  it('asks the same server for the HTTPS record, follows its AliasMode record, and shows the chain and its NXDOMAIN', async () => {
    const dns = await loopback.dnsServer(zone);
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['svc.eyeball.test', String(port), '--dns-server', dns.address, '-v'], WIDE);
    expect(run.code).toBe(0);
    // The AliasMode record is followed (RFC 9460 §2.4.2): HTTPS of alias.eyeball.test, then its A/AAAA, where the chain ended.
    expect(dns.queries.map((query) => `${query.type} ${query.name}`).sort()).toEqual([
      'A alias.eyeball.test',
      'A svc.eyeball.test',
      'AAAA alias.eyeball.test',
      'AAAA svc.eyeball.test',
      'UNKNOWN_65 alias.eyeball.test',
      'UNKNOWN_65 svc.eyeball.test',
    ]);
    expect(run.stdout).toMatch(
      new RegExp(`HTTPS records\\nAsked ${dns.address.replace(/\./gu, '\\.')} at [\\d.]+ ms; answered after [\\d.]+ ms, TTL 300 s\\.`, 'u'),
    );
    expect(run.stdout).toContain('AliasMode chain: svc.eyeball.test → alias.eyeball.test (no such name (NXDOMAIN, ENOTFOUND)).');
    // The host's records, the AliasMode one and the ServiceMode one it makes the client ignore.
    expect(run.stdout).toContain('│ 0 (alias) │ alias.eyeball.test │              │      │               │ no  │');
    expect(run.stdout).toContain('│ 1         │ . (this name)      │ h2, http/1.1 │ 8443 │ 127.0.0.1     │ yes │');
    // The follow-up and the alias target's own queries have rows of their own, apart from the host's.
    expect(run.stdout).toMatch(/│ HTTPS alias\.eyeball\.test +│[^\n]*│ no such name \(NXDOMAIN, ENOTFOUND\) +│/u);
    expect(run.stdout).toMatch(/│ AAAA alias\.eyeball\.test +│[^\n]*│ no such name \(NXDOMAIN, ENOTFOUND\) +│/u);
    expect(run.stdout).toMatch(/│ A alias\.eyeball\.test +│[^\n]*│ no such name \(NXDOMAIN, ENOTFOUND\) +│/u);
    expect(run.stdout).toMatch(/│ A +│[^\n]*│ 127\.0\.0\.1 +│ 60 s +│/u);
    // The host's own A (100 ms late) connected on the port asked for: no service, no hint.
    expect(run.stdout).toMatch(/Connected to 127\.0\.0\.1 \(IPv4, #0\)/u);
    expect(run.stdout).toContain('sent eyeball on by AliasMode to alias.eyeball.test, whose HTTPS query failed: no such name (NXDOMAIN, ENOTFOUND)');
    expect(run.stdout).not.toContain('from HTTPS ipv4hint');
  });

  it("--json: the records, the AliasMode follow-up in https.chain, and a race on the host's own address", async () => {
    const dns = await loopback.dnsServer(zone);
    const port = await loopback.listen('127.0.0.1');
    const document = json(await runCli(['svc.eyeball.test', String(port), '--dns-server', dns.address, '--json']));
    expect(document.settings.https).toBe(true);
    expect(document.https).toMatchObject({ server: dns.address, ttl: 300, malformed: 0, error: null, cancelled: false });
    expect(document.https?.records.map((record) => [record.mode, record.target, record.alpn, record.port, record.ipv4hint, record.ech])).toEqual([
      ['alias', 'alias.eyeball.test', [], null, [], false],
      ['service', '.', ['h2', 'http/1.1'], 8443, ['127.0.0.1'], true],
    ]);
    expect(document.https?.chain.map((hop) => [hop.name, hop.server, hop.records, hop.error?.code, hop.cancelled])).toEqual([
      ['alias.eyeball.test', dns.address, [], 'ENOTFOUND', false],
    ]);
    expect(document.https?.chain[0]?.startedAt).toBeGreaterThanOrEqual(document.https?.endedAt ?? Infinity);
    // With AliasMode the ServiceMode record (its hint, its port 8443) is ignored: the host's own A answer, on
    // the port asked for, is what connected, once it came.
    expect(document.attempts.map((attempt) => [attempt.address, attempt.port, attempt.fromHint, attempt.service])).toEqual([
      ['127.0.0.1', port, false, null],
    ]);
    expect(document.dns.map((query) => [query.name, query.type, query.error?.code ?? null, query.cancelled])).toEqual([
      [null, 'AAAA', null, false],
      [null, 'A', null, false],
      ['alias.eyeball.test', 'AAAA', 'ENOTFOUND', false],
      ['alias.eyeball.test', 'A', 'ENOTFOUND', false],
    ]);
    const hostA = document.dns.find((query) => query.name === null && query.type === 'A');
    expect(hostA?.addresses).toEqual(['127.0.0.1']);
    expect(document.attempts[0]?.startedAt).toBeGreaterThanOrEqual(hostA?.endedAt ?? Infinity);
  });

  it('a record that sends the race to another name and port: the listener there wins, and the report says how', async () => {
    const listening = await loopback.listen('127.0.0.1');
    // The port asked for refuses: only the record's name and port can connect.
    const refused = await loopback.refusedPort();
    const dns = await loopback.dnsServer({
      // The host's own A comes late (it is the last group anyway: HEv3 §5.2) and is cancelled.
      'web.eyeball.test': {
        A: { addresses: ['127.0.0.1'], delayMs: 3000 },
        HTTPS: { ttl: 300, records: [{ priority: 1, target: 'backend.eyeball.test', params: { alpn: ['http/1.1'], port: listening } }] },
      },
      'backend.eyeball.test': { A: { addresses: ['127.0.0.1'], ttl: 30 } },
    });
    const args = ['web.eyeball.test', String(refused), '--dns-server', dns.address];
    const run = await runCli([...args, '-v'], WIDE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Connected to 127\\.0\\.0\\.1 port ${listening} \\(IPv4, #0\\)`, 'u'));
    expect(run.stdout).toContain(
      `The winning address came from the HTTPS records: service backend.eyeball.test, priority 1, on port ${listening} as the record says, not the ${refused} asked for.`,
    );
    expect(run.stdout).toMatch(new RegExp(`│ #0 IPv4 │ 127\\.0\\.0\\.1:${listening} +│[^\\n]*│ started: first +│`, 'u'));
    expect(run.stdout).toMatch(/│ +│ +│ +│ +│ service backend\.eyeball\.test, priority 1 +│/u);
    expect(run.stdout).toMatch(/│ A backend\.eyeball\.test +│[^\n]*│ 127\.0\.0\.1 +│ 30 s +│/u);
    expect(run.stdout).toMatch(/│ A +│[^\n]*│ cancelled: still pending when the connection was made +│/u);
    expect(run.stdout).toMatch(/\nA backend\.eyeball\.test +├─*┤/u);

    const document = json(await runCli([...args, '--json']));
    expect(document.winner).toMatchObject({ address: '127.0.0.1', port: listening });
    expect(document.attempts.map((attempt) => [attempt.address, attempt.port, attempt.service, attempt.outcome])).toEqual([
      ['127.0.0.1', listening, { target: 'backend.eyeball.test', priority: 1 }, 'connected'],
    ]);
    // (Whether an AAAA NODATA came before the connection is a matter of microseconds: not asserted.)
    expect(document.dns.map((query) => [query.name, query.type, query.addresses])).toEqual([
      [null, 'AAAA', []],
      [null, 'A', []],
      ['backend.eyeball.test', 'AAAA', []],
      ['backend.eyeball.test', 'A', ['127.0.0.1']],
    ]);
    expect(document.dns.filter((query) => query.type === 'A').map((query) => [query.name, query.cancelled])).toEqual([
      [null, true],
      ['backend.eyeball.test', false],
    ]);
    expect(document.https?.records.map((record) => [record.target, record.port])).toEqual([['backend.eyeball.test', listening]]);
    expect(document.https?.chain).toEqual([]);
  });

  it('an ipv4hint wins over A and AAAA answers that come seconds later; the report says where the address came from', async () => {
    const dns = await loopback.dnsServer({
      'slow.eyeball.test': {
        AAAA: { addresses: ['::1'], delayMs: 5000 },
        A: { addresses: ['127.0.0.1'], delayMs: 5000 },
        HTTPS: { records: [{ priority: 1, target: '.', params: { ipv4hint: ['127.0.0.1'] } }] },
      },
    });
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['slow.eyeball.test', String(port), '--dns-server', dns.address, '-v'], WIDE);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('address from HTTPS ipv4hint, before any A answer');
    expect(run.stdout).toMatch(/│ AAAA +│[^\n]*│ cancelled: still pending when the connection was made/u);
    expect(run.stdout).toMatch(/│ A +│[^\n]*│ cancelled: still pending when the connection was made/u);
    expect(run.stdout).toMatch(/│ HTTPS +│[^\n]*│ 1 record \(below\)/u);
    expect(dns.queries.map((query) => query.type).sort()).toEqual(['A', 'AAAA', 'UNKNOWN_65']);
  });

  it('--no-https: no HTTPS query (type 65) is sent, and the race is plain RFC 8305', async () => {
    const dns = await loopback.dnsServer(zone);
    const port = await loopback.listen('127.0.0.1');
    const document = json(await runCli(['svc.eyeball.test', String(port), '--dns-server', dns.address, '--no-https', '--json']));
    expect(dns.queries.map((query) => query.type).sort()).toEqual(['A', 'AAAA']);
    expect(document.settings.https).toBe(false);
    expect(document.https).toBeNull();
    // The attempt waited for the A answer (100 ms late).
    expect(document.attempts.map((attempt) => [attempt.address, attempt.fromHint])).toEqual([['127.0.0.1', false]]);
    expect(document.attempts[0]?.startedAt).toBeGreaterThanOrEqual(document.dns.find((query) => query.type === 'A')?.endedAt ?? Infinity);
  });

  it('an IP address with --dns-server: no DNS query at all, HTTPS included', async () => {
    const dns = await loopback.dnsServer(zone);
    const port = await loopback.listen('127.0.0.1');
    const document = json(await runCli(['127.0.0.1', String(port), '--dns-server', dns.address, '--json']));
    expect(document.https).toBeNull();
    expect(dns.queries).toEqual([]);
  });

  it('not asked with the system resolver', async () => {
    const port = await loopback.listen('127.0.0.1');
    const document = json(await runCli(['127.0.0.1', String(port), '--json']));
    expect(document.https).toBeNull();
  });
});

describe('NAT64 options', () => {
  it('a bad --nat64-prefix is exit 2, one line naming the flag', async () => {
    expectUsageError(
      await runCli(['--nat64-prefix', '64:ff9b::/97', '192.0.2.1', '80']),
      'Expected `--nat64-prefix` to be a NAT64 prefix (RFC 6052 allows only /32, /40, /48, /56, /64 and /96), got "64:ff9b::/97"',
    );
  });

  it('--nat64 on this host, which has an IPv4 route: no discovery query, no synthesis', async () => {
    const dns = await loopback.dnsServer({ 'v4.eyeball.test': { A: { addresses: ['127.0.0.1'] } } });
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['v4.eyeball.test', String(port), '--nat64', '--dns-server', dns.address, '--json']);
    expect(run.code).toBe(0);
    expect(dns.queries.map((query) => query.name)).not.toContain('ipv4only.arpa');
    const document = json(run);
    expect(document.settings.nat64).toEqual({ prefix: null });
    expect(document.nat64).toBeNull();
    expect(document.attempts.map((attempt) => [attempt.address, attempt.synthesizedFrom])).toEqual([['127.0.0.1', null]]);
  });
});

/**
 * Runs the CLI in a fresh network namespace whose routes are set up by `setup` (ip commands), with a TCP
 * listener on `listenOn` port 80 inside it: the listener's process starts the CLI once it listens.
 */
async function eyeballInNamespace(setup: readonly string[], listenOn: string, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  const script = [
    "const { createServer } = require('node:net');",
    "const { spawn } = require('node:child_process');",
    'const [bin, host, argsJson] = process.argv.slice(1);',
    'const server = createServer((socket) => socket.destroy());',
    'server.listen({ host, port: 80 }, () => {',
    "  const child = spawn(process.execPath, [bin, ...JSON.parse(argsJson)], { stdio: 'inherit' });",
    "  child.on('exit', (code) => { server.close(); process.exitCode = code ?? 1; });",
    '});',
  ].join('\n');
  const shell = `set -e\n${setup.map((line) => `ip ${line}`).join('\n')}\nexec "$0" -e "$1" "$2" "$3" "$4"`;
  try {
    const { stdout } = await execFileAsync(
      'unshare',
      ['--net', 'sh', '-c', shell, process.execPath, script, CLI_BIN, listenOn, JSON.stringify(args)],
      {
        env: { ...process.env, COLUMNS: '220', FORCE_COLOR: '0' },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '' };
  }
}

/** What both hosts have: loopback, and an interface whose far end answers nothing (a veth pair in the namespace). */
const LINK = [
  'link set lo up',
  'link add v0 type veth peer name v1',
  'link set v0 up',
  'link set v1 up',
  '-6 addr add fd00::2/64 dev v0 nodad',
  '-6 route add default via fd00::1',
];

describeLab('NAT64 in a network namespace', () => {
  it('a dual-stack host: --nat64-prefix 64:ff9b::/96 192.0.2.1 80 connects to 192.0.2.1 itself, as documented (no IPv4 route, no synthesis; here there is one)', async () => {
    const dualStack = [...LINK, 'addr add 192.0.2.2/24 dev v0', 'route add default via 192.0.2.254', 'addr add 192.0.2.1/32 dev lo'];
    const run = await eyeballInNamespace(dualStack, '192.0.2.1', ['--nat64-prefix', '64:ff9b::/96', '192.0.2.1', '80', '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as JsonDocument;
    expect(document.nat64).toMatchObject({ source: 'option', queriedAt: null, prefixes: ['64:ff9b::/96'], error: null });
    expect(document.attempts.map(({ address, family, synthesizedFrom, outcome }) => ({ address, family, synthesizedFrom, outcome }))).toEqual([
      { address: '192.0.2.1', family: 4, synthesizedFrom: null, outcome: 'connected' },
    ]);
  });

  it('an IPv6-only host: the same command reaches 192.0.2.1 through 64:ff9b::c000:201 and says so', async () => {
    const ipv6Only = [...LINK, '-6 addr add 64:ff9b::c000:201/128 dev lo nodad'];
    const run = await eyeballInNamespace(ipv6Only, '64:ff9b::c000:201', ['--nat64-prefix', '64:ff9b::/96', '192.0.2.1', '80', '--no-color', '-v']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nat64     prefix 64:ff9b::/96 (option)\n');
    expect(run.stdout).toContain('NAT64 of 192.0.2.1 via 64:ff9b::/96');
    expect(run.stdout).toContain('Connected to 64:ff9b::c000:201 (NAT64 of 192.0.2.1 via 64:ff9b::/96) (IPv6, #0)');
  });
});
