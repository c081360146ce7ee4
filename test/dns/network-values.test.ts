/*
 * Values a DNS server supplies, checked before eyeball acts on them, against real DNS servers on
 * loopback: an HTTPS record with port 0 makes no attempt to port 0; an answer with 200 ServiceMode
 * records makes at most MAX_SERVICE_RECORDS targets' worth of queries; an A answer of 300 records, whose
 * later TTLs c-ares does not give, has an unknown TTL (null), not NaN.
 */
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { createDnsResolver, smallestTtl } from '../../src/dns/dns-resolver.js';
import { MAX_SERVICE_RECORDS } from '../../src/dns/service-groups.js';
import type { SvcbRecord } from '../../src/dns/svcb.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { encodeResponse, startRawDnsServer } from '../helpers/raw-dns-server.js';

const defer = useCleanups();

async function dnsServer(zone: DnsZone): Promise<DnsServer> {
  const server = await startDnsServer({ zone });
  defer(() => server.close());
  return server;
}

/** A listener on 127.0.0.1 that closes what it accepts; resolves with its port. */
async function listen(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  defer(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return address.port;
}

function recorder(): { events: TraceEvent[]; onEvent: (event: TraceEvent) => void } {
  const events: TraceEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

describe('network-supplied values', () => {
  it('an HTTPS record with port 0 is ignored (the https-answer says so): no attempt to port 0', async () => {
    const port = await listen();
    const dns = await dnsServer({
      'zero.test': {
        HTTPS: { records: [{ priority: 1, target: '.', params: { alpn: ['http/1.1'], port: 0, ipv4hint: ['127.0.0.1'] } }] },
        A: { addresses: ['127.0.0.1'] },
      },
    });
    const { events, onEvent } = recorder();
    const socket = await connect({ host: 'zero.test', port, resolver: 'dns', dnsServers: [dns.address], https: true, family: 4, onEvent });
    defer(() => socket.destroy());
    expect(socket.remotePort).toBe(port);
    const attempts = events.flatMap((event) => (event.type === 'attempt-started' ? [`${event.address}:${event.port}`] : []));
    expect(attempts).toEqual([`127.0.0.1:${port}`]);
    expect(events.find((event) => event.type === 'https-answer')).toMatchObject({ ignored: { portZero: 1, overLimit: 0 } });
  });

  it(`200 ServiceMode records: only the first ${MAX_SERVICE_RECORDS} by priority are followed, the rest counted as ignored`, async () => {
    const port = await listen();
    const records: SvcbRecord[] = Array.from({ length: 200 }, (_, index) => ({
      priority: 200 - index,
      target: `t${index}.test`,
      params: { alpn: ['http/1.1'] },
    }));
    const dns = await dnsServer({ 'many.test': { HTTPS: { records }, A: { addresses: ['127.0.0.1'] } } });
    const { events, onEvent } = recorder();
    const socket = await connect({ host: 'many.test', port, resolver: 'dns', dnsServers: [dns.address], https: true, family: 4, onEvent });
    defer(() => socket.destroy());
    const asked = events.flatMap((event) => (event.type === 'dns-query' ? [event.name ?? 'many.test'] : []));
    // The host, then the targets of the lowest priorities (the last records of the answer).
    expect(asked).toEqual(['many.test', ...Array.from({ length: MAX_SERVICE_RECORDS }, (_, index) => `t${199 - index}.test`)]);
    expect(events.find((event) => event.type === 'https-answer')).toMatchObject({ ignored: { portZero: 0, overLimit: 200 - MAX_SERVICE_RECORDS } });
  });

  // Node 20's c-ares leaves `ttl` undefined past 256 records (then the TTL is unknown: null); Node 24's gives
  // every record's. Either way the TTL is a number of seconds or null, never NaN.
  it('an A answer of 300 records (over TCP after TC): every address, and the TTL 60 s or unknown (null), not NaN', async () => {
    const addresses = Array.from({ length: 300 }, (_, index) => `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`);
    const server = await startRawDnsServer({
      udp: (query) => encodeResponse(query.packet, { flags: dnsPacket.TRUNCATED_RESPONSE }),
      tcp: {
        answer: (query) =>
          encodeResponse(query, {
            answers: addresses.map((data) => ({ type: 'A', class: 'IN', name: query.questions?.[0]?.name ?? '', ttl: 60, data })),
          }),
      },
    });
    defer(() => server.close());
    const answer = await createDnsResolver({ servers: [server.address], timeout: 3000 }).resolve('big.test', 4, new AbortController().signal);
    expect(answer.addresses).toHaveLength(300);
    expect([60, null]).toContain(answer.ttl);
  });
});

describe('smallestTtl', () => {
  it('is the smallest TTL, or null when a record has none (what c-ares does past 256 records) or there are none', () => {
    expect(smallestTtl([{ ttl: 60 }, { ttl: 30 }])).toBe(30);
    expect(smallestTtl([{ ttl: 60 }, { ttl: undefined }])).toBeNull();
    expect(smallestTtl([{ ttl: 60 }, {}])).toBeNull();
    expect(smallestTtl([])).toBeNull();
  });
});
