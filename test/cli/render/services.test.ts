/**
 * Races steered by HTTPS records that lead elsewhere (Happy Eyeballs v3 -04 §5.2, RFC 9460 §2.4.2): the
 * timeline keeps the queries of each name apart, and the report, the waterfall, the event lines and
 * `--json` say which name each query asked, the AliasMode chain, and which service and port each attempt
 * went to.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/cli/report.js';
import { describeTraceEvent } from '../../../src/cli/render/event-line.js';
import { renderHuman } from '../../../src/cli/render/human.js';
import { toJsonDocument } from '../../../src/cli/render/json.js';
import { buildTimeline } from '../../../src/cli/render/timeline.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { serviceRecord } from '../../helpers/fake-network.js';
import { section } from './report-section.js';
import { aliasChain, aliasNxdomain, targetNameWon, twoServiceGroups } from './service-fixtures.js';

const plain = (report: RunReport, width = 200): string => renderHuman(report, { color: false, verbose: true, width });
/** The report's lines with the table borders and padding taken out: `#1 | 192.0.2.43:8443 | IPv4 | ...`. */
const cells = (text: string): string[] =>
  text.split('\n').map((line) =>
    line
      .replace(/[│┌┐└┘├┤┬┴┼─]+/gu, '|')
      .replace(/ *\| */gu, '|')
      .replace(/^\||\|$/gu, ''),
  );

describe('a TargetName on another port wins (targetNameWon)', () => {
  const report = targetNameWon();

  it('the timeline keeps the host and backend.example apart, each query ended by its own answer', () => {
    const queries = buildTimeline(report).queries.map((query) => [query.name, query.recordType, query.state, query.endedAt, query.addresses]);
    expect(queries).toEqual([
      [null, 'AAAA', 'answered', 9, ['2001:db8::10']],
      [null, 'A', 'answered', 9.2, ['192.0.2.10']],
      ['backend.example', 'AAAA', 'answered', 10.4, ['2001:db8::443']],
      ['backend.example', 'A', 'answered', 10.6, ['192.0.2.43']],
    ]);
  });

  it('the DNS table and the waterfall name the other name', () => {
    const output = plain(report);
    expect(cells(section(output, 'DNS'))).toEqual(
      expect.arrayContaining([
        'AAAA|0.1 ms|9 ms|8.9 ms|2001:db8::10|300 s',
        'AAAA backend.example|3.1 ms|10.4 ms|7.3 ms|2001:db8::443|60 s',
        'A backend.example|3.1 ms|10.6 ms|7.4 ms|192.0.2.43|60 s',
      ]),
    );
    const labels = section(output, 'Waterfall')
      .split('\n')
      .map((line) => line.split(/ {2,}/u)[0]);
    expect(labels.slice(1, 6)).toEqual(['HTTPS', 'AAAA', 'A', 'AAAA backend.example', 'A backend.example']);
  });

  it('attempts show the port of the record and the service; the verdict says where the winner came from', () => {
    const output = plain(report);
    const attempts = cells(section(output, 'Attempts'));
    expect(attempts).toContain('#0 IPv6|[2001:db8::443]:8443|10.8 ms|20.1 ms|started: first');
    expect(attempts).toContain('#1 IPv4|192.0.2.43:8443|30.9 ms|20.4 ms|started: #0 failed');
    expect(attempts.filter((line) => line.endsWith('|service backend.example, priority 1'))).toHaveLength(2);
    const verdict = section(output, 'Verdict').replace(/\n +/gu, ' ');
    expect(verdict).toContain('Connected to 192.0.2.43 port 8443 (IPv4, #1)');
    expect(verdict).toContain(
      '- The winning address came from the HTTPS records: service backend.example, priority 1, on port 8443 as the record says, not the 443 asked for.',
    );
    expect(verdict).toContain('- IPv6 ([2001:db8::443]:8443, service backend.example, priority 1, #0) failed after 20.1 ms: refused (ECONNREFUSED)');
  });

  it('--json: each query with its name (null for the host), each attempt with its service and port', () => {
    const document = toJsonDocument(report);
    expect(document.dns.map((query) => [query.name, query.type])).toEqual([
      [null, 'AAAA'],
      [null, 'A'],
      ['backend.example', 'AAAA'],
      ['backend.example', 'A'],
    ]);
    expect(document.attempts.map((attempt) => [attempt.address, attempt.port, attempt.service, attempt.outcome])).toEqual([
      ['2001:db8::443', 8443, { target: 'backend.example', priority: 1 }, 'failed'],
      ['192.0.2.43', 8443, { target: 'backend.example', priority: 1 }, 'connected'],
    ]);
    expect(document.https?.chain).toEqual([]);
  });

  it('event lines: the name of each query, and the port and service of each endpoint', () => {
    const lines = report.events.map((event) => describeTraceEvent(event, 443)).filter((line) => line !== null);
    expect(lines).toEqual(
      expect.arrayContaining([
        'AAAA backend.example query sent (dns resolver)',
        'A backend.example answered: 192.0.2.43 (TTL 60 s)',
        'AAAA answered: 2001:db8::10 (TTL 300 s)',
        'order: [2001:db8::443]:8443, 192.0.2.43:8443, 2001:db8::10, 192.0.2.10',
        '#1 192.0.2.43:8443 (IPv4, service backend.example, priority 1) started (the previous attempt failed)',
        'connected to 192.0.2.43:8443 (IPv4, service backend.example, priority 1)',
      ]),
    );
    // Without the target port, the address alone.
    const connected = report.events.find((event) => event.type === 'connected');
    expect(connected && describeTraceEvent(connected)).toBe('connected to 192.0.2.43 (IPv4, service backend.example, priority 1)');
  });
});

describe('an AliasMode chain (aliasChain)', () => {
  const report = aliasChain();

  it('the timeline keeps the host query and puts the follow-ups in a chain, not over it', () => {
    const https = buildTimeline(report).https;
    expect([https?.state, https?.endedAt, https?.records.map((record) => record.target)]).toEqual(['answered', 2.5, ['cdn.example']]);
    expect(https?.chain.map((hop) => [hop.name, hop.state, hop.startedAt, hop.endedAt, hop.records.length, hop.ttl])).toEqual([
      ['cdn.example', 'answered', 2.6, 5.1, 1, 600],
      ['edge.example', 'answered', 5.2, 8.3, 2, 60],
    ]);
  });

  it('the HTTPS section: the chain, then the records of each name, the end of the chain last', () => {
    const https = section(plain(report), 'HTTPS records');
    expect(https).toContain('AliasMode chain: svc.example → cdn.example (1 record after 2.5 ms) → edge.example (2 records after 3.1 ms).');
    expect(https).toContain('the ServiceMode records beside it are ignored (RFC 9460 §2.4.2)');
    const headings = https.split('\n').filter((line) => /^[a-z.]+:$/u.test(line));
    expect(headings).toEqual(['svc.example:', 'cdn.example:', 'edge.example:']);
    const edge = cells(https.slice(https.indexOf('edge.example:')));
    expect(edge).toContain('1|. (this name)|h2|8443|2001:db8::e1|no');
    expect(edge).toContain('2|. (this name)|h2||192.0.2.225|no');
  });

  it('DNS table and waterfall: a row per follow-up, after the host query', () => {
    const output = plain(report);
    const dns = cells(section(output, 'DNS'));
    expect(dns.filter((line) => line.startsWith('HTTPS'))).toEqual([
      'HTTPS|0.1 ms|2.5 ms|2.5 ms|1 record (below)|3600 s',
      'HTTPS cdn.example|2.6 ms|5.1 ms|2.5 ms|1 record (below)|600 s',
      'HTTPS edge.example|5.2 ms|8.3 ms|3.1 ms|2 records (below)|60 s',
    ]);
    expect(dns).toContain('AAAA edge.example|8.4 ms|20.3 ms|11.9 ms|cancelled: still pending when the connection was made|');
    expect(section(output, 'Waterfall')).toMatch(/\nHTTPS cdn\.example +├─+┤\nHTTPS edge\.example +├─+┤\n/u);
  });

  it('the hint of the chain end on its port won, and the report says so with the hint marker', () => {
    const output = plain(report);
    const attempts = cells(section(output, 'Attempts'));
    expect(attempts).toContain('#0 IPv6|[2001:db8::e1]:8443|8.6 ms|11.6 ms|started: first');
    const outcome = attempts.map((line) => line.replace(/^\|+/u, ''));
    expect(outcome).toEqual(
      expect.arrayContaining(['service edge.example, priority 1', 'address from HTTPS ipv6hint, before any AAAA answer', 'connected']),
    );
    expect(section(output, 'Verdict')).toContain('The winning address came from the HTTPS records: service edge.example, priority 1, on port 8443');
  });

  it('--json: https.chain with each follow-up, the attempt with its service and fromHint', () => {
    const document = toJsonDocument(report);
    expect(document.https?.records.map((record) => [record.mode, record.target])).toEqual([['alias', 'cdn.example']]);
    expect(document.https?.chain.map((hop) => [hop.name, hop.server, hop.startedAt, hop.endedAt, hop.ttl, hop.error, hop.cancelled])).toEqual([
      ['cdn.example', '192.0.2.53', 2.6, 5.1, 600, null, false],
      ['edge.example', '192.0.2.53', 5.2, 8.3, 60, null, false],
    ]);
    expect(document.https?.chain[1]?.records.map((record) => [record.priority, record.port, record.ipv6hint])).toEqual([
      [1, 8443, ['2001:db8::e1']],
      [2, null, []],
    ]);
    expect(document.attempts.map((attempt) => [attempt.port, attempt.service, attempt.fromHint])).toEqual([
      [8443, { target: 'edge.example', priority: 1 }, true],
    ]);
    expect(document.dns.filter((query) => query.name === 'edge.example').map((query) => [query.type, query.cancelled])).toEqual([
      ['AAAA', true],
      ['A', true],
    ]);
  });

  it('event lines: the follow-up queries and where each AliasMode answer points', () => {
    const lines = report.events.map((event) => describeTraceEvent(event, 443));
    expect(lines).toEqual(
      expect.arrayContaining([
        'HTTPS answered: 1 record(s), AliasMode to cdn.example',
        'HTTPS cdn.example query sent (AliasMode follow-up, dns resolver, 192.0.2.53)',
        'HTTPS cdn.example answered: 1 record(s), AliasMode to edge.example',
        'HTTPS edge.example answered: 2 record(s)',
        '#0 [2001:db8::e1]:8443 (IPv6, service edge.example, priority 1, from HTTPS ipv6hint) started',
      ]),
    );
  });
});

describe('an AliasMode target that does not exist (aliasNxdomain)', () => {
  const report = aliasNxdomain();

  it('the follow-up failed in its own row: the host answer stays answered with its records', () => {
    const https = buildTimeline(report).https;
    expect([https?.state, https?.error, https?.records.length]).toEqual(['answered', null, 2]);
    expect(https?.chain.map((hop) => [hop.name, hop.state, hop.error?.code])).toEqual([['alias.example', 'failed', 'ENOTFOUND']]);
  });

  it('the chain in words, its NXDOMAIN, and the A/AAAA of the alias target in their own rows', () => {
    const output = plain(report);
    expect(section(output, 'HTTPS records').replace(/\n/gu, ' ')).toContain(
      "AliasMode chain: svc.example → alias.example (no such name (NXDOMAIN, ENOTFOUND)). No ServiceMode records at its end, so the A/AAAA of alias.example were asked and tried on the port asked for, before the host's own (RFC 9460 §3).",
    );
    const dns = cells(section(output, 'DNS'));
    expect(dns).toContain('HTTPS alias.example|4.6 ms|6.2 ms|1.6 ms|no such name (NXDOMAIN, ENOTFOUND)|');
    expect(dns).toContain('A alias.example|6.3 ms|8 ms|1.7 ms|no such name (NXDOMAIN, ENOTFOUND)|');
    // The host's A, answered at 100.4 ms, is not mixed up with the alias target's.
    expect(dns).toContain('A|0.1 ms|100.4 ms|100.3 ms|192.0.2.10|60 s');
    const verdict = section(output, 'Verdict').replace(/\n +/gu, ' ');
    expect(verdict).toContain(
      '- The HTTPS records of svc.example sent eyeball on by AliasMode to alias.example, whose HTTPS query failed: no such name (NXDOMAIN, ENOTFOUND); no service was used, only addresses (RFC 9460 §3).',
    );
    expect(verdict).toContain('- The A query for alias.example failed after 1.7 ms: no such name (NXDOMAIN, ENOTFOUND).');
    expect(verdict).not.toContain('The winning address came from the HTTPS records');
  });

  it('--json: the follow-up with its error in https.chain; the host attempt has no service', () => {
    const document = toJsonDocument(report);
    expect(document.https).toMatchObject({ ttl: 300, error: null, cancelled: false });
    expect(document.https?.chain).toEqual([
      {
        name: 'alias.example',
        server: '192.0.2.53',
        startedAt: 4.6,
        endedAt: 6.2,
        records: [],
        ttl: null,
        malformed: 0,
        error: { code: 'ENOTFOUND', message: 'HTTPS query for alias.example failed: no such name (NXDOMAIN, ENOTFOUND)' },
        cancelled: false,
      },
    ]);
    expect(document.attempts.map((attempt) => [attempt.address, attempt.port, attempt.service])).toEqual([['192.0.2.10', 443, null]]);
  });

  it('a chain that loops: the error stays on the answered query, and the report says the chain stopped there', () => {
    const loop = {
      code: 'EYEBALL_SVCB_ALIAS_CHAIN',
      message: 'HTTPS query for svc.example failed: its AliasMode chain loops back to svc.example',
    };
    // alias.example answered (an AliasMode record back to svc.example) before the loop was found.
    const back = serviceRecord({ mode: 'alias', priority: 0, target: 'svc.example' });
    const events = report.events.flatMap((event): TraceEvent[] =>
      event.type === 'https-error'
        ? [
            { type: 'https-answer', at: event.at, records: [back], ttl: 60, malformed: 0, name: 'alias.example' },
            { type: 'https-error', at: event.at, error: loop, name: 'alias.example' },
          ]
        : [event],
    );
    const looped: RunReport = { ...report, events };
    const timeline = buildTimeline(looped);
    expect(timeline.https?.chain.map((hop) => [hop.state, hop.error?.code])).toEqual([['answered', 'EYEBALL_SVCB_ALIAS_CHAIN']]);
    const output = plain(looped).replace(/\n +/gu, ' ').replace(/\n/gu, ' ');
    expect(output).toContain(
      'The chain stopped there: HTTPS query for svc.example failed: its AliasMode chain loops back to svc.example (EYEBALL_SVCB_ALIAS_CHAIN).',
    );
    expect(output).toContain('but the chain stopped at alias.example');
  });
});

describe('two service groups by priority (twoServiceGroups)', () => {
  const report = twoServiceGroups();

  it('every endpoint of priority 1 went before priority 2, each attempt with its service and port', () => {
    const output = plain(report);
    const attempts = cells(section(output, 'Attempts'));
    const rows = attempts.filter((line) => /^#\d/u.test(line)).map((line) => line.split('|').slice(0, 2).join(' '));
    expect(rows).toEqual(['#0 IPv6 [2001:db8::a]:8443', '#1 IPv4 192.0.2.1:8443', '#2 IPv6 2001:db8::b']);
    const services = attempts.filter((line) => line.includes('service ')).map((line) => line.replace(/^\|+/u, ''));
    expect(services).toEqual(['service a.example, priority 1', 'service a.example, priority 1', 'service b.example, priority 2']);
    const verdict = section(output, 'Verdict').replace(/\n +/gu, ' ');
    // b.example's record has no port: the winner is on the port asked for, and the note says only the service.
    expect(verdict).toContain('- The winning address came from the HTTPS records: service b.example, priority 2.');
    expect(verdict).toContain('- No A records for b.example: IPv6 only.');
    expect(verdict).toContain('- No AAAA records.');
  });

  it('--json: services with their priorities', () => {
    expect(
      toJsonDocument(report).attempts.map((attempt) => [attempt.port, attempt.service?.target, attempt.service?.priority, attempt.outcome]),
    ).toEqual([
      [8443, 'a.example', 1, 'cancelled'],
      [8443, 'a.example', 1, 'failed'],
      [443, 'b.example', 2, 'connected'],
    ]);
  });
});
