import { describe, expect, it } from 'vitest';
import { ndjsonLine, raceStartedEvent } from '../../../src/cli/render/ndjson.js';

const target = { host: 'example.com', port: 443, input: 'example.com:443' };

describe('ndjsonLine', () => {
  it('one line of JSON with the target (host and port only) and the event, times rounded to microseconds', () => {
    const line = ndjsonLine({ target }, { type: 'dns-query', at: 0.41234567, family: 6, recordType: 'AAAA', resolver: 'system' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      target: { host: 'example.com', port: 443 },
      event: { type: 'dns-query', at: 0.412, family: 6, recordType: 'AAAA', resolver: 'system' },
    });
  });

  it('names the run of a series and the strategy of a comparison', () => {
    expect(JSON.parse(ndjsonLine({ target, run: 3 }, { type: 'failed', at: 1, error: { code: 'X', message: 'y' } }))).toMatchObject({ run: 3 });
    const line = JSON.parse(
      ndjsonLine(
        { target, strategy: 'node' },
        { type: 'attempt-abandoned', at: 251.00049, index: 0, after: 250.0004, address: '::1', family: 6, port: 443 },
      ),
    );
    expect(line).toEqual({
      target: { host: 'example.com', port: 443 },
      strategy: 'node',
      event: { type: 'attempt-abandoned', at: 251, index: 0, after: 250, address: '::1', family: 6, port: 443 },
    });
  });

  it('new events pass as they are: the handshake time rounded like the times, the endpoint with its NAT64 origin', () => {
    const handshake = ndjsonLine(
      { target },
      {
        type: 'tls-handshake',
        at: 40.20049,
        index: 0,
        address: '::1',
        family: 6,
        port: 443,
        servername: 'example.com',
        handshakeMs: 18.40012,
        protocol: 'TLSv1.3',
        alpn: 'h2',
        certificate: null,
        authorized: true,
        authorizationError: null,
        error: null,
      },
    );
    expect(JSON.parse(handshake).event).toMatchObject({ type: 'tls-handshake', at: 40.2, handshakeMs: 18.4, servername: 'example.com', alpn: 'h2' });
    const started = ndjsonLine(
      { target },
      {
        type: 'attempt-started',
        at: 4,
        index: 0,
        reason: 'first',
        address: '64:ff9b::c000:201',
        family: 6,
        port: 80,
        synthesizedFrom: { address: '192.0.2.1', prefix: '64:ff9b::/96' },
      },
    );
    expect(JSON.parse(started).event.synthesizedFrom).toEqual({ address: '192.0.2.1', prefix: '64:ff9b::/96' });
    const prefix = ndjsonLine({ target }, { type: 'nat64-prefix', at: 3.1, source: 'rfc7050', prefixes: ['64:ff9b::/96'], error: null });
    expect(JSON.parse(prefix).event).toEqual({ type: 'nat64-prefix', at: 3.1, source: 'rfc7050', prefixes: ['64:ff9b::/96'], error: null });
  });

  it('race-started: the time origin as ISO 8601 and as epoch ms to the microsecond, at 0', () => {
    const line = ndjsonLine({ target, run: 2 }, raceStartedEvent(Date.UTC(2026, 11, 7, 18, 30, 0, 123) + 0.4567));
    expect(line).toBe(
      '{"target":{"host":"example.com","port":443},"run":2,"event":{"type":"race-started","at":0,"startedAt":"2026-12-07T18:30:00.123Z","timeOrigin":1796668200123.457}}\n',
    );
  });

  it('control characters stay escaped inside the JSON string', () => {
    const line = ndjsonLine({ target }, { type: 'dns-answer', at: 1, family: 4, recordType: 'A', addresses: ['\u001b[2J'], ttl: null });
    expect(line).not.toContain('\u001b');
    expect(JSON.parse(line).event.addresses).toEqual(['\u001b[2J']);
  });
});
