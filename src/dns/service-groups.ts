/*
 * Which endpoints HTTPS records make, and in which order (draft-ietf-happy-happyeyeballs-v3-04 §5.2, §6,
 * RFC 9460 §3). Each usable ServiceMode record is a service: the A/AAAA of its TargetName (the owner name
 * for `.`) on its `port` (else the connection's port). Services go by SvcPriority, lowest first; equal
 * priorities are shuffled (§5.2 SHOULD, with an injectable `random` so tests stay exact). The owner's own
 * A/AAAA on the connection's port come last: they are the endpoints "not associated with any service", and
 * RFC 9460 §3's non-SVCB fallback of an SVCB-optional client, which is all that is left when no record is
 * usable. Sorting (RFC 6724) and family interleaving happen within each group (§5.3); the groups are then
 * flattened: every endpoint of a group starts before the next group's first (§6).
 */
import type { ServiceRef } from '../base/endpoint.js';
import type { IgnoredServices } from '../trace/https-record.js';
import type { HttpsRecord } from '../trace/https-record.js';
import { alpnSet, isAlpnCompatible } from './svcb-alpn.js';

/** One group to form: the A/AAAA of `name` on `port`, for `service` (null: the owner's plain addresses). */
export interface ServiceGroupPlan {
  readonly service: ServiceRef | null;
  /** Whose A/AAAA: the host itself, or another name (a TargetName, or where an AliasMode chain ended). */
  readonly name: string;
  /** The record's `port` SvcParam; null for the connection's port. */
  readonly port: number | null;
}

/** The address hints of the usable records, by the name whose A/AAAA they stand for (HEv3 §4.2.1). */
export type HintsByName = Map<string, { readonly 6: string[]; readonly 4: string[] }>;

/** The SvcParamKeys eyeball understands, for `mandatory` (RFC 9460 §8). `ech` is not: Node's TLS has no ECH. */
const UNDERSTOOD_KEYS: ReadonlySet<string> = new Set(['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ipv6hint']);

/**
 * The most ServiceMode records of one answer that eyeball follows, lowest SvcPriority first: each can name
 * a TargetName whose AAAA and A are asked, so one answer of 200 records would make 400 queries. RFC 9460
 * leaves the limit to the client; 8 is also the AliasMode chain's.
 */
export const MAX_SERVICE_RECORDS = 8;

/** ALPN ids that only run over QUIC (RFC 9114 `h3`, its drafts `h3-NN`, RFC 9250 `doq`): no use to TCP. */
const QUIC_ONLY_ALPN = /^(?:h3|h3-\d+|doq)$/;

/**
 * Whether a TCP client offering `clientAlpn` can use `record` (HEv3 §6.2, RFC 9460 §7.1.2, §8): every
 * `mandatory` key is one eyeball understands, and the record's ALPN set has one of the client's ids. A
 * client that offers no ALPN (plain TCP, or TLS without `alpn`) can use any protocol that runs over TCP, so
 * it needs one id in the set that is not QUIC-only: `alpn=h3 no-default-alpn` is of no use to it.
 */
export function isServiceUsable(record: Pick<HttpsRecord, 'alpn' | 'noDefaultAlpn' | 'mandatory'>, clientAlpn: readonly string[]): boolean {
  if (!record.mandatory.every((key) => UNDERSTOOD_KEYS.has(key))) return false;
  if (clientAlpn.length === 0) return alpnSet(record).some((id) => !QUIC_ONLY_ALPN.test(id));
  return isAlpnCompatible(record, clientAlpn);
}

export interface PlanOptions {
  readonly host: string;
  /** Where the AliasMode chain ended (`.` targets mean this name), or `host` without AliasMode. */
  readonly ownerName?: string;
  readonly clientAlpn: readonly string[];
  /** For the order of equal priorities (§5.2: shuffled). @default Math.random */
  readonly random?: () => number;
}

/**
 * The groups for `records` (the ServiceMode records where the AliasMode chain, if any, ended), in the
 * order to try them. When the chain ended at another name without ServiceMode records, that name's A/AAAA
 * form a group of their own (RFC 9460 §3: "the final value of $QNAME"), tagged with priority 0.
 */
export function planServiceGroups(records: readonly HttpsRecord[], options: PlanOptions): ServiceGroupPlan[] {
  const { host } = options;
  const ownerName = options.ownerName ?? host;
  const groups = shuffleTies(followedServices(records, options.clientAlpn), options.random ?? Math.random).map(
    (record): ServiceGroupPlan => ({
      service: { target: nameOf(record, ownerName), priority: record.priority },
      name: nameOf(record, ownerName),
      port: record.port,
    }),
  );
  const hasServices = records.some((record) => record.mode === 'service');
  if (ownerName !== host && !hasServices) groups.push({ service: { target: ownerName, priority: 0 }, name: ownerName, port: null });
  groups.push({ service: null, name: host, port: null });
  return groups;
}

/**
 * The `ipv6hint`/`ipv4hint` addresses of the usable ServiceMode records, by the name they are hints for
 * (`.` is `ownerName`), in record order.
 */
export function hintsByName(records: readonly HttpsRecord[], ownerName: string, clientAlpn: readonly string[]): HintsByName {
  const hints: HintsByName = new Map();
  const followed = new Set(followedServices(records, clientAlpn));
  for (const record of records) {
    if (!followed.has(record)) continue;
    const name = nameOf(record, ownerName);
    const entry = hints.get(name) ?? { 6: [], 4: [] };
    entry[6].push(...record.ipv6hint);
    entry[4].push(...record.ipv4hint);
    hints.set(name, entry);
  }
  return hints;
}

/** The usable ServiceMode records with a port other than 0, by SvcPriority (stable), at most `MAX_SERVICE_RECORDS`. */
function followedServices(records: readonly HttpsRecord[], clientAlpn: readonly string[]): HttpsRecord[] {
  return records
    .filter((record) => record.mode === 'service' && record.port !== 0 && isServiceUsable(record, clientAlpn))
    .sort((a, b) => a.priority - b.priority)
    .slice(0, MAX_SERVICE_RECORDS);
}

/**
 * Which usable ServiceMode records of one answer eyeball ignores, and why (none when the answer has an
 * AliasMode record: its ServiceMode records do not count at all, RFC 9460 §2.4.2).
 */
export function ignoredServices(records: readonly HttpsRecord[], clientAlpn: readonly string[]): IgnoredServices {
  if (records.some((record) => record.mode === 'alias')) return { portZero: 0, overLimit: 0 };
  const usable = records.filter((record) => record.mode === 'service' && isServiceUsable(record, clientAlpn));
  const portZero = usable.filter((record) => record.port === 0).length;
  return { portZero, overLimit: Math.max(0, usable.length - portZero - MAX_SERVICE_RECORDS) };
}

function nameOf(record: HttpsRecord, ownerName: string): string {
  return record.target === '.' ? ownerName : record.target;
}

/** Shuffles each run of equal priority in place (Fisher-Yates), keeping the runs in order. */
function shuffleTies(sorted: HttpsRecord[], random: () => number): HttpsRecord[] {
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end]?.priority === sorted[start]?.priority) end++;
    for (let last = end - 1; last > start; last--) {
      const pick = start + Math.floor(random() * (last - start + 1));
      [sorted[last], sorted[pick]] = [sorted[pick]!, sorted[last]!];
    }
    start = end;
  }
  return sorted;
}
