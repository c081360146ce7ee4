import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';

/** A query as the raw server decoded it, with the bytes it came in. */
export interface RawQuery {
  readonly packet: dnsPacket.DecodedPacket;
  readonly bytes: Buffer;
}

/** What to send back for one query: bytes, or null for silence. */
export type RawResponder = (query: RawQuery) => Buffer | null;

export interface RawDnsServer {
  /** `127.0.0.1:PORT`, for `createDnsResolver({ servers })`. */
  readonly address: string;
  readonly port: number;
  /** Every UDP query received, in order. */
  readonly queries: RawQuery[];
  /** How many TCP connections were accepted (c-ares retries over TCP after a truncated answer). */
  readonly tcpConnections: () => number;
  close(): Promise<void>;
}

export interface RawDnsServerOptions {
  /** Answers each UDP query. */
  readonly udp: RawResponder;
  /**
   * Also listen on TCP at the same port and treat each connection this way: `answer` replies to each
   * query with the message it returns (the length prefix is added here), `silent` accepts and never
   * speaks. @default no TCP listener
   */
  readonly tcp?: 'silent' | { readonly answer: (query: dnsPacket.DecodedPacket) => Buffer };
}

/**
 * A DNS server on 127.0.0.1 that misbehaves on purpose: the test decides byte for byte what goes back
 * (garbage, a truncated answer, the wrong id, the wrong question), unlike src/dns-server, which only
 * speaks correct DNS. Unparsable queries are ignored.
 */
export async function startRawDnsServer(options: RawDnsServerOptions): Promise<RawDnsServer> {
  const queries: RawQuery[] = [];
  const onMessage = (udp: UdpSocket, bytes: Buffer, remote: { port: number; address: string }): void => {
    let packet: dnsPacket.DecodedPacket;
    try {
      packet = dnsPacket.decode(bytes);
    } catch {
      return;
    }
    const query = { packet, bytes };
    queries.push(query);
    const reply = options.udp(query);
    if (reply !== null) udp.send(reply, remote.port, remote.address, () => {});
  };

  let tcp: Server | null = null;
  const sockets = new Set<Socket>();
  let tcpConnections = 0;
  if (options.tcp !== undefined) {
    const behaviour = options.tcp;
    tcp = createServer((socket) => {
      tcpConnections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      if (behaviour === 'silent') return;
      socket.on('data', (chunk) => {
        // RFC 1035 §4.2.2: over TCP each message is preceded by its length in two bytes. (A query is
        // small enough to arrive in one chunk on loopback.)
        const reply = behaviour.answer(dnsPacket.decode(chunk.subarray(2)));
        const length = Buffer.alloc(2);
        length.writeUInt16BE(reply.length);
        socket.write(Buffer.concat([length, reply]));
      });
    });
  }
  const udp = await bindSamePort(tcp, onMessage);
  const port = udp.address().port;

  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    tcpConnections: () => tcpConnections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        tcp === null ? undefined : new Promise<void>((resolve) => tcp?.close(() => resolve())),
      ]);
    },
  };
}

/** Ports tried for a UDP port that is free for TCP too, before giving up. */
const PORT_TRIES = 20;

/**
 * A UDP socket on a free port of 127.0.0.1 and, when there is one, `tcp` listening on the same port. The
 * kernel picks the UDP port, which another test's TCP socket may hold (EADDRINUSE): then another port.
 */
async function bindSamePort(
  tcp: Server | null,
  onMessage: (udp: UdpSocket, bytes: Buffer, remote: { port: number; address: string }) => void,
): Promise<UdpSocket> {
  for (let attempt = 1; ; attempt++) {
    const udp = createSocket('udp4');
    udp.on('message', (bytes, remote) => onMessage(udp, bytes, remote));
    await listenOn(udp, (done) => udp.bind({ address: '127.0.0.1', port: 0, exclusive: true }, done));
    try {
      if (tcp !== null) await listenOn(tcp, (done) => tcp.listen({ host: '127.0.0.1', port: udp.address().port, exclusive: true }, done));
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= PORT_TRIES) throw error;
      continue;
    }
    udp.on('error', () => {});
    return udp;
  }
}

/** Runs `start` and settles on its callback or the first `error`. */
function listenOn(emitter: UdpSocket | Server, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    emitter.once('error', reject);
    start(() => {
      emitter.off('error', reject);
      resolve();
    });
  });
}

/** A well-formed response to `query` with one A record per address (and `flags` on top of RD). */
export function encodeResponse(
  query: dnsPacket.DecodedPacket,
  changes: { id?: number; flags?: number; questions?: dnsPacket.Question[]; answers?: dnsPacket.Answer[] } = {},
): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: changes.id ?? query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | (changes.flags ?? 0),
    questions: changes.questions ?? query.questions ?? [],
    answers: changes.answers ?? [],
  });
}
