/*
 * The HTTPS-record client against the real local DNS server (records encoded by svcb.ts, dns-packet for
 * the packet) and against a raw server that misbehaves byte for byte. No socket is left behind.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { queryHttpsRecords } from '../../src/dns/https-query.js';
import { encodeSvcb, HTTPS_TYPE_NAME } from '../../src/dns/svcb.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { HttpsQueryError } from '../../src/errors/https-query-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { useCleanups } from '../helpers/cleanups.js';
import { type RawResponder, startRawDnsServer } from '../helpers/raw-dns-server.js';

const defer = useCleanups();

async function dnsServer(zone: DnsZone, host = '127.0.0.1'): Promise<DnsServer> {
  const server = await startDnsServer({ zone, host });
  defer(() => server.close());
  return server;
}

async function rawServer(udp: RawResponder) {
  const server = await startRawDnsServer({ udp });
  defer(() => server.close());
  return server;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const ECH = Uint8Array.of(0x00, 0x04, 0xfe, 0x0d, 0x00, 0x00);

const ZONE: DnsZone = {
  'svc.test': {
    HTTPS: {
      ttl: 300,
      records: [
        { priority: 2, target: 'backup.svc.test', params: { alpn: ['h2'], port: 8443 } },
        {
          priority: 1,
          target: '.',
          params: {
            mandatory: [1],
            alpn: ['h3', 'h2'],
            ipv4hint: ['192.0.2.1', '192.0.2.2'],
            ech: ECH,
            ipv6hint: ['2001:db8::1'],
            unknown: [{ key: 667, value: Buffer.from('hi') }],
          },
        },
      ],
    },
    A: { addresses: ['192.0.2.1'] },
  },
  'alias.test': { HTTPS: { records: [{ priority: 0, target: 'svc.test', params: {} }] } },
  'h3only.test': { HTTPS: { records: [{ priority: 1, target: '.', params: { alpn: ['h3'], noDefaultAlpn: true } }] } },
  'nodata.test': { A: { addresses: ['192.0.2.9'] } },
  'servfail.test': { HTTPS: { rcode: 'SERVFAIL' } },
  'refused.test': { HTTPS: { rcode: 'REFUSED' } },
  'dropped.test': { HTTPS: { drop: true } },
  'slow.test': { HTTPS: { delayMs: 10_000, records: [{ priority: 1, target: '.', params: {} }] } },
};

describe('queryHttpsRecords against the local DNS server', () => {
  it('reads ServiceMode records, lowest priority first, with every parameter', async () => {
    const server = await dnsServer(ZONE);
    const answer = await queryHttpsRecords('SVC.test', { server: server.address });
    expect(answer).toEqual({
      ttl: 300,
      malformed: 0,
      records: [
        {
          mode: 'service',
          priority: 1,
          target: '.',
          alpn: ['h3', 'h2'],
          noDefaultAlpn: false,
          port: null,
          ipv4hint: ['192.0.2.1', '192.0.2.2'],
          ipv6hint: ['2001:db8::1'],
          ech: true,
          mandatory: ['alpn'],
          otherKeys: ['key667'],
        },
        {
          mode: 'service',
          priority: 2,
          target: 'backup.svc.test',
          alpn: ['h2'],
          noDefaultAlpn: false,
          port: 8443,
          ipv4hint: [],
          ipv6hint: [],
          ech: false,
          mandatory: [],
          otherKeys: [],
        },
      ],
    });
    // The server saw one question of type 65, as dns-packet names it.
    expect(server.queries).toEqual([{ name: 'svc.test', type: HTTPS_TYPE_NAME, at: expect.any(Number) }]);
  });

  it('reports AliasMode as such', async () => {
    const server = await dnsServer(ZONE);
    const { records } = await queryHttpsRecords('alias.test', { server: server.address });
    expect(records).toMatchObject([{ mode: 'alias', priority: 0, target: 'svc.test', alpn: [], ech: false }]);
  });

  it('reads no-default-alpn', async () => {
    const server = await dnsServer(ZONE);
    const { records } = await queryHttpsRecords('h3only.test', { server: server.address });
    expect(records).toMatchObject([{ alpn: ['h3'], noDefaultAlpn: true }]);
  });

  it('works over IPv6 too', async () => {
    const server = await dnsServer(ZONE, '::1');
    const { records } = await queryHttpsRecords('h3only.test', { server: server.address });
    expect(records).toHaveLength(1);
  });

  it('resolves NODATA with no records', async () => {
    const server = await dnsServer(ZONE);
    expect(await queryHttpsRecords('nodata.test', { server: server.address })).toEqual({ records: [], ttl: null, malformed: 0 });
  });

  it.each([
    ['missing.test', 'ENOTFOUND', 'no such name (NXDOMAIN, ENOTFOUND)'],
    ['servfail.test', 'ESERVFAIL', 'the server failed (SERVFAIL, ESERVFAIL)'],
    ['refused.test', 'EREFUSED', 'the server refused the query (REFUSED, EREFUSED)'],
  ])('%s fails with %s', async (name, code, words) => {
    const server = await dnsServer(ZONE);
    const error = await failure(queryHttpsRecords(name, { server: server.address }));
    expect(error).toBeInstanceOf(HttpsQueryError);
    expect(error).toMatchObject({ code, hostname: name, recordType: 'HTTPS', message: `HTTPS query for ${name} failed: ${words}` });
  });

  it('tries again after each timeout, then fails with ETIMEOUT', async () => {
    const server = await dnsServer(ZONE);
    const error = await failure(queryHttpsRecords('dropped.test', { server: server.address, timeout: 50, tries: 3 }));
    expect(error).toMatchObject({ code: 'ETIMEOUT', message: 'HTTPS query for dropped.test failed: no answer in time (ETIMEOUT)' });
    expect(server.queries.map((query) => query.name)).toEqual(['dropped.test', 'dropped.test', 'dropped.test']);
  });

  it('stops at once when the signal aborts, with its reason', async () => {
    const server = await dnsServer(ZONE);
    const controller = new AbortController();
    const pending = failure(queryHttpsRecords('slow.test', { server: server.address, signal: controller.signal }));
    await new Promise<void>((resolve) => {
      const poll = (): void => (server.queries.length > 0 ? resolve() : void setTimeout(poll, 5));
      poll();
    });
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it('rejects an already aborted signal before sending anything', async () => {
    const server = await dnsServer(ZONE);
    const reason = new Error('already');
    await expect(queryHttpsRecords('svc.test', { server: server.address, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.queries).toEqual([]);
  });

  it('checks its options', async () => {
    await expect(queryHttpsRecords('svc.test', { server: 'nonsense' })).rejects.toThrow(InvalidOptionError);
    await expect(queryHttpsRecords('192.0.2.1', { server: '127.0.0.1' })).rejects.toThrow('`name`');
    await expect(queryHttpsRecords('svc.test', { server: '127.0.0.1', timeout: 0 })).rejects.toThrow('`timeout`');
    await expect(queryHttpsRecords('svc.test', { server: '127.0.0.1', tries: 0 })).rejects.toThrow('`tries`');
  });
});

describe('queryHttpsRecords against a misbehaving server', () => {
  const record = (name: string, data: Buffer, ttl = 60) => ({ type: HTTPS_TYPE_NAME, class: 'IN', name, ttl, data }) as unknown as dnsPacket.Answer;
  const reply = (query: dnsPacket.DecodedPacket, answers: dnsPacket.Answer[], extra: Partial<dnsPacket.Packet> = {}): Buffer =>
    dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags: 0, questions: query.questions ?? [], answers, ...extra });
  const good = encodeSvcb({ priority: 1, target: '.', params: { alpn: ['h2'] } });

  it('skips a malformed record and keeps the others', async () => {
    const server = await rawServer(({ packet }) => reply(packet, [record('raw.test', Buffer.from([0, 1, 0, 0, 3, 0, 1])), record('raw.test', good)]));
    expect(await queryHttpsRecords('raw.test', { server: server.address })).toMatchObject({ records: [{ alpn: ['h2'] }], malformed: 1 });
  });

  it('follows a CNAME in the answer section and ignores records of other names', async () => {
    const server = await rawServer(({ packet }) =>
      reply(packet, [
        { type: 'CNAME', class: 'IN', name: 'raw.test', ttl: 60, data: 'real.test' },
        record('other.test', encodeSvcb({ priority: 9, target: '.', params: {} })),
        record('real.test', good, 30),
      ]),
    );
    expect(await queryHttpsRecords('raw.test', { server: server.address })).toMatchObject({ records: [{ priority: 1 }], ttl: 30 });
  });

  it.each([
    ['the wrong id', (packet: dnsPacket.DecodedPacket) => reply({ ...packet, id: ((packet.id ?? 0) + 1) % 65_536 }, [record('raw.test', good)])],
    ['the wrong question', (packet: dnsPacket.DecodedPacket) => reply({ ...packet, questions: [{ type: 'A', name: 'raw.test' }] }, [])],
    [
      'another name',
      (packet: dnsPacket.DecodedPacket) =>
        reply({ ...packet, questions: [{ type: HTTPS_TYPE_NAME as dnsPacket.RecordType, name: 'evil.test' }] }, [record('evil.test', good)]),
    ],
    ['a query, not a response', (packet: dnsPacket.DecodedPacket) => dnsPacket.encode({ ...packet, type: 'query' })],
    ['garbage', () => Buffer.from('not dns')],
  ])('ignores an answer with %s (and so times out)', async (_title, respond) => {
    const server = await rawServer(({ packet }) => respond(packet));
    const error = await failure(queryHttpsRecords('raw.test', { server: server.address, timeout: 50, tries: 1 }));
    expect(error).toMatchObject({ code: 'ETIMEOUT' });
    expect(server.queries).toHaveLength(1);
  });

  it('fails with ETRUNCATED on a truncated answer (no retry over TCP)', async () => {
    const server = await rawServer(({ packet }) => reply(packet, [], { flags: dnsPacket.TRUNCATED_RESPONSE }));
    const error = await failure(queryHttpsRecords('raw.test', { server: server.address }));
    expect(error).toMatchObject({ code: 'ETRUNCATED' });
    expect((error as Error).message).toContain('truncated');
  });

  it('sends a standard query for type 65 with EDNS(0)', async () => {
    const server = await rawServer(({ packet }) => reply(packet, []));
    await queryHttpsRecords('raw.test', { server: server.address });
    const [query] = server.queries;
    expect(query?.packet).toMatchObject({ type: 'query', flag_rd: true, questions: [{ type: HTTPS_TYPE_NAME, name: 'raw.test', class: 'IN' }] });
    expect(query?.bytes.readUInt16BE(12 + 'raw.test'.length + 2)).toBe(65);
    expect(query?.packet.additionals).toMatchObject([{ type: 'OPT', udpPayloadSize: 1232 }]);
  });
});

describe('queryHttpsRecords: onSent', () => {
  it('is called once, for the first try, though the query is sent again', async () => {
    const server = await dnsServer({ 'slow.test': { HTTPS: { records: [], delayMs: 150 } } });
    let sends = 0;
    await queryHttpsRecords('slow.test', { server: server.address, timeout: 100, tries: 2, onSent: () => sends++ });
    expect(sends).toBe(1);
    expect(server.queries.map((query) => query.name)).toEqual(['slow.test', 'slow.test']);
  });

  it('is not called when the query is aborted before its socket could send', async () => {
    const server = await dnsServer(ZONE);
    let sends = 0;
    const controller = new AbortController();
    const query = queryHttpsRecords('svc.test', { server: server.address, signal: controller.signal, onSent: () => sends++ });
    controller.abort(new Error('stop'));
    await expect(query).rejects.toThrow('stop');
    expect(sends).toBe(0);
    expect(server.queries).toHaveLength(0);
  });
});
