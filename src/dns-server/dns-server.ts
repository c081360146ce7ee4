import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';
import { encodeSvcb } from '../dns/svcb.js';
import { formatHostPort } from '../base/host-port.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { checkInteger } from '../util/validate.js';
import { checkZone, type DnsZone, normalizeName, planReply, type ZoneRcode } from './zone.js';

/** One query the server received. */
export interface ReceivedQuery {
  /** The name asked, normalised (lowercase, no trailing dot). */
  readonly name: string;
  /** The record type as dns-packet names it: `A`, `AAAA`, `UNKNOWN_65` (HTTPS), ... */
  readonly type: string;
  /** ms since the server started, from the monotonic clock. */
  readonly at: number;
}

export interface DnsServerOptions {
  zone: DnsZone;
  /** An IP literal to listen on. @default '127.0.0.1' */
  host?: string;
  /** UDP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Called for every query as it arrives (before any answer). */
  onQuery?: (query: ReceivedQuery) => void;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
  /** `host:port`, or `[host]:port` for IPv6: ready for `createDnsResolver({ servers: [address] })`. */
  readonly address: string;
  /** Every query received so far, in arrival order. */
  readonly queries: ReceivedQuery[];
  /** Replaces the zone for queries from now on (answers already planned keep theirs). */
  setZone(zone: DnsZone): void;
  /** Stops listening and drops every pending (delayed) answer. Safe to call twice. */
  close(): Promise<void>;
}

const RCODE_VALUES: Readonly<Record<ZoneRcode, number>> = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 };

/**
 * A small authoritative DNS server over UDP that answers from a {@link DnsZone}, so that tests, the `demo`
 * command and the lab put real DNS packets in front of the resolvers. No TCP: its answers are never truncated.
 *
 * @example
 * const server = await startDnsServer({ zone: { 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'], delayMs: 100 } } } });
 * const resolver = createDnsResolver({ servers: [server.address] });
 */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const host = options.host ?? '127.0.0.1';
  const family = isIP(host);
  if (family === 0) throw new InvalidOptionError('host', host, 'an IP address');
  const requestedPort = checkInteger('port', options.port ?? 0, 0, 65_535);
  let zone = checkZone(options.zone);

  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  const timers = new Set<NodeJS.Timeout>();
  const queries: ReceivedQuery[] = [];
  const startedAt = performance.now();

  socket.on('message', (message, remote) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: nothing sensible to answer
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || question === undefined) return;
    const received: ReceivedQuery = { name: normalizeName(question.name), type: question.type, at: performance.now() - startedAt };
    queries.push(received);
    options.onQuery?.(received);

    const reply = planReply(zone, question.name, question.type);
    if (reply.drop) return;
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | RCODE_VALUES[reply.rcode],
      questions: [question],
      answers: reply.records.map(
        (record): dnsPacket.Answer =>
          'svcb' in record
            ? // dns-packet writes an UNKNOWN_<n> type's `data` as raw RDATA; its typings do not list such types.
              ({
                type: question.type,
                class: 'IN',
                name: question.name,
                ttl: record.ttl,
                data: encodeSvcb(record.svcb),
              } as unknown as dnsPacket.Answer)
            : { type: question.type === 'AAAA' ? 'AAAA' : 'A', class: 'IN', name: question.name, ttl: record.ttl, data: record.address },
      ),
    });
    // The client may be gone (an aborted query); a reply that cannot be delivered is lost, as on a real network.
    const send = () => socket.send(response, remote.port, remote.address, () => {});
    if (reply.delayMs === 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, reply.delayMs);
    timers.add(timer);
  });

  try {
    socket.bind({ address: host, port: requestedPort, exclusive: true });
    await once(socket, 'listening');
  } catch (error) {
    socket.close();
    throw error;
  }
  // An unconnected UDP socket reports nothing worth stopping a test server for; send errors go to send's callback.
  socket.on('error', () => {});

  const port = socket.address().port;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    address: formatHostPort(host, port),
    queries,
    setZone(next: DnsZone): void {
      zone = checkZone(next);
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        socket.close(() => resolve());
      });
      return closing;
    },
  };
}
