/**
 * Beyond RFC 8305, against a real kernel (issue 6): eyeball's library `connect()` and `queryHttpsRecords()`
 * run inside the lab namespace (the lab's `library` and `https-records` probes).
 * - TLS (Happy Eyeballs v3 §6.1): an attempt succeeds once its TLS handshake is done, against TLS servers
 *   with a certificate made at test time, a listener that accepts TCP and never speaks TLS, and refused
 *   certificates.
 * - HTTPS records (RFC 9460): served by the lab's DNS server, read back over IPv4 and IPv6; the CLI races
 *   with them (Happy Eyeballs v3): an ipv4hint wins over slow A/AAAA answers; `--no-https` asks none.
 * - NAT64 (RFC 8305 §7.1, RFC 6052, RFC 7050): the lab namespace has no route off its own loopback, so an
 *   IPv4 address that is not on it (and 192.0.0.170) is unreachable, while the IPv6 form of one under the
 *   lab's prefix is on loopback with a listener: only a client that synthesises reaches it.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events.js';
import { serviceRecord } from '../helpers/fake-network.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { EARLY_MS, LATE_MS } from './lab/json-view.js';
import type { Lab } from './lab/lab.js';
import { LAB_DNS_IPV4, LAB_DNS_IPV6, LAB_TLS_ALPN, type LabHost, LabPlan } from './lab/plan.js';
import type { LibraryOutcome, LibraryProbeOptions, ProbeResult } from './lab/probe.js';
import { describeLab } from './lab/prerequisites.js';
import { useLab } from './lab/use-lab.js';

/** RFC 8305 §5 default Connection Attempt Delay, which connect() uses unless told otherwise. */
const ATTEMPT_DELAY_MS = 250;
/** Every library run is bounded: a hang fails the test instead of the suite. */
const TIMEOUT_MS = 5000;
/** The lab's NAT64 prefix: inside 2001:db8::/32 (RFC 3849), so nothing leaves the documentation ranges. */
const LAB_NAT64_PREFIX = '2001:db8:64::/96';
/** RFC 6052 §2.1: the Well-Known Prefix. */
const WELL_KNOWN_PREFIX = '64:ff9b::/96';
/** RFC 7050 §2.2: the address whose reachability tells an IPv6-only host. */
const IPV4ONLY_ADDRESS = '192.0.0.170';
/** The test certificates: CN=localhost issued by CN=eyeball test CA, valid 30 days from their making. */
const LEAF_NAME = 'localhost';
const CA_NAME = 'eyeball test CA';
const LEAF_DAYS = 30;

/** An ECHConfigList as the record carries it (RFC 9848): a length, then one config of version 0xfe0d. */
const ECH_CONFIG_LIST = Uint8Array.from([0x00, 0x08, 0xfe, 0x0d, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04]);

const plan = new LabPlan();
const nat64Prefix = plan.nat64(LAB_NAT64_PREFIX);
const hosts = {
  tlsV6Blackhole: plan.host('tls-v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['tls'] } }),
  tlsV6Silent: plan.host('tls-v6-silent', { AAAA: { roles: ['silent'] }, A: { roles: ['tls'] } }),
  tlsV4: plan.host('tls-v4', { A: { roles: ['tls'] } }),
  svc: plan.host('svc', {
    A: { roles: ['tls'] },
    HTTPS: {
      ttl: 300,
      // Out of order on purpose: the client sorts by priority.
      records: [
        { priority: 2, target: 'svc-backup.lab.test', params: { alpn: ['h2', 'http/1.1'], port: 8443 } },
        {
          priority: 1,
          target: '.',
          params: { alpn: ['h2'], ipv4hint: ['192.0.2.1'], ech: ECH_CONFIG_LIST, ipv6hint: ['2001:db8::1'] },
        },
      ],
    },
  }),
  v4Only: plan.host('v4only', { A: { roles: ['nat64'] } }),
};
/** Slower than a whole CLI run should take with the hint: the race must not wait for these answers. */
const SLOW_ANSWER_MS = 4000;
/** The address an ipv4hint points at: a listener of its own (the name's real A answer is a slow other one). */
const hintTarget = plan.host('hint-target', { A: { roles: ['connects'] } });
const hintRecords = { records: [{ priority: 1, target: '.', params: { alpn: ['h2', 'http/1.1'], ipv4hint: [...hintTarget.A] } }] };
const hinted = {
  slow: plan.host('hinted-slow', {
    AAAA: { roles: ['connects'], delayMs: SLOW_ANSWER_MS },
    A: { roles: ['connects'], delayMs: SLOW_ANSWER_MS },
    HTTPS: hintRecords,
  }),
  plain: plan.host('hinted-plain', { A: { roles: ['connects'] }, HTTPS: hintRecords }),
};
const absent = plan.absent('no-such-name');

describeLab('beyond RFC 8305 in the lab: TLS, HTTPS records, NAT64', () => {
  const certificates = useTestCertificates();
  const lab = useLab(plan, () => ({ tls: certificates.leaf }));
  /** Trust the test CA; the lab's certificate is for `localhost`, so that is the name to send and check. */
  const trustedTls = () => ({ ca: certificates.ca.cert, servername: LEAF_NAME, alpn: LAB_TLS_ALPN });

  describe('TLS: an attempt succeeds once its handshake is done (HEv3 §6.1)', () => {
    it.concurrent('IPv6 black-holed, TLS over IPv4: IPv4 starts one Connection Attempt Delay later and its handshake wins', async () => {
      const { tlsV6Blackhole: host } = hosts;
      const run = await library(lab(), { host: host.name, port: host.port, tls: trustedTls() });
      expect(run.error).toBeNull();
      expect(run.socket).toEqual({ remoteAddress: host.A[0], remoteFamily: 'IPv4', alpnProtocol: 'h2', tlsVersion: 'TLSv1.3', authorized: true });
      const v4 = expectIpv4AtTimer(run.events, host);

      const [handshake, ...more] = eventsOf(run.events, 'tls-handshake');
      expect(more).toEqual([]);
      const validTo = new Date(Date.parse(new X509Certificate(certificates.leaf.cert).validTo)).toISOString();
      expect(handshake).toMatchObject({
        index: 1,
        address: host.A[0],
        family: 4,
        servername: LEAF_NAME,
        protocol: 'TLSv1.3',
        alpn: 'h2',
        // Made seconds ago for 30 days: 29 whole days and some hours left.
        certificate: { subject: LEAF_NAME, issuer: CA_NAME, validTo, daysToExpiry: LEAF_DAYS - 1 },
        authorized: true,
        authorizationError: null,
        error: null,
      });
      expect(handshake!.handshakeMs).toBeGreaterThan(0);
      expect(handshake!.handshakeMs).toBeLessThan(LATE_MS);
      // The handshake ends after the attempt started and before the race is won.
      const [connected] = eventsOf(run.events, 'connected');
      expect(connected).toMatchObject({ index: 1, address: host.A[0] });
      expect(handshake!.at).toBeGreaterThanOrEqual(v4.at);
      expect(handshake!.at).toBeLessThanOrEqual(connected!.at);
      expect(eventsOf(run.events, 'attempt-cancelled')).toMatchObject([{ index: 0, address: host.AAAA[0], reason: 'lost' }]);
    });

    it.concurrent('a listener that accepts TCP on IPv6 and never speaks TLS: plain TCP picks it at once', async () => {
      // The contrast for the next test: TCP alone cannot tell the mute listener from a server.
      const { tlsV6Silent: host } = hosts;
      const [socket, run] = await Promise.all([
        lab().probe({ kind: 'socket', address: host.AAAA[0]!, port: host.port, timeoutMs: TIMEOUT_MS }),
        library(lab(), { host: host.name, port: host.port }),
      ]);
      expect(socket).toMatchObject({ outcome: 'connected', address: host.AAAA[0] });
      expect(run.error).toBeNull();
      expect(run.socket?.remoteAddress).toBe(host.AAAA[0]);
      expect(eventsOf(run.events, 'attempt-started').map(({ address }) => address)).toEqual([host.AAAA[0]]);
      expect(run.ms).toBeLessThan(ATTEMPT_DELAY_MS);
    });

    it.concurrent('...with TLS, that IPv6 attempt loses to the real TLS server on IPv4, which starts at the timer', async () => {
      const { tlsV6Silent: host } = hosts;
      const run = await library(lab(), { host: host.name, port: host.port, tls: trustedTls() });
      expect(run.error).toBeNull();
      expect(run.socket).toMatchObject({ remoteAddress: host.A[0], alpnProtocol: 'h2', authorized: true });
      expectIpv4AtTimer(run.events, host);
      // The IPv6 attempt never failed (TCP was up, the handshake just never ended): it was cancelled by the winner.
      expect(eventsOf(run.events, 'attempt-failed')).toEqual([]);
      expect(eventsOf(run.events, 'tls-handshake').map(({ index, address, error }) => ({ index, address, error }))).toEqual([
        { index: 1, address: host.A[0], error: null },
      ]);
      expect(eventsOf(run.events, 'attempt-cancelled')).toMatchObject([{ index: 0, address: host.AAAA[0], reason: 'lost' }]);
      expect(eventsOf(run.events, 'connected')).toMatchObject([{ index: 1, address: host.A[0] }]);
    });

    it.concurrent.each([
      {
        why: 'a certificate for another name',
        tls: () => ({ ca: certificates.ca.cert }),
        // SNI and the name checked: the host itself.
        servername: hosts.tlsV4.name,
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        words: 'the certificate is not for this host name',
        authorizationDetail: `${hosts.tlsV4.name}. is not in the cert's altnames: DNS:${LEAF_NAME}`,
      },
      {
        why: 'a certificate from an unknown CA',
        tls: () => ({ servername: LEAF_NAME }),
        servername: LEAF_NAME,
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        words: 'the certificate was issued by an unknown authority',
        authorizationDetail: 'the certificate was issued by an unknown authority',
      },
    ])('$why is refused, the reason in words, and the certificate still described', async ({ tls, servername, code, words, authorizationDetail }) => {
      const { tlsV4: host } = hosts;
      const run = await library(lab(), { host: host.name, port: host.port, tls: tls() });
      expect(run.socket).toBeNull();
      expect(run.error).toMatchObject({ name: 'ConnectionFailedError', code: 'EYEBALL_CONNECT_FAILED' });
      expect(run.error?.message).toContain(`${host.A[0]}:${host.port}`);
      expect(run.error?.message).toContain(words);
      expect(run.error?.message).toContain(`(${code})`);
      const [handshake, ...more] = eventsOf(run.events, 'tls-handshake');
      expect(more).toEqual([]);
      expect(handshake).toMatchObject({
        index: 0,
        address: host.A[0],
        servername,
        protocol: 'TLSv1.3',
        certificate: { subject: LEAF_NAME, issuer: CA_NAME },
        authorized: false,
        authorizationError: { code },
        error: { code },
      });
      expect(handshake!.authorizationError?.message).toContain(authorizationDetail);
      expect(eventsOf(run.events, 'attempt-failed')).toMatchObject([{ index: 0, address: host.A[0], error: { code } }]);
    });
  });

  describe('HTTPS records (RFC 9460) from the lab DNS server', () => {
    it.concurrent.each([
      ['IPv4', LAB_DNS_IPV4],
      ['IPv6', LAB_DNS_IPV6],
    ])('queryHttpsRecords over %s (%s) decodes the records, by priority', async (_family, server) => {
      const { svc: host } = hosts;
      const result = await httpsRecords(lab(), host.name, server);
      expect(result.error).toBeNull();
      expect(result.answer).toEqual({
        records: [
          serviceRecord({ priority: 1, target: '.', alpn: ['h2'], ipv4hint: ['192.0.2.1'], ipv6hint: ['2001:db8::1'], ech: true }),
          serviceRecord({ priority: 2, target: 'svc-backup.lab.test', alpn: ['h2', 'http/1.1'], port: 8443 }),
        ],
        ttl: 300,
        malformed: 0,
      });
      // The lab's server was asked for type 65, which dns-packet names UNKNOWN_65.
      expect(lab().queries()).toContainEqual({ server, name: host.name, type: 'UNKNOWN_65' });
    });

    it.concurrent('a name without HTTPS records: NODATA, no records and no TTL', async () => {
      const result = await httpsRecords(lab(), hosts.tlsV4.name, LAB_DNS_IPV4);
      expect(result).toMatchObject({ answer: { records: [], ttl: null, malformed: 0 }, error: null });
    });

    it.concurrent('a name that does not exist: HttpsQueryError ENOTFOUND', async () => {
      const result = await httpsRecords(lab(), absent, LAB_DNS_IPV4);
      expect(result.answer).toBeNull();
      expect(result.error).toMatchObject({ name: 'HttpsQueryError', code: 'ENOTFOUND' });
      expect(result.error?.message).toContain(absent);
    });
  });

  describe('the CLI races with HTTPS records (Happy Eyeballs v3) with --resolver dns', () => {
    it.concurrent('an ipv4hint connects before the slow A/AAAA answers; those queries are cancelled', async () => {
      const host = hinted.slow;
      const run = await lab().eyeball(host, ['--dns-server', LAB_DNS_IPV4]);
      expect(run.exitCode).toBe(0);
      const { json } = run;
      expect(json.settings.https).toBe(true);
      expect(json.winner?.address).toBe(hintTarget.A[0]);
      expect(json.attempts.map((attempt) => [attempt.address, attempt.outcome, attempt.fromHint])).toEqual([[hintTarget.A[0], 'connected', true]]);
      expect(json.https).toMatchObject({ server: `${LAB_DNS_IPV4}:53`, error: null, cancelled: false, records: [{ ipv4hint: [hintTarget.A[0]] }] });
      // The hint stood in for A; the Resolution Delay gave AAAA 50 ms, then the hint went, long before the answers.
      expect(json.resolutionDelay).toMatchObject({ reason: 'elapsed' });
      expect(json.dns.map((query) => [query.type, query.cancelled, query.addresses])).toEqual([
        ['AAAA', true, []],
        ['A', true, []],
      ]);
      expect(json.elapsed).toBeLessThan(SLOW_ANSWER_MS);
      expect(run.wallMs).toBeLessThan(SLOW_ANSWER_MS);
      const asked = lab()
        .queries()
        .filter((query) => query.name === host.name);
      expect(asked.map((query) => query.type).sort()).toEqual(['A', 'AAAA', 'UNKNOWN_65']);
    });

    it.concurrent('--no-https: no HTTPS query (type 65) at all, plain RFC 8305: the A answer is tried, not the hint', async () => {
      const host = hinted.plain;
      const run = await lab().eyeball(host, ['--dns-server', LAB_DNS_IPV4, '--no-https']);
      expect(run.exitCode).toBe(0);
      expect(run.json.settings.https).toBe(false);
      expect(run.json.https).toBeNull();
      expect(run.json.attempts.map((attempt) => [attempt.address, attempt.fromHint])).toEqual([[host.A[0], false]]);
      const asked = lab()
        .queries()
        .filter((query) => query.name === host.name);
      expect(asked.map((query) => query.type).sort()).toEqual(['A', 'AAAA']);
    });
  });

  describe('NAT64 in a namespace with no IPv4 route off its loopback', () => {
    const v4Only = hosts.v4Only;
    const ipv4 = v4Only.A[0]!;
    const synthesized = embed96(LAB_NAT64_PREFIX, ipv4);

    it.concurrent('the setting: no route to 192.0.0.170 nor to the A answer; its IPv6 form under the prefix connects', async () => {
      const socket = (address: string) => lab().probe({ kind: 'socket', address, port: v4Only.port, timeoutMs: TIMEOUT_MS });
      const [probeAddress, target, viaNat64] = await Promise.all([socket(IPV4ONLY_ADDRESS), socket(ipv4), socket(synthesized)]);
      expect(probeAddress).toMatchObject({ outcome: 'error', code: 'ENETUNREACH' });
      expect(target).toMatchObject({ outcome: 'error', code: 'ENETUNREACH' });
      expect(viaNat64).toMatchObject({ outcome: 'connected', address: synthesized });
      expect(nat64Prefix).toBe(LAB_NAT64_PREFIX);
    });

    it.concurrent('without nat64, the IPv4-only name fails: ENETUNREACH, and no RFC 7050 query', async () => {
      const run = await library(lab(), { host: v4Only.name, port: v4Only.port, resolver: 'dns', dnsServers: [LAB_DNS_IPV4] });
      expect(run.error).toMatchObject({ name: 'ConnectionFailedError' });
      expect(eventsOf(run.events, 'attempt-failed')).toMatchObject([{ address: ipv4, family: 4, error: { code: 'ENETUNREACH' } }]);
      expect(eventsOf(run.events, 'nat64-query')).toEqual([]);
    });

    it.concurrent.each([
      { resolver: 'system', options: {} },
      { resolver: 'dns', options: { dnsServers: [LAB_DNS_IPV4] } },
    ] as const)(
      'nat64: true with the $resolver resolver discovers the prefix from ipv4only.arpa and connects to the synthesised address',
      async ({ resolver, options }) => {
        const run = await library(lab(), { host: v4Only.name, port: v4Only.port, resolver, ...options, nat64: true });
        expect(run.error).toBeNull();
        expect(run.socket).toMatchObject({ remoteAddress: synthesized, remoteFamily: 'IPv6' });
        expect(eventsOf(run.events, 'nat64-query')).toMatchObject([{ resolver }]);
        expect(eventsOf(run.events, 'nat64-prefix')).toMatchObject([{ source: 'rfc7050', prefixes: [LAB_NAT64_PREFIX], error: null }]);
        const origin = { address: ipv4, prefix: LAB_NAT64_PREFIX };
        expect(eventsOf(run.events, 'attempt-started')).toMatchObject([{ address: synthesized, family: 6, synthesizedFrom: origin }]);
        expect(eventsOf(run.events, 'connected')).toMatchObject([{ address: synthesized, family: 6, synthesizedFrom: origin }]);
        // The discovery query went to the lab's server (directly, or through getaddrinfo and resolv.conf).
        expect(lab().queries()).toContainEqual({ server: LAB_DNS_IPV4, name: 'ipv4only.arpa', type: 'AAAA' });
      },
    );

    it.concurrent('an IPv4 literal with nat64 { prefix }: no discovery, the synthesised address connects', async () => {
      const run = await library(lab(), { host: ipv4, port: v4Only.port, nat64: { prefix: LAB_NAT64_PREFIX } });
      expect(run.error).toBeNull();
      expect(run.socket).toMatchObject({ remoteAddress: synthesized, remoteFamily: 'IPv6' });
      expect(eventsOf(run.events, 'nat64-query')).toEqual([]);
      expect(eventsOf(run.events, 'nat64-prefix')).toMatchObject([{ source: 'option', prefixes: [LAB_NAT64_PREFIX], error: null }]);
      expect(eventsOf(run.events, 'attempt-started')).toMatchObject([
        { address: synthesized, family: 6, synthesizedFrom: { address: ipv4, prefix: LAB_NAT64_PREFIX } },
      ]);
    });

    it.concurrent('a private IPv4 literal under the Well-Known Prefix: Nat64SynthesisError, and no attempt at all', async () => {
      const forbidden = '10.0.0.1';
      const run = await library(lab(), { host: forbidden, port: v4Only.port, nat64: { prefix: WELL_KNOWN_PREFIX } });
      expect(run.socket).toBeNull();
      expect(run.error).toMatchObject({ name: 'Nat64SynthesisError', code: 'EYEBALL_NAT64_FORBIDDEN' });
      expect(run.error?.message).toContain(`No NAT64 address for ${forbidden} under ${WELL_KNOWN_PREFIX}`);
      expect(run.error?.message).toContain('10.0.0.0/8, RFC 1918');
      expect(run.events.filter((event) => event.type.startsWith('attempt-'))).toEqual([]);
    });
  });
});

/** Runs eyeball's `connect()` in the lab (bounded by TIMEOUT_MS) and returns what it said. */
async function library(lab: Lab, options: LibraryProbeOptions): Promise<LibraryOutcome & { ms: number }> {
  const result = await lab.probe({ kind: 'library', options: { timeout: TIMEOUT_MS, ...options } });
  return expectOutcome(result, 'library');
}

/** Runs `queryHttpsRecords()` in the lab. */
async function httpsRecords(lab: Lab, name: string, server: string): Promise<Extract<ProbeResult, { outcome: 'https-records' }>> {
  return expectOutcome(await lab.probe({ kind: 'https-records', name, server, timeoutMs: TIMEOUT_MS }), 'https-records');
}

function expectOutcome<O extends ProbeResult['outcome']>(result: ProbeResult, outcome: O): Extract<ProbeResult, { outcome: O }> {
  if (result.outcome !== outcome) throw new Error(`expected a ${outcome} probe result, got ${JSON.stringify(result)}`);
  return result as Extract<ProbeResult, { outcome: O }>;
}

/**
 * The first two attempts are the IPv6 address (first) and the IPv4 one (at the timer, one Connection
 * Attempt Delay later); returns the IPv4 attempt's start. The delay runs from when the engine started the
 * IPv6 attempt, which is when the attempt was scheduled for minus the delay; `attempt-started` is when its
 * connect left, after the attempt's own set-up (a TLS context), so it may come a little later.
 */
function expectIpv4AtTimer(events: readonly TraceEvent[], host: LabHost): Extract<TraceEvent, { type: 'attempt-started' }> {
  const started = eventsOf(events, 'attempt-started');
  expect(started.map(({ address, reason }) => ({ address, reason }))).toEqual([
    { address: host.AAAA[0], reason: 'first' },
    { address: host.A[0], reason: 'timer' },
  ]);
  const [v6, v4] = started as [(typeof started)[number], (typeof started)[number]];
  const scheduled = eventsOf(events, 'attempt-scheduled').find((event) => event.index === v4.index);
  expect(scheduled).toMatchObject({ reason: 'timer' });
  const launchedV6At = scheduled!.dueAt - ATTEMPT_DELAY_MS;
  expect(launchedV6At).toBeLessThanOrEqual(v6.at);
  expect(v6.at - launchedV6At).toBeLessThan(LATE_MS);
  expect(v4.at).toBeGreaterThanOrEqual(scheduled!.dueAt - EARLY_MS);
  expect(v4.at - scheduled!.dueAt).toBeLessThan(LATE_MS);
  return v4;
}

function eventsOf<T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T): Array<Extract<TraceEvent, { type: T }>> {
  return events.filter((event): event is Extract<TraceEvent, { type: T }> => event.type === type);
}

/**
 * RFC 6052 §2.2 for a /96 prefix, written out independently of the library: the IPv4 address is the last
 * 32 bits. (The lab puts the library's synthesis on loopback; this checks it.)
 */
function embed96(prefix: string, ipv4: string): string {
  const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
  const hex = (high: number, low: number): string => ((high << 8) | low).toString(16);
  return `${prefix.replace(/::\/96$/, '::')}${hex(a, b)}:${hex(c, d)}`;
}
