/**
 * Hand-built races steered by HTTPS records (Happy Eyeballs v3 -04, the `https` option), with the events and
 * times the library produces (see src/connect/resolution.ts and src/connect/https-resolution.ts): the
 * HTTPS query goes out first; an AliasMode answer is followed by an `https-query` with `name`; the A/AAAA
 * of a TargetName (or of where the chain ended) are `dns-*` events with `name`; endpoints carry `service`
 * and the record's `port`.
 */
import type { RunReport } from '../../../src/cli/report.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import type { Endpoint } from '../../../src/base/endpoint.js';
import { serviceRecord } from '../../helpers/fake-network.js';
import { DNS_SETTINGS, queriesSent, v4, v6 } from './fixtures.js';
import { wonReport } from './report-builder.js';
import { HTTPS_SERVER } from './tls-nat64-fixtures.js';

/** `endpoint` as part of the service `target` with SvcPriority `priority`. */
function of(endpoint: Endpoint, target: string, priority: number): Endpoint {
  return { ...endpoint, service: { target, priority } };
}

/** The host's own HTTPS query, AAAA and A going out at the start. */
function start(): TraceEvent[] {
  return [{ type: 'https-query', at: 0.05, resolver: 'dns', server: HTTPS_SERVER }, ...queriesSent('dns', 0.088, 0.095)];
}

/** The AAAA and A queries of another name, `name`, going out at `at`. */
function namedQueries(name: string, at: number): TraceEvent[] {
  return queriesSent('dns', at, at + 0.05, name);
}

/**
 * `web.example 443`: its HTTPS record sends it to `backend.example` on port 8443 (priority 1). The
 * backend's IPv6 address refuses; its IPv4 address on 8443 wins. The host's own addresses (port 443, the
 * last group) were never needed.
 */
export function targetNameWon(): RunReport {
  const backend6 = of(v6('2001:db8::443', 8443), 'backend.example', 1);
  const backend4 = of(v4('192.0.2.43', 8443), 'backend.example', 1);
  const host6 = v6('2001:db8::10', 443);
  const host4 = v4('192.0.2.10', 443);
  const events: TraceEvent[] = [
    ...start(),
    { type: 'https-answer', at: 3, records: [serviceRecord({ target: 'backend.example', port: 8443, alpn: ['h2'] })], ttl: 300, malformed: 0 },
    ...namedQueries('backend.example', 3.1),
    { type: 'dns-answer', at: 9, family: 6, recordType: 'AAAA', addresses: [host6.address], ttl: 300 },
    { type: 'dns-answer', at: 9.2, family: 4, recordType: 'A', addresses: [host4.address], ttl: 300 },
    { type: 'dns-answer', at: 10.4, family: 6, recordType: 'AAAA', addresses: [backend6.address], ttl: 60, name: 'backend.example' },
    { type: 'dns-answer', at: 10.6, family: 4, recordType: 'A', addresses: [backend4.address], ttl: 60, name: 'backend.example' },
    { type: 'addresses-sorted', at: 10.7, addresses: [backend6, backend4, host6, host4] },
    { type: 'attempt-started', at: 10.8, index: 0, reason: 'first', ...backend6 },
    { type: 'attempt-scheduled', at: 10.8, index: 1, dueAt: 260.8, reason: 'timer' },
    {
      type: 'attempt-failed',
      at: 30.9,
      index: 0,
      error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 2001:db8::443:8443' },
      timedOut: false,
      ...backend6,
    },
    { type: 'attempt-started', at: 30.9, index: 1, reason: 'previous-failed', ...backend4 },
    { type: 'attempt-scheduled', at: 30.9, index: 2, dueAt: 280.9, reason: 'timer' },
    { type: 'attempt-succeeded', at: 51.3, index: 1, ...backend4 },
    { type: 'connected', at: 51.3, index: 1, ...backend4 },
  ];
  return wonReport({ target: { host: 'web.example', port: 443, input: 'web.example 443' }, settings: DNS_SETTINGS, events, elapsed: 51.4 });
}

/**
 * `svc.example 443`: AliasMode to `cdn.example`, which is AliasMode to `edge.example`, whose ServiceMode
 * records (priority 1 on port 8443 with an ipv6hint; priority 2 on the usual port, with an ipv4hint, a
 * `mandatory` key and a key eyeball does not know) end the chain. The
 * ipv6hint of edge.example on 8443 wins before any AAAA answer for edge.example.
 */
export function aliasChain(): RunReport {
  const hinted: Endpoint = { ...of(v6('2001:db8::e1', 8443), 'edge.example', 1), fromHint: true };
  const edgeRecords = [
    serviceRecord({ priority: 1, alpn: ['h2'], port: 8443, ipv6hint: ['2001:db8::e1'] }),
    serviceRecord({ priority: 2, alpn: ['h2'], ipv4hint: ['192.0.2.225'], mandatory: ['alpn'], otherKeys: ['key667'] }),
  ];
  const events: TraceEvent[] = [
    ...start(),
    { type: 'https-answer', at: 2.5, records: [serviceRecord({ mode: 'alias', priority: 0, target: 'cdn.example' })], ttl: 3600, malformed: 0 },
    { type: 'https-query', at: 2.6, resolver: 'dns', server: HTTPS_SERVER, name: 'cdn.example' },
    {
      type: 'https-answer',
      at: 5.1,
      records: [serviceRecord({ mode: 'alias', priority: 0, target: 'edge.example' })],
      ttl: 600,
      malformed: 0,
      name: 'cdn.example',
    },
    { type: 'https-query', at: 5.2, resolver: 'dns', server: HTTPS_SERVER, name: 'edge.example' },
    { type: 'dns-answer', at: 6.4, family: 6, recordType: 'AAAA', addresses: ['2001:db8::10'], ttl: 300 },
    { type: 'dns-answer', at: 6.6, family: 4, recordType: 'A', addresses: ['192.0.2.10'], ttl: 300 },
    { type: 'https-answer', at: 8.3, records: edgeRecords, ttl: 60, malformed: 0, name: 'edge.example' },
    ...namedQueries('edge.example', 8.4),
    { type: 'addresses-sorted', at: 8.5, addresses: [hinted, v6('2001:db8::10', 443), v4('192.0.2.10', 443)] },
    { type: 'attempt-started', at: 8.6, index: 0, reason: 'first', ...hinted },
    { type: 'attempt-scheduled', at: 8.6, index: 1, dueAt: 258.6, reason: 'timer' },
    { type: 'attempt-succeeded', at: 20.2, index: 0, ...hinted },
    { type: 'connected', at: 20.2, index: 0, ...hinted },
    { type: 'dns-cancelled', at: 20.3, family: 6, recordType: 'AAAA', name: 'edge.example' },
    { type: 'dns-cancelled', at: 20.3, family: 4, recordType: 'A', name: 'edge.example' },
  ];
  return wonReport({ target: { host: 'svc.example', port: 443, input: 'svc.example 443' }, settings: DNS_SETTINGS, events, elapsed: 20.4 });
}

/**
 * `svc.example 443`: AliasMode to `alias.example` beside a ServiceMode record (ignored); the follow-up
 * says NXDOMAIN, and so do the A/AAAA of alias.example, where the chain ended. The host's own A wins.
 */
export function aliasNxdomain(): RunReport {
  const nxdomain = (what: string) => ({ code: 'ENOTFOUND', message: `${what} query for alias.example failed: no such name (NXDOMAIN, ENOTFOUND)` });
  const host4 = v4('192.0.2.10', 443);
  const records = [serviceRecord({ mode: 'alias', priority: 0, target: 'alias.example' }), serviceRecord({ port: 8443, ipv4hint: ['192.0.2.10'] })];
  const events: TraceEvent[] = [
    ...start(),
    { type: 'dns-answer', at: 4.1, family: 6, recordType: 'AAAA', addresses: [], ttl: null },
    { type: 'https-answer', at: 4.5, records, ttl: 300, malformed: 0 },
    { type: 'https-query', at: 4.6, resolver: 'dns', server: HTTPS_SERVER, name: 'alias.example' },
    { type: 'https-error', at: 6.2, error: nxdomain('HTTPS'), name: 'alias.example' },
    ...namedQueries('alias.example', 6.3),
    { type: 'dns-error', at: 7.9, family: 6, recordType: 'AAAA', error: nxdomain('AAAA'), name: 'alias.example' },
    { type: 'dns-error', at: 8, family: 4, recordType: 'A', error: nxdomain('A'), name: 'alias.example' },
    { type: 'dns-answer', at: 100.4, family: 4, recordType: 'A', addresses: [host4.address], ttl: 60 },
    { type: 'addresses-sorted', at: 100.5, addresses: [host4] },
    { type: 'attempt-started', at: 100.6, index: 0, reason: 'first', ...host4 },
    { type: 'attempt-scheduled', at: 100.6, index: 1, dueAt: 350.6, reason: 'timer' },
    { type: 'attempt-succeeded', at: 121, index: 0, ...host4 },
    { type: 'connected', at: 121, index: 0, ...host4 },
  ];
  return wonReport({ target: { host: 'svc.example', port: 443, input: 'svc.example 443' }, settings: DNS_SETTINGS, events, elapsed: 121.2 });
}

/**
 * `multi.example 443`: two services, `a.example` on 8443 (priority 1) and `b.example` on the usual port
 * (priority 2). Every endpoint of priority 1 starts before any of priority 2 (HEv3 §6): a.example's IPv6
 * gets no answer, its IPv4 refuses, then b.example's IPv6 connects.
 */
export function twoServiceGroups(): RunReport {
  const a6 = of(v6('2001:db8::a', 8443), 'a.example', 1);
  const a4 = of(v4('192.0.2.1', 8443), 'a.example', 1);
  const b6 = of(v6('2001:db8::b', 443), 'b.example', 2);
  const records = [serviceRecord({ priority: 1, target: 'a.example', port: 8443 }), serviceRecord({ priority: 2, target: 'b.example' })];
  const events: TraceEvent[] = [
    ...start(),
    { type: 'https-answer', at: 2, records, ttl: 300, malformed: 0 },
    ...namedQueries('a.example', 2.1),
    ...namedQueries('b.example', 2.2),
    { type: 'dns-answer', at: 5, family: 6, recordType: 'AAAA', addresses: [], ttl: null },
    { type: 'dns-answer', at: 5.2, family: 4, recordType: 'A', addresses: [], ttl: null },
    { type: 'dns-answer', at: 6, family: 6, recordType: 'AAAA', addresses: [a6.address], ttl: 60, name: 'a.example' },
    { type: 'dns-answer', at: 6.1, family: 4, recordType: 'A', addresses: [a4.address], ttl: 60, name: 'a.example' },
    { type: 'dns-answer', at: 6.3, family: 6, recordType: 'AAAA', addresses: [b6.address], ttl: 60, name: 'b.example' },
    { type: 'dns-answer', at: 6.4, family: 4, recordType: 'A', addresses: [], ttl: null, name: 'b.example' },
    { type: 'addresses-sorted', at: 6.5, addresses: [a6, a4, b6] },
    { type: 'attempt-started', at: 6.6, index: 0, reason: 'first', ...a6 },
    { type: 'attempt-scheduled', at: 6.6, index: 1, dueAt: 256.6, reason: 'timer' },
    { type: 'attempt-started', at: 256.7, index: 1, reason: 'timer', ...a4 },
    { type: 'attempt-scheduled', at: 256.7, index: 2, dueAt: 506.7, reason: 'timer' },
    {
      type: 'attempt-failed',
      at: 276.8,
      index: 1,
      error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 192.0.2.1:8443' },
      timedOut: false,
      ...a4,
    },
    { type: 'attempt-started', at: 276.8, index: 2, reason: 'previous-failed', ...b6 },
    { type: 'attempt-scheduled', at: 276.8, index: 3, dueAt: 526.8, reason: 'timer' },
    { type: 'attempt-succeeded', at: 297, index: 2, ...b6 },
    { type: 'attempt-cancelled', at: 297, index: 0, reason: 'lost', ...a6 },
    { type: 'connected', at: 297, index: 2, ...b6 },
  ];
  return wonReport({ target: { host: 'multi.example', port: 443, input: 'multi.example 443' }, settings: DNS_SETTINGS, events, elapsed: 297.2 });
}

export const SERVICE_SCENARIOS = { targetNameWon, aliasChain, aliasNxdomain, twoServiceGroups } as const;
