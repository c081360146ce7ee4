import { createSocket, type Socket } from 'node:dgram';
import { setImmediate } from 'node:timers/promises';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DnsServer, type ReceivedQuery, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';

const ZONE: DnsZone = {
  'dual.test': {
    AAAA: { addresses: ['2001:db8::1', '2001:db8::2'], ttl: 30 },
    A: { addresses: ['192.0.2.1', { address: '192.0.2.2', ttl: 5 }] },
  },
  'nodata.test': { A: { addresses: ['192.0.2.9'] } },
  'servfail.test': { A: { rcode: 'SERVFAIL' } },
  'refused.test': { A: { rcode: 'REFUSED', addresses: ['192.0.2.1'] } },
  'nxdomain.test': { A: { rcode: 'NXDOMAIN' } },
  'drop.test': { A: { drop: true } },
  'slow.test': { A: { addresses: ['192.0.2.7'], delayMs: 60 } },
  'never.test': { A: { addresses: ['192.0.2.8'], delayMs: 600_000 } },
};

/** A plain UDP client speaking dns-packet, independent of c-ares, to look at the wire. */
class RawClient {
  readonly responses: dnsPacket.DecodedPacket[] = [];
  private readonly socket: Socket;
  private waiters: Array<() => void> = [];
  private nextId = 1;

  constructor(private readonly server: DnsServer) {
    this.socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    this.socket.on('message', (message) => {
      this.responses.push(dnsPacket.decode(message));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Sends a query and returns its id. */
  send(name: string, type: dnsPacket.RecordType | 'HTTPS', flags = dnsPacket.RECURSION_DESIRED): number {
    const id = this.nextId++;
    const question = { name, type } as dnsPacket.Question;
    this.sendRaw(dnsPacket.encode({ type: 'query', id, flags, questions: [question] }));
    return id;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.send(bytes, this.server.port, this.server.host);
  }

  /** Resolves with the response to `id` once it is in. */
  async response(id: number): Promise<dnsPacket.DecodedPacket> {
    for (;;) {
      const found = this.responses.find((packet) => packet.id === id);
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  async ask(name: string, type: dnsPacket.RecordType | 'HTTPS'): Promise<dnsPacket.DecodedPacket & { rcode?: string }> {
    return this.response(this.send(name, type));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { host?: string; zone?: DnsZone; onQuery?: (query: ReceivedQuery) => void } = {}) {
  const server = await startDnsServer({
    zone: options.zone ?? ZONE,
    ...(options.host ? { host: options.host } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  cleanups.push(() => server.close());
  const client = new RawClient(server);
  cleanups.push(() => client.close());
  return { server, client };
}

function answers(packet: dnsPacket.DecodedPacket): Array<[string, string, number | undefined]> {
  return (packet.answers ?? []).map((answer) => [answer.type, String((answer as { data: unknown }).data), (answer as { ttl?: number }).ttl]);
}

/**
 * UDP handles alive once closing handles had a loop turn to finish (dgram's close callback comes first).
 * The server's timers are counted on vitest's fake timers where a test needs them: a count of all of the
 * process's Timeouts catches other tests' timers ending in between.
 */
async function udpSockets(): Promise<number> {
  await setImmediate();
  await setImmediate();
  return process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap').length;
}

describe('startDnsServer', () => {
  it('answers A and AAAA with their TTLs: authoritative, id, question and RD echoed', async () => {
    const { client } = await setup();
    const aaaa = await client.ask('dual.test', 'AAAA');
    expect(aaaa.rcode).toBe('NOERROR');
    expect(aaaa.flag_qr && aaaa.flag_aa && aaaa.flag_rd).toBe(true);
    expect(aaaa.questions).toEqual([{ name: 'dual.test', type: 'AAAA', class: 'IN' }]);
    expect(answers(aaaa)).toEqual([
      ['AAAA', '2001:db8::1', 30],
      ['AAAA', '2001:db8::2', 30],
    ]);
    const a = await client.ask('dual.test', 'A');
    expect(answers(a)).toEqual([
      ['A', '192.0.2.1', 60],
      ['A', '192.0.2.2', 5],
    ]);
  });

  it('matches names without regard to case or a trailing dot, and echoes the name as asked', async () => {
    const { client } = await setup();
    const packet = await client.response(client.send('DuAl.TeSt.', 'A', 0));
    expect(packet.flag_rd).toBe(false);
    expect(packet.questions?.[0]?.name).toBe('DuAl.TeSt');
    expect(answers(packet).map(([, address]) => address)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('NODATA for a listed name without that type (AAAA, or a type it does not know), NXDOMAIN for an unlisted name', async () => {
    const { client } = await setup();
    for (const type of ['AAAA', 'MX', 'HTTPS'] as const) {
      const packet = await client.ask('nodata.test', type);
      expect([type, packet.rcode, packet.answers]).toEqual([type, 'NOERROR', []]);
    }
    const unknown = await client.ask('unknown.test', 'A');
    expect([unknown.rcode, unknown.answers]).toEqual(['NXDOMAIN', []]);
  });

  it.each([
    ['servfail.test', 'SERVFAIL'],
    ['refused.test', 'REFUSED'],
    ['nxdomain.test', 'NXDOMAIN'],
  ])('%s answers %s with no records', async (name, rcode) => {
    const { client } = await setup();
    const packet = await client.ask(name, 'A');
    expect([packet.rcode, packet.answers]).toEqual([rcode, []]);
  });

  it('drop: the query is logged and never answered', async () => {
    const { server, client } = await setup();
    const dropped = client.send('drop.test', 'A');
    // The server handles datagrams in order and answers at once, so an answer to the first would come first.
    await client.response(client.send('dual.test', 'A'));
    expect(client.responses.map((packet) => packet.id)).not.toContain(dropped);
    expect(server.queries.map((query) => `${query.name} ${query.type}`)).toEqual(['drop.test A', 'dual.test A']);
  });

  it('a delayed answer comes after an immediate one asked later', async () => {
    const { client } = await setup();
    const slow = client.send('slow.test', 'A');
    const fast = client.send('dual.test', 'A');
    const slowPacket = await client.response(slow);
    expect(client.responses.map((packet) => packet.id)).toEqual([fast, slow]);
    expect(answers(slowPacket)).toEqual([['A', '192.0.2.7', 60]]);
  });

  it('logs every query with its time, in order, and tells onQuery as it arrives', async () => {
    const seen: ReceivedQuery[] = [];
    const { server, client } = await setup({ onQuery: (query) => seen.push(query) });
    await client.ask('Dual.Test', 'AAAA');
    await client.ask('unknown.test', 'A');
    expect(server.queries.map(({ name, type }) => [name, type])).toEqual([
      ['dual.test', 'AAAA'],
      ['unknown.test', 'A'],
    ]);
    expect(seen).toEqual(server.queries);
    const [first, second] = server.queries;
    expect(first?.at).toBeGreaterThanOrEqual(0);
    expect(second?.at).toBeGreaterThanOrEqual(first?.at ?? Number.POSITIVE_INFINITY);
  });

  it('ignores datagrams that are not DNS queries, and keeps serving', async () => {
    const { server, client } = await setup();
    client.sendRaw(Buffer.from('not dns'));
    client.sendRaw(dnsPacket.encode({ type: 'response', id: 77, questions: [{ name: 'dual.test', type: 'A' }] }));
    const packet = await client.ask('dual.test', 'A');
    expect(packet.rcode).toBe('NOERROR');
    expect(client.responses.map((response) => response.id)).not.toContain(77);
    expect(server.queries).toHaveLength(1);
  });

  it('setZone changes the answers from then on', async () => {
    const { server, client } = await setup();
    server.setZone({ 'dual.test': { A: { addresses: ['198.51.100.1'], ttl: 9 } } });
    expect(answers(await client.ask('DUAL.test', 'A'))).toEqual([['A', '198.51.100.1', 9]]);
    expect((await client.ask('slow.test', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('listens on ::1 and writes its address with brackets', async () => {
    const { server, client } = await setup({ host: '::1' });
    expect(server.host).toBe('::1');
    expect(server.address).toBe(`[::1]:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(answers(await client.ask('dual.test', 'AAAA'))).toHaveLength(2);
  });

  it('writes an IPv4 address as host:port', async () => {
    const { server } = await setup();
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('close() drops pending delayed answers and leaves no timer or socket behind; a second close is fine', async () => {
    // The server's own timers, counted apart from whatever else the process has running.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const before = await udpSockets();
      let arrived!: () => void;
      const queried = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const server = await startDnsServer({ zone: ZONE, onQuery: () => arrived() });
      const client = new RawClient(server);
      client.send('never.test', 'A');
      await queried;
      expect(vi.getTimerCount()).toBe(1);
      expect(await udpSockets()).toBe(before + 2);
      await client.close();
      await server.close();
      await server.close();
      expect(vi.getTimerCount()).toBe(0);
      expect(await udpSockets()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a port that is taken, and closes its socket', async () => {
    const { server } = await setup();
    // A server makes timers only for delayed answers; what a refused start could leave is its socket.
    const before = await udpSockets();
    await expect(startDnsServer({ zone: ZONE, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await udpSockets()).toBe(before);
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a host that is not an IP', () => startDnsServer({ zone: ZONE, host: 'localhost' }), /`host`.*"localhost"/],
    ['a port out of range', () => startDnsServer({ zone: ZONE, port: 70000 }), /`port`.*70000/],
    [
      'an IPv6 address in an A record',
      () => startDnsServer({ zone: { 'x.test': { A: { addresses: ['::1'] } } } }),
      /zone\["x\.test"\]\.A\.addresses\[0\]/,
    ],
    [
      'an IPv4 address in an AAAA record',
      () => startDnsServer({ zone: { 'x.test': { AAAA: { addresses: ['127.0.0.1'] } } } }),
      /AAAA\.addresses\[0\].*IPv6/,
    ],
    ['a negative TTL', () => startDnsServer({ zone: { 'x.test': { A: { ttl: -1 } } } }), /A\.ttl/],
    ['a negative delay', () => startDnsServer({ zone: { 'x.test': { A: { delayMs: -5 } } } }), /A\.delayMs/],
    ['an unknown rcode', () => startDnsServer({ zone: { 'x.test': { A: { rcode: 'NOTIMP' as 'REFUSED' } } } }), /A\.rcode.*NOTIMP/],
  ])('refuses %s with an InvalidOptionError', async (_label, start, message) => {
    const error: unknown = await start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(message);
  });

  it('setZone validates too, and keeps the old zone on a bad one', async () => {
    const { server, client } = await setup();
    expect(() => server.setZone({ 'dual.test': { A: { addresses: ['not-an-ip'] } } })).toThrow(InvalidOptionError);
    expect(answers(await client.ask('dual.test', 'A'))).toHaveLength(2);
  });
});
