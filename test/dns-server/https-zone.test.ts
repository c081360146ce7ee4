/*
 * HTTPS records in a zone: checked when the zone is set (each record is encoded by svcb.ts), and planned
 * like A/AAAA (rcode, drop, delay, TTL). The wire side is covered by test/dns/https-query.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { HTTPS_TYPE_NAME } from '../../src/dns/svcb.js';
import { checkZone, planReply } from '../../src/dns-server/zone.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';

const record = { priority: 1, target: '.', params: { alpn: ['h2'] } };

describe('HTTPS records in a zone', () => {
  it('plans the records of an HTTPS question (dns-packet calls it UNKNOWN_65) with the TTL and delay', () => {
    const zone = checkZone({ 'Svc.Test.': { HTTPS: { records: [record], ttl: 30, delayMs: 40 } } });
    expect(planReply(zone, 'svc.test', HTTPS_TYPE_NAME)).toEqual({
      drop: false,
      rcode: 'NOERROR',
      records: [{ svcb: record, ttl: 30 }],
      delayMs: 40,
    });
  });

  it('answers HTTPS like A and AAAA: NODATA when absent, NXDOMAIN for unknown names, rcode and drop', () => {
    const zone = checkZone({
      'a.test': { A: { addresses: ['192.0.2.1'] } },
      'fail.test': { HTTPS: { rcode: 'SERVFAIL', records: [record] } },
      'drop.test': { HTTPS: { drop: true } },
    });
    expect(planReply(zone, 'a.test', HTTPS_TYPE_NAME)).toEqual({ drop: false, rcode: 'NOERROR', records: [], delayMs: 0 });
    expect(planReply(zone, 'nope.test', HTTPS_TYPE_NAME)).toMatchObject({ rcode: 'NXDOMAIN', records: [] });
    expect(planReply(zone, 'fail.test', HTTPS_TYPE_NAME)).toEqual({ drop: false, rcode: 'SERVFAIL', records: [], delayMs: 0 });
    expect(planReply(zone, 'drop.test', HTTPS_TYPE_NAME)).toEqual({ drop: true });
    // An HTTPS behaviour does not leak into A answers, nor A into HTTPS.
    expect(planReply(zone, 'fail.test', 'A')).toMatchObject({ rcode: 'NOERROR', records: [] });
  });

  it.each([
    [{ priority: 1, target: '.', params: { alpn: [] } }, '`zone["bad.test"].HTTPS.records[0].params.alpn`'],
    [{ priority: -1, target: '.', params: {} }, '`zone["bad.test"].HTTPS.records[0].priority`'],
    [{ priority: 1, target: 'white space', params: {} }, '`zone["bad.test"].HTTPS.records[0].target`'],
  ])('refuses a bad record when the zone is set: %j', (bad, option) => {
    expect(() => checkZone({ 'bad.test': { HTTPS: { records: [bad] } } })).toThrow(InvalidOptionError);
    expect(() => checkZone({ 'bad.test': { HTTPS: { records: [bad] } } })).toThrow(option);
  });

  it('checks the TTL, delay and rcode of an HTTPS behaviour as for addresses', () => {
    expect(() => checkZone({ 'x.test': { HTTPS: { ttl: -1 } } })).toThrow('`zone["x.test"].HTTPS.ttl`');
    expect(() => checkZone({ 'x.test': { HTTPS: { delayMs: -5 } } })).toThrow('`zone["x.test"].HTTPS.delayMs`');
    expect(() => checkZone({ 'x.test': { HTTPS: { rcode: 'NOTAUTH' as 'REFUSED' } } })).toThrow('`zone["x.test"].HTTPS.rcode`');
  });
});
