/**
 * What a lab holds, described before anything is created: names in the lab's DNS zone, and for every
 * address the role it plays. `LabPlan` hands out documentation addresses (RFC 5737, RFC 3849) so that
 * scenarios never share one, and compiles the whole plan into what the namespace, the firewall rules and
 * the daemon need.
 */
import { IPV4ONLY_ARPA, IPV4ONLY_ARPA_ADDRESSES, parseNat64Prefix, synthesizeNat64 } from '../../../src/dns/nat64.js';
import type { DnsZone, HttpsBehaviour, ZoneEntry, ZoneRcode } from '../../../src/dns-server/zone.js';
import type { Family, RecordType } from '../../../src/base/family.js';

/**
 * What an address does with a TCP SYN to the host's port:
 * - `connects`: a listener accepts;
 * - `refuses`: the address is on the namespace's loopback, nothing listens: RST, ECONNREFUSED;
 * - `blackhole`: an nftables rule drops the SYN: no answer ever;
 * - `unreachable`: not on loopback, an `unreachable` route: EHOSTUNREACH at once;
 * - `no-route`: not on loopback and no route at all: ENETUNREACH at once;
 * - `{ slowMs }`: a listener accepts, but the SYN is held that long first (iptables NFQUEUE + syn-delay.c);
 * - `tls`: a TLS server with the lab's key pair (`startLab`'s `tls` option) completes handshakes, ALPN h2 or
 *   http/1.1;
 * - `silent`: a listener accepts TCP and then never sends a byte (a middlebox that never speaks TLS);
 * - `nat64` (A only): no route for the IPv4 address, as `no-route`; its IPv6 form under the plan's NAT64
 *   prefix ({@link LabPlan.nat64}) is on loopback with a listener, so only a NAT64 client reaches it.
 */
export type Role = 'connects' | 'refuses' | 'blackhole' | 'unreachable' | 'no-route' | 'tls' | 'silent' | 'nat64' | { readonly slowMs: number };

/** One record type of one name: an address per role (in answer order) and how the DNS server answers. */
export interface RecordPlan {
  readonly roles?: readonly Role[];
  /** Answer this many ms after the query. */
  readonly delayMs?: number;
  readonly ttl?: number;
  readonly rcode?: ZoneRcode;
  /** Never answer. */
  readonly drop?: boolean;
}

/** Per record type; HTTPS (RFC 9460) carries its records as the DNS server's zone takes them. */
export type HostPlan = Partial<Record<RecordType, RecordPlan>> & { readonly HTTPS?: HttpsBehaviour };

/** A name of the lab zone, with the addresses it was given. */
export interface LabHost {
  /** Fully qualified, as the CLI takes it: `<label>.lab.test`. */
  readonly name: string;
  readonly port: number;
  /** The AAAA addresses, in answer order (one per role). */
  readonly AAAA: readonly string[];
  /** The A addresses, in answer order (one per role). */
  readonly A: readonly string[];
}

export interface LabEndpoint {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
}

/** The protocols the `tls` role's servers negotiate with ALPN (RFC 7301), preferred first. */
export const LAB_TLS_ALPN: readonly string[] = ['h2', 'http/1.1'];

/** What a listener does with a connection: close it at once, run a TLS server on it, or hold it silently. */
export type ListenerKind = 'close' | 'tls' | 'silent';

/** Everything the lab must set up, derived from the plan. */
export interface CompiledPlan {
  /** Addresses to put on the namespace's `lo`. */
  readonly loopbackAddresses: readonly string[];
  /** Addresses that get an `unreachable` route. */
  readonly unreachableRoutes: readonly string[];
  /** Endpoints whose SYNs nftables drops. */
  readonly blackholes: readonly LabEndpoint[];
  /** Endpoints whose SYNs wait in an NFQUEUE queue for `delayMs`. One queue per distinct delay. */
  readonly slow: ReadonlyArray<LabEndpoint & { readonly queue: number; readonly delayMs: number }>;
  /** Endpoints with a listener (every role but refuses, blackhole, unreachable and no-route); `kind` absent: `close`. */
  readonly listeners: ReadonlyArray<LabEndpoint & { readonly kind?: ListenerKind }>;
  /** Where the lab's DNS servers listen (port 53). */
  readonly dnsServers: readonly string[];
  readonly zone: DnsZone;
}

/** The zone every lab name lives in: `.test` is reserved for testing (RFC 6761 §6.2). */
export const LAB_DOMAIN = 'lab.test';
/** The lab's DNS servers (UDP port 53), on the namespace's loopback; resolv.conf points at the IPv4 one. */
export const LAB_DNS_IPV4 = '192.0.2.53';
export const LAB_DNS_IPV6 = '2001:db8::53';
export const LAB_DNS_PORT = 53;
/** The port hosts use unless told otherwise. */
export const DEFAULT_LAB_PORT = 443;

/** RFC 5737 / RFC 3849 documentation prefixes, split by what the addresses are used for. */
const POOLS = {
  // 192.0.2.53 (the DNS server) stays out of the pool.
  onLoopback: { 4: range4('192.0.2.', 100, 250), 6: range6('2001:db8:1::') },
  unreachable: { 4: range4('198.51.100.', 1, 127), 6: range6('2001:db8:ff::') },
  noRoute: { 4: range4('198.51.100.', 128, 254), 6: range6('2001:db8:ee::') },
} as const;

/** NFQUEUE numbers for slow roles start here (one per distinct delay). */
const FIRST_QUEUE = 100;

/**
 * Collects the hosts of one lab. Every role gets a fresh address, so scenarios can run side by side in
 * one namespace without seeing each other.
 *
 * @example
 * const plan = new LabPlan();
 * const host = plan.host('v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } });
 * // host.name === 'v6-blackhole.lab.test', host.AAAA === ['2001:db8:1::1'], host.A === ['192.0.2.100']
 */
export class LabPlan {
  readonly #hosts = new Map<string, { host: LabHost; plan: HostPlan; roles: Map<string, Role> }>();
  readonly #next = { onLoopback: { 4: 0, 6: 0 }, unreachable: { 4: 0, 6: 0 }, noRoute: { 4: 0, 6: 0 } };
  #nat64Prefix: string | null = null;

  /**
   * Plays a DNS64/NAT64 network with `prefix` (RFC 6052, e.g. `2001:db8:64::/96`): the DNS server answers
   * `ipv4only.arpa` (RFC 7050) with A 192.0.0.170 and 192.0.0.171 and AAAA their forms under the prefix, and
   * the `nat64` role puts the IPv6 form of its IPv4 address on loopback. Returns the canonical prefix.
   */
  nat64(prefix: string): string {
    if (this.#nat64Prefix !== null) throw new TypeError(`the plan already has the NAT64 prefix ${this.#nat64Prefix}`);
    this.#nat64Prefix = parseNat64Prefix(prefix, 'prefix').text;
    return this.#nat64Prefix;
  }

  /** Adds a name to the zone, with one address per role of each record type. */
  host(label: string, plan: HostPlan, options: { port?: number } = {}): LabHost {
    const name = this.#name(label);
    const roles = new Map<string, Role>();
    const give = (type: RecordType): string[] =>
      (plan[type]?.roles ?? []).map((role) => {
        if (role === 'nat64' && type !== 'A') throw new TypeError(`the nat64 role is for A records: ${name} has it in ${type}`);
        const address = this.#allocate(role, type === 'A' ? 4 : 6);
        roles.set(address, role);
        return address;
      });
    const host: LabHost = { name, port: options.port ?? DEFAULT_LAB_PORT, AAAA: give('AAAA'), A: give('A') };
    this.#hosts.set(name, { host, plan, roles });
    return host;
  }

  /** A name that is not in the zone: the DNS server answers NXDOMAIN. */
  absent(label: string): string {
    return this.#name(label);
  }

  compile(): CompiledPlan {
    const loopbackAddresses = [LAB_DNS_IPV4, LAB_DNS_IPV6];
    const unreachableRoutes: string[] = [];
    const blackholes: LabEndpoint[] = [];
    const slow: Array<LabEndpoint & { queue: number; delayMs: number }> = [];
    const listeners: Array<LabEndpoint & { kind?: ListenerKind }> = [];
    const queues = new Map<number, number>();
    const zone: Record<string, ZoneEntry> = {};
    const nat64Prefix = this.#nat64Prefix === null ? null : parseNat64Prefix(this.#nat64Prefix);

    for (const { host, plan, roles } of this.#hosts.values()) {
      for (const [address, role] of roles) {
        const endpoint: LabEndpoint = { address, family: address.includes(':') ? 6 : 4, port: host.port };
        if (role === 'unreachable') unreachableRoutes.push(address);
        if (role === 'nat64') {
          if (nat64Prefix === null) throw new TypeError(`${host.name} has the nat64 role: call plan.nat64(prefix) first`);
          const synthesized = synthesizeNat64(address, nat64Prefix);
          loopbackAddresses.push(synthesized);
          listeners.push({ address: synthesized, family: 6, port: host.port });
        }
        if (role === 'unreachable' || role === 'no-route' || role === 'nat64') continue;
        loopbackAddresses.push(address);
        if (role === 'blackhole') blackholes.push(endpoint);
        if (role === 'connects') listeners.push(endpoint);
        if (role === 'tls' || role === 'silent') listeners.push({ ...endpoint, kind: role });
        if (typeof role === 'object') {
          const queue = queues.get(role.slowMs) ?? FIRST_QUEUE + queues.size;
          queues.set(role.slowMs, queue);
          slow.push({ ...endpoint, queue, delayMs: role.slowMs });
          listeners.push(endpoint);
        }
      }
      const entry: { -readonly [K in keyof ZoneEntry]: ZoneEntry[K] } = {};
      if (plan.HTTPS !== undefined) entry.HTTPS = plan.HTTPS;
      for (const type of ['AAAA', 'A'] as const) {
        const record = plan[type];
        if (record === undefined) continue;
        entry[type] = {
          addresses: host[type],
          ...(record.delayMs === undefined ? {} : { delayMs: record.delayMs }),
          ...(record.ttl === undefined ? {} : { ttl: record.ttl }),
          ...(record.rcode === undefined ? {} : { rcode: record.rcode }),
          ...(record.drop === undefined ? {} : { drop: record.drop }),
        };
      }
      zone[host.name] = entry;
    }
    if (nat64Prefix !== null) {
      zone[IPV4ONLY_ARPA] = {
        A: { addresses: IPV4ONLY_ARPA_ADDRESSES },
        AAAA: { addresses: IPV4ONLY_ARPA_ADDRESSES.map((address) => synthesizeNat64(address, nat64Prefix)) },
      };
    }
    return { loopbackAddresses, unreachableRoutes, blackholes, slow, listeners, dnsServers: [LAB_DNS_IPV4, LAB_DNS_IPV6], zone };
  }

  #name(label: string): string {
    if (!/^[a-z0-9-]{1,63}$/u.test(label)) {
      throw new TypeError(`a lab label is lowercase letters, digits and '-': got ${JSON.stringify(label)}`);
    }
    const name = `${label}.${LAB_DOMAIN}`;
    if (this.#hosts.has(name)) throw new TypeError(`${name} is already in the plan`);
    return name;
  }

  #allocate(role: Role, family: Family): string {
    const pool = role === 'unreachable' ? 'unreachable' : role === 'no-route' || role === 'nat64' ? 'noRoute' : 'onLoopback';
    const index = this.#next[pool][family]++;
    const address = POOLS[pool][family](index);
    if (address === undefined) throw new RangeError(`the lab ran out of ${pool} IPv${family} addresses`);
    return address;
  }
}

function range4(prefix: string, first: number, last: number): (index: number) => string | undefined {
  return (index) => (first + index <= last ? `${prefix}${first + index}` : undefined);
}

function range6(prefix: string): (index: number) => string | undefined {
  // Hex from 1: 2001:db8:1::1, ..., 2001:db8:1::ffff.
  return (index) => (index < 0xffff ? `${prefix}${(index + 1).toString(16)}` : undefined);
}
