import { createSocket } from 'node:dgram';
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
  const udp = createSocket('udp4');
  const queries: RawQuery[] = [];
  udp.on('message', (bytes, remote) => {
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
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ address: '127.0.0.1', port: 0, exclusive: true }, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  udp.on('error', () => {});
  const port = udp.address().port;

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
    const server = tcp;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve());
    });
  }

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
