import { isIP } from 'node:net';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { encodeSvcb, HTTPS_TYPE_NAME, type SvcbRecord } from '../dns/svcb.js';
import { checkDuration, checkInteger, MAX_TIMER_MS } from '../util/validate.js';

/** The response codes a zone can answer with (RFC 1035 §4.1.1, RFC 6895 §2.3). */
export type ZoneRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

/** An address, or an address with a TTL of its own (to make answers whose TTLs differ). */
export type ZoneAddress = string | { readonly address: string; readonly ttl: number };

/** How the server answers one record type of one name. */
export interface RecordBehaviour {
  /** The addresses, in answer order. @default none (NOERROR with no records: NODATA) */
  readonly addresses?: readonly ZoneAddress[];
  /** TTL in seconds of the addresses without their own. @default 60 */
  readonly ttl?: number;
  /** Answer this many ms after the query came in. @default 0 */
  readonly delayMs?: number;
  /** Answer with this code; anything but NOERROR carries no records. @default 'NOERROR' */
  readonly rcode?: ZoneRcode;
  /** Never answer (a black-holed query, to exercise timeouts). @default false */
  readonly drop?: boolean;
}

/** How the server answers the HTTPS query of one name: like A/AAAA, with SVCB records instead of addresses. */
export interface HttpsBehaviour extends Omit<RecordBehaviour, 'addresses'> {
  /** The records (RFC 9460), in answer order. @default none (NODATA) */
  readonly records?: readonly SvcbRecord[];
}

/** What each record type of one name does. */
export interface ZoneEntry {
  readonly A?: RecordBehaviour;
  readonly AAAA?: RecordBehaviour;
  readonly HTTPS?: HttpsBehaviour;
}

/** Names to what each of their record types does. A type not listed answers NODATA, a name not listed NXDOMAIN. */
export type DnsZone = Readonly<Record<string, ZoneEntry>>;

/** RFC 1035 §3.2.1: the TTL of records without one of their own, in seconds. */
export const DEFAULT_RECORD_TTL_S = 60;

/** RFC 2181 §8: a TTL is at most 2^31 - 1 seconds. */
const MAX_TTL_S = 2 ** 31 - 1;

/** What to do with one question. */
export type ZoneReply =
  | { readonly drop: true }
  | {
      readonly drop: false;
      readonly rcode: ZoneRcode;
      readonly records: ReadonlyArray<{ readonly address: string; readonly ttl: number } | { readonly svcb: SvcbRecord; readonly ttl: number }>;
      readonly delayMs: number;
    };

/** A name as the zone keys it: lowercase, no trailing dot (DNS names compare case-insensitively, RFC 4343). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Checks a zone and returns a copy keyed by normalised names; throws an `InvalidOptionError` for the first bad entry. */
export function checkZone(zone: DnsZone): DnsZone {
  if (typeof zone !== 'object' || zone === null) throw new InvalidOptionError('zone', zone, 'an object of names');
  const checked: Record<string, ZoneEntry> = {};
  for (const [name, entry] of Object.entries(zone)) {
    const where = `zone[${JSON.stringify(name)}]`;
    if (typeof entry !== 'object' || entry === null) throw new InvalidOptionError(where, entry, 'an object of record types');
    const copy: { -readonly [K in keyof ZoneEntry]?: ZoneEntry[K] } = {};
    for (const type of ['A', 'AAAA'] as const) {
      const behaviour = entry[type];
      if (behaviour !== undefined) copy[type] = checkBehaviour(`${where}.${type}`, type, behaviour);
    }
    if (entry.HTTPS !== undefined) copy.HTTPS = checkHttpsBehaviour(`${where}.HTTPS`, entry.HTTPS);
    checked[normalizeName(name)] = copy;
  }
  return checked;
}

/** The reply to a question about `name` (any case) and `type` (as dns-packet names it: HTTPS is `UNKNOWN_65`). */
export function planReply(zone: DnsZone, name: string, type: string): ZoneReply {
  const entry = zone[normalizeName(name)];
  if (entry === undefined) return { drop: false, rcode: 'NXDOMAIN', records: [], delayMs: 0 };
  const recordType = type === HTTPS_TYPE_NAME ? 'HTTPS' : type;
  if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'HTTPS') return { drop: false, rcode: 'NOERROR', records: [], delayMs: 0 };
  const behaviour = entry[recordType];
  if (behaviour === undefined) return { drop: false, rcode: 'NOERROR', records: [], delayMs: 0 };
  if (behaviour.drop === true) return { drop: true };
  const rcode = behaviour.rcode ?? 'NOERROR';
  const ttl = behaviour.ttl ?? DEFAULT_RECORD_TTL_S;
  const records =
    rcode !== 'NOERROR'
      ? []
      : recordType === 'HTTPS'
        ? (entry.HTTPS?.records ?? []).map((svcb) => ({ svcb, ttl }))
        : (entry[recordType]?.addresses ?? []).map((address) => (typeof address === 'string' ? { address, ttl } : address));
  return { drop: false, rcode, records, delayMs: behaviour.delayMs ?? 0 };
}

const RCODES: readonly ZoneRcode[] = ['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED'];

function checkBehaviour(where: string, type: 'A' | 'AAAA', behaviour: RecordBehaviour): RecordBehaviour {
  const family = type === 'A' ? 4 : 6;
  for (const [index, entry] of (behaviour.addresses ?? []).entries()) {
    const address = typeof entry === 'string' ? entry : entry.address;
    if (isIP(address) !== family || address.includes('%')) {
      throw new InvalidOptionError(`${where}.addresses[${index}]`, address, `an IPv${family} address`);
    }
    if (typeof entry !== 'string') checkInteger(`${where}.addresses[${index}].ttl`, entry.ttl, 0, MAX_TTL_S);
  }
  checkTiming(where, behaviour);
  return behaviour;
}

function checkHttpsBehaviour(where: string, behaviour: HttpsBehaviour): HttpsBehaviour {
  // Encoding checks each record now, so a bad zone fails when it is set, not when a query comes.
  for (const [index, record] of (behaviour.records ?? []).entries()) encodeSvcb(record, `${where}.records[${index}]`);
  checkTiming(where, behaviour);
  return behaviour;
}

function checkTiming(where: string, behaviour: Omit<RecordBehaviour, 'addresses'>): void {
  if (behaviour.ttl !== undefined) checkInteger(`${where}.ttl`, behaviour.ttl, 0, MAX_TTL_S);
  if (behaviour.delayMs !== undefined) checkDuration(`${where}.delayMs`, behaviour.delayMs, 0, MAX_TIMER_MS);
  if (behaviour.rcode !== undefined && !RCODES.includes(behaviour.rcode)) {
    throw new InvalidOptionError(`${where}.rcode`, behaviour.rcode, `one of ${RCODES.join(', ')}`);
  }
}
