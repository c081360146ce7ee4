/*
 * A small DNS client for the HTTPS record (RFC 9460, type 65) of a name, which Node's resolvers cannot
 * ask for. Deliberately narrow: one server, UDP only (a truncated answer is an error, not a retry over
 * TCP); an answer counts only if it comes from the server asked (a connected socket), carries the query's
 * id and repeats its question.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';
import { errorCode } from '../base/error-info.js';
import type { HttpsRecord } from '../trace/https-record.js';
import { HttpsQueryError } from '../errors/https-query-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { checkInteger, checkSignal, MAX_TIMER_MS } from '../util/validate.js';
import { DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES, parseDnsServer } from './dns-query-settings.js';
import { decodeSvcb, HTTPS_TYPE_NAME, type SvcbRecord, svcParamKeyName } from './svcb.js';

/** DNS Flag Day 2020: the EDNS(0) UDP payload size that avoids IP fragmentation. */
export const EDNS_UDP_PAYLOAD_BYTES = 1232;

const MAX_TRIES = 10;

export interface HttpsAnswer {
  /** The records, AliasMode first, then by priority (RFC 9460 §2.4.1: lower is preferred). Empty for NODATA. */
  readonly records: readonly HttpsRecord[];
  /** The smallest TTL of the records, in seconds; null when unknown (no records, or a record without one). */
  readonly ttl: number | null;
  /** Records skipped because RFC 9460 calls them malformed. */
  readonly malformed: number;
  /** When the answer arrived (`performance.now()`), for a resolver that learns it before its caller can. Absent: when the caller sees it. */
  readonly receivedAt?: number;
}

export interface HttpsQueryOptions {
  /** The server, as `IP`, `IP:PORT` or `[IPv6]:PORT`. */
  readonly server: string;
  /** ms to wait for an answer to each try. @default 5000 */
  readonly timeout?: number;
  /** How many times the query is sent before giving up with `ETIMEOUT`. @default 2 */
  readonly tries?: number;
  /** Aborting closes the socket; the promise rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Called once, when the first try's datagram has been handed to the kernel. */
  readonly onSent?: () => void;
}

/** DNS response codes (RFC 1035 §4.1.1) as the c-ares codes the rest of eyeball uses. */
const RCODE_CODES: Readonly<Record<number, string>> = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };
const RCODE_MASK = 0xf;

/** A record as dns-packet decodes it, unknown types included. */
interface DecodedRecord {
  readonly type: string;
  readonly name: string;
  readonly ttl?: number;
  readonly data?: unknown;
}

/**
 * Asks `server` for the HTTPS records of `name`. Resolves with the records (none for NODATA); rejects with
 * an `HttpsQueryError` (`ENOTFOUND`, `ESERVFAIL`, `EREFUSED`, `ETIMEOUT`, `ECONNREFUSED`, `ETRUNCATED`,
 * `EBADRESP`), an `InvalidOptionError` for bad options, or `signal.reason`.
 *
 * @example
 * const { records } = await queryHttpsRecords('example.com', { server: '127.0.0.1:5353', timeout: 1000 });
 * records[0]; // { mode: 'service', priority: 1, target: '.', alpn: ['h2', 'h3'], ipv4hint: [...], ech: true, ... }
 */
export async function queryHttpsRecords(name: string, options: HttpsQueryOptions): Promise<HttpsAnswer> {
  if (typeof name !== 'string' || name === '' || isIP(name) !== 0) throw new InvalidOptionError('name', name, 'a host name');
  const { host, port } = parseDnsServer(options.server, 'server');
  const timeout = checkInteger('timeout', options.timeout ?? DEFAULT_DNS_TIMEOUT_MS, 1, MAX_TIMER_MS);
  const tries = checkInteger('tries', options.tries ?? DEFAULT_DNS_TRIES, 1, MAX_TRIES);
  const signal = checkSignal('signal', options.signal);
  signal?.throwIfAborted();

  const id = randomInt(0, 65_536);
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    // dns-packet turns `UNKNOWN_65` into type 65 (its typings do not list such names).
    questions: [{ type: HTTPS_TYPE_NAME as dnsPacket.RecordType, class: 'IN', name }],
    additionals: [
      { type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD_BYTES, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] },
    ],
  });

  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  return new Promise<HttpsAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let triesLeft = tries;
    let isSettled = false;
    const finish = (outcome: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      outcome();
    };
    const fail = (code: string, extra?: { cause?: unknown; message?: string }): void => finish(() => reject(new HttpsQueryError(name, code, extra)));
    const onAbort = (): void => finish(() => reject(signal?.reason));
    const send = (): void => {
      const isFirstTry = triesLeft === tries;
      triesLeft--;
      socket.send(query, (error) => {
        if (error) fail(errorCode(error, 'EBADRESP'), { cause: error });
      });
      // A connected UDP socket with nothing queued writes the datagram inside send().
      if (isFirstTry) options.onSent?.();
      timer = setTimeout(() => (triesLeft > 0 ? send() : fail('ETIMEOUT')), timeout);
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    // ICMP port unreachable comes back as ECONNREFUSED on a connected UDP socket.
    socket.on('error', (error) => fail(errorCode(error, 'EBADRESP'), { cause: error }));
    socket.on('message', (message) => {
      const response = readResponse(message, id, name);
      if (response === null) return; // not the answer to this query: keep waiting, as resolvers do
      const rcode = (response.flags ?? 0) & RCODE_MASK;
      if (response.flag_tc) {
        fail('ETRUNCATED', {
          message: `HTTPS query for ${name} failed: the answer was truncated, and eyeball does not ask again over TCP (ETRUNCATED)`,
        });
      } else if (rcode !== 0) fail(RCODE_CODES[rcode] ?? 'EBADRESP');
      else finish(() => resolve(readAnswer(response, name)));
    });
    socket.connect(port, host, () => {
      if (!isSettled) send();
    });
  });
}

/** The decoded response if it answers query `id` about `name`, else null. */
function readResponse(message: Buffer, id: number, name: string): dnsPacket.DecodedPacket | null {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(message);
  } catch {
    return null;
  }
  const question = packet.questions?.[0] as DecodedRecord | undefined;
  const isAnswer =
    packet.type === 'response' &&
    packet.id === id &&
    packet.questions?.length === 1 &&
    question?.type === HTTPS_TYPE_NAME &&
    sameName(question.name, name);
  return isAnswer ? packet : null;
}

/** The HTTPS records of `name` in a NOERROR response, following CNAMEs in the answer section. */
function readAnswer(packet: dnsPacket.DecodedPacket, name: string): HttpsAnswer {
  const owners = [name];
  const records: HttpsRecord[] = [];
  const ttls: Array<number | undefined> = [];
  let malformed = 0;
  for (const answer of (packet.answers ?? []) as readonly DecodedRecord[]) {
    if (!owners.some((owner) => sameName(owner, answer.name))) continue;
    if (answer.type === 'CNAME' && typeof answer.data === 'string') {
      owners.push(answer.data);
      continue;
    }
    if (answer.type !== HTTPS_TYPE_NAME || !Buffer.isBuffer(answer.data)) continue;
    try {
      records.push(toHttpsRecord(decodeSvcb(answer.data)));
      ttls.push(answer.ttl);
    } catch {
      malformed++; // RFC 9460 §2.2: a malformed record is ignored, the others still count
    }
  }
  records.sort((a, b) => a.priority - b.priority);
  // A record without a TTL makes the smallest one unknown.
  const known = ttls.filter((ttl): ttl is number => ttl !== undefined);
  return { records, ttl: known.length > 0 && known.length === ttls.length ? Math.min(...known) : null, malformed };
}

function toHttpsRecord(record: SvcbRecord): HttpsRecord {
  const { params } = record;
  return {
    mode: record.priority === 0 ? 'alias' : 'service',
    priority: record.priority,
    target: record.target,
    alpn: params.alpn ?? [],
    noDefaultAlpn: params.noDefaultAlpn === true,
    port: params.port ?? null,
    ipv4hint: params.ipv4hint ?? [],
    ipv6hint: params.ipv6hint ?? [],
    ech: params.ech !== undefined,
    mandatory: (params.mandatory ?? []).map(svcParamKeyName),
    otherKeys: (params.unknown ?? []).map(({ key }) => svcParamKeyName(key)),
  };
}

/** DNS names compare without regard to ASCII case (RFC 4343) or a trailing dot. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}
