import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/cli/render/format.js';
import { describeAttemptTimeout, describeConnectError, describeDnsError, describeStartReason, familyName } from '../../../src/cli/render/words.js';

describe('describeConnectError', () => {
  it.each([
    ['ECONNREFUSED', 'refused (ECONNREFUSED)'],
    ['ENETUNREACH', 'network unreachable (ENETUNREACH)'],
    ['EHOSTUNREACH', 'host unreachable (EHOSTUNREACH)'],
    ['ETIMEDOUT', 'timed out by the OS (ETIMEDOUT)'],
    ['ECONNRESET', 'reset by the other side (ECONNRESET)'],
    ['EADDRNOTAVAIL', 'local address not available (EADDRNOTAVAIL)'],
  ])('%s in words, with the code', (code, expected) => {
    expect(describeConnectError({ code, message: `connect ${code} 192.0.2.1:443` })).toBe(expected);
  });

  it('an unknown code keeps the message and adds the code', () => {
    expect(describeConnectError({ code: 'EPROTO', message: 'protocol error' })).toBe('protocol error (EPROTO)');
  });

  it('does not repeat a code the message already names', () => {
    expect(describeConnectError({ code: 'EWEIRD', message: 'connect EWEIRD 192.0.2.1:443' })).toBe('connect EWEIRD 192.0.2.1:443');
  });

  it('an empty message leaves the code alone', () => {
    expect(describeConnectError({ code: 'EWEIRD', message: '  ' })).toBe('EWEIRD');
  });
});

describe('describeDnsError', () => {
  it.each([
    ['ENOTFOUND', 'no such name (NXDOMAIN, ENOTFOUND)'],
    ['ESERVFAIL', 'the server failed (SERVFAIL, ESERVFAIL)'],
    ['EREFUSED', 'the server refused the query (REFUSED, EREFUSED)'],
    ['ETIMEOUT', 'no answer in time (ETIMEOUT)'],
  ])('%s reuses the DNS error words, one pair of brackets', (code, expected) => {
    expect(describeDnsError({ code, message: `AAAA query for x failed` })).toBe(expected);
  });

  it('an unknown code keeps the message', () => {
    expect(describeDnsError({ code: 'EODD', message: 'odd answer' })).toBe('odd answer (EODD)');
  });
});

describe('describeStartReason', () => {
  it.each([
    ['first', 0, 0, 'first'],
    ['timer', 1, 250.125, '250.1 ms after #0'],
    ['timer', 3, 250, '250 ms after #2'],
    ['previous-failed', 2, 20.2, '#1 failed'],
    ['attempt-available', 1, 14.7, 'address arrived'],
  ] as const)('%s (#%i)', (reason, index, since, expected) => {
    expect(describeStartReason(reason, index, since)).toBe(expected);
  });
});

describe('describeAttemptTimeout', () => {
  it('names the configured limit, or how long the attempt ran when the limit is unknown', () => {
    expect(describeAttemptTimeout({ startedAt: 19.93, endedAt: 419.96 }, 400)).toBe('timed out after 400 ms (attempt timeout)');
    expect(describeAttemptTimeout({ startedAt: 10, endedAt: 1510 }, null)).toBe('timed out after 1.5 s (attempt timeout)');
  });
});

describe('familyName and formatMs', () => {
  it('names the families', () => {
    expect([familyName(6), familyName(4)]).toEqual(['IPv6', 'IPv4']);
  });

  it.each([
    [0, '0 ms'],
    [-0.01, '0 ms'],
    [0.04, '0 ms'],
    [0.4, '0.4 ms'],
    [250, '250 ms'],
    [252.874, '252.9 ms'],
    [999.94, '999.9 ms'],
    [1000, '1 s'],
    [1843.7, '1.84 s'],
    [130_000, '130 s'],
  ])('%f ms reads %s', (ms, expected) => {
    expect(formatMs(ms)).toBe(expected);
  });
});
