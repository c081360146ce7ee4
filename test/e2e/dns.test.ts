/**
 * The built CLI against the lab's DNS server: answers per family that come late, early, with an error
 * code or not at all, as RFC 8305 §3 (Resolution Delay) and the CLI's `--json` report them. Every
 * scenario runs with both resolvers: getaddrinfo reading the namespace's resolv.conf, and eyeball's DNS
 * client asking the server directly.
 */
import { describe, expect, it } from 'vitest';
import { attemptSummary, EARLY_MS, LATE_MS, queryFor, RESOLVER_NAMES, type ResolverName } from './lab/json-view.js';
import { LAB_DNS_IPV6, LabPlan } from './lab/plan.js';
import { describeLab } from './lab/prerequisites.js';
import { eyeballWith, useLab } from './lab/use-lab.js';

/** RFC 8305 §3 default Resolution Delay and §5 Connection Attempt Delay, the CLI's defaults. */
const RESOLUTION_DELAY_MS = 50;
const ATTEMPT_DELAY_MS = 250;

/**
 * The code of a failed query, as each resolver names it: c-ares (eyeball's DNS client) maps rcodes to
 * its own codes; getaddrinfo reports SERVFAIL as "try again" and NXDOMAIN as "no such name".
 */
const ERROR_CODES: Record<ResolverName, { servfail: string; nxdomain: string }> = {
  dns: { servfail: 'ESERVFAIL', nxdomain: 'ENOTFOUND' },
  system: { servfail: 'EAI_AGAIN', nxdomain: 'ENOTFOUND' },
};

const plan = new LabPlan();
const hosts = {
  aaaaLate: plan.host('aaaa-late', { AAAA: { roles: ['connects'], delayMs: 300 }, A: { roles: ['connects'] } }),
  aaaaLateV4Blackholed: plan.host('aaaa-late-v4-blackholed', { AAAA: { roles: ['connects'], delayMs: 150 }, A: { roles: ['blackhole'] } }),
  aaaaEarly: plan.host('aaaa-early', { AAAA: { roles: ['connects'], delayMs: 35 }, A: { roles: ['connects'] } }),
  aLate: plan.host('a-late', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'], delayMs: 400 } }),
  // getaddrinfo asks again after a SERVFAIL, so its error comes after two delays (40 ms): still inside the
  // Resolution Delay that the A answer started, for both resolvers, with room for a slow A answer.
  aaaaServfail: plan.host('aaaa-servfail', { AAAA: { rcode: 'SERVFAIL', delayMs: 20 }, A: { roles: ['connects'] } }),
  aServfail: plan.host('a-servfail', { AAAA: { roles: ['connects'], delayMs: 20 }, A: { rcode: 'SERVFAIL' } }),
  aaaaDropped: plan.host('aaaa-dropped', { AAAA: { drop: true }, A: { roles: ['connects'] } }),
  noData: plan.host('no-data', { AAAA: {}, A: {} }),
  viaIpv6Server: plan.host('via-ipv6-server', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }),
};
const nxdomain = plan.absent('nxdomain');

describeLab('eyeball in the lab: DNS', () => {
  const lab = useLab(plan);

  describe.each(RESOLVER_NAMES)('with the %s resolver', (resolver) => {
    const eyeball = eyeballWith(lab, resolver);

    it.concurrent('AAAA late (300 ms): the Resolution Delay runs out and IPv4 connects without it', async () => {
      const { aaaaLate: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      const a = queryFor(json, 'A');
      expect(a).toMatchObject({ addresses: host.A, error: null, cancelled: false });
      // Still outstanding when the connection was made.
      expect(queryFor(json, 'AAAA')).toMatchObject({ addresses: [], error: null, cancelled: true });
      expect(json.resolutionDelay).toMatchObject({ reason: 'elapsed' });
      expect(attemptSummary(json)).toEqual([{ address: host.A[0], outcome: 'connected', code: null, startReason: 'first' }]);
      const v4 = json.attempts[0]!;
      expect(v4.startedAt - a.endedAt).toBeGreaterThanOrEqual(RESOLUTION_DELAY_MS - EARLY_MS);
      expect(v4.startedAt - a.endedAt).toBeLessThan(RESOLUTION_DELAY_MS + LATE_MS);
    });

    it.concurrent('AAAA late (150 ms) while IPv4 is black-holed: IPv6 joins the race at the next timer and wins', async () => {
      const { aaaaLateV4Blackholed: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      expect(json.resolutionDelay).toMatchObject({ reason: 'elapsed' });
      expect(queryFor(json, 'AAAA')).toMatchObject({ addresses: host.AAAA, error: null, cancelled: false });
      expect(attemptSummary(json)).toEqual([
        { address: host.A[0], outcome: 'cancelled', code: null, startReason: 'first' },
        { address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'timer' },
      ]);
      const [v4, v6] = json.attempts;
      // The late answer does not move the timer: IPv6 starts one Connection Attempt Delay after IPv4.
      expect(v6!.startedAt - v4!.startedAt).toBeGreaterThanOrEqual(ATTEMPT_DELAY_MS - EARLY_MS);
      expect(v6!.startedAt - v4!.startedAt).toBeLessThan(ATTEMPT_DELAY_MS + LATE_MS);
      expect(v6!.startedAt).toBeGreaterThanOrEqual(queryFor(json, 'AAAA').endedAt);
    });

    it.concurrent('AAAA early (35 ms after A): the Resolution Delay ends with it and IPv6 goes first', async () => {
      const { aaaaEarly: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      const a = queryFor(json, 'A');
      const aaaa = queryFor(json, 'AAAA');
      // The delay starts with the A answer and ends with the AAAA answer, not by running out.
      expect(json.resolutionDelay).toMatchObject({ reason: 'aaaa-answer' });
      expect(json.resolutionDelay!.startedAt).toBeGreaterThanOrEqual(a.endedAt);
      expect(json.resolutionDelay!.endedAt).toBeGreaterThanOrEqual(aaaa.endedAt);
      expect(attemptSummary(json)).toEqual([{ address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'first' }]);
      expect(json.attempts[0]!.startedAt).toBeGreaterThanOrEqual(aaaa.endedAt);
    });

    it.concurrent('A late (400 ms) while IPv6 is black-holed: IPv4 starts the moment its answer arrives', async () => {
      const { aLate: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      const a = queryFor(json, 'A');
      expect(a).toMatchObject({ addresses: host.A, error: null });
      expect(attemptSummary(json)).toEqual([
        { address: host.AAAA[0], outcome: 'cancelled', code: null, startReason: 'first' },
        { address: host.A[0], outcome: 'connected', code: null, startReason: 'attempt-available' },
      ]);
      const [v6, v4] = json.attempts;
      expect(v4!.startedAt).toBeGreaterThanOrEqual(a.endedAt);
      expect(v4!.startedAt - a.endedAt).toBeLessThan(LATE_MS);
      expect(v4!.startedAt - v6!.startedAt).toBeGreaterThanOrEqual(400 - LATE_MS);
    });

    it.concurrent('NXDOMAIN: both queries fail, no attempt, exit 1', async () => {
      const { exitCode, json } = await eyeball(nxdomain);
      expect(exitCode).toBe(1);
      expect(json.ok).toBe(false);
      expect(json.error).toMatchObject({ reason: 'dns' });
      expect(json.attempts).toEqual([]);
      // Both queries were sent, AAAA first (RFC 8305 §3), and both failed.
      expect(json.dns.map((query) => query.type)).toEqual(['AAAA', 'A']);
      for (const type of ['AAAA', 'A'] as const) {
        expect(queryFor(json, type)).toMatchObject({ addresses: [], error: { code: ERROR_CODES[resolver].nxdomain } });
      }
    });

    it.concurrent('SERVFAIL for AAAA: a negative answer that ends the Resolution Delay early; IPv4 wins', async () => {
      const { aaaaServfail: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      expect(queryFor(json, 'AAAA')).toMatchObject({ addresses: [], error: { code: ERROR_CODES[resolver].servfail } });
      // The error ends the delay at once (reason `aaaa-negative`, not `elapsed`) and IPv4 starts right after.
      expect(json.resolutionDelay).toMatchObject({ reason: 'aaaa-negative' });
      expect(attemptSummary(json)).toEqual([{ address: host.A[0], outcome: 'connected', code: null, startReason: 'first' }]);
      expect(json.attempts[0]!.startedAt).toBeGreaterThanOrEqual(queryFor(json, 'AAAA').endedAt);
    });

    it.concurrent('SERVFAIL for A: IPv6 connects and the A error is reported', async () => {
      const { aServfail: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(0);
      expect(queryFor(json, 'A')).toMatchObject({ addresses: [], error: { code: ERROR_CODES[resolver].servfail } });
      expect(attemptSummary(json)).toEqual([{ address: host.AAAA[0], outcome: 'connected', code: null, startReason: 'first' }]);
    });

    it.concurrent('no AAAA answer at all: IPv4 connects after the Resolution Delay; the CLI exits as soon as it can', async () => {
      const { aaaaDropped: host } = hosts;
      const { exitCode, json, wallMs, stderr } = await eyeball(host);
      expect(exitCode).toBe(0);
      expect(json.resolutionDelay).toMatchObject({ reason: 'elapsed' });
      expect(queryFor(json, 'AAAA')).toMatchObject({ cancelled: true, error: null });
      expect(attemptSummary(json)).toEqual([{ address: host.A[0], outcome: 'connected', code: null, startReason: 'first' }]);
      // c-ares queries are cancelled, and the CLI's system lookups run in a process it kills when it ends:
      // nothing holds the process once the report is out (getaddrinfo would go on until glibc gives up).
      expect(wallMs).toBeLessThan(3000);
      expect(stderr).toBe('');
    });

    it.concurrent('the name exists without addresses (NODATA for both): exit 1 with a DNS error', async () => {
      const { noData: host } = hosts;
      const { exitCode, json } = await eyeball(host);
      expect(exitCode).toBe(1);
      expect(json.error).toMatchObject({ reason: 'dns' });
      expect(json.attempts).toEqual([]);
      for (const type of ['AAAA', 'A'] as const) expect(queryFor(json, type)).toMatchObject({ addresses: [], error: null });
    });
  });

  it('--dns-server takes an IPv6 server ([2001:db8::53]:53) and the query goes there', async () => {
    const { viaIpv6Server: host } = hosts;
    const { exitCode, json } = await lab().eyeball(host, ['--resolver', 'dns', '--dns-server', `[${LAB_DNS_IPV6}]:53`]);
    expect(exitCode).toBe(0);
    expect(json.settings).toMatchObject({ resolver: 'dns', dnsServer: `[${LAB_DNS_IPV6}]:53` });
    expect(json.winner?.address).toBe(host.AAAA[0]);
    // HTTPS (Happy Eyeballs v3, on by default with the dns resolver), AAAA and A for the race: all to the IPv6 server.
    const asked = lab()
      .queries()
      .filter((query) => query.name === host.name);
    expect(asked.map((query) => query.type).sort()).toEqual(['A', 'AAAA', 'UNKNOWN_65']);
    expect(new Set(asked.map((query) => query.server))).toEqual(new Set([LAB_DNS_IPV6]));
  });
});
