/*
 * The RDATA of SVCB and HTTPS records (RFC 9460 §2.2), both ways; dns-packet 5 knows neither type and
 * leaves it as raw bytes (see docs/https-records.md). The format:
 *
 *     SvcPriority (2 octets) | TargetName (uncompressed labels) | SvcParams: { key (2) | length (2) | value }*
 *
 * Priority 0 is AliasMode (parameters are ignored, §2.4.2). The decoder is strict where §2.2 says a record
 * is malformed; keys eyeball does not know are kept as raw bytes.
 */
import { isIP } from 'node:net';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { SvcbFormatError } from '../errors/svcb-format-error.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.js';

/** RFC 9460 §14.3.2: the SvcParamKeys eyeball reads. */
export const SVC_PARAM_KEYS = {
  mandatory: 0,
  alpn: 1,
  'no-default-alpn': 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
} as const;

/** dns-packet 5's name for type 65 (HTTPS, RFC 9460 §14.1), which it does not know: RDATA stays raw bytes. */
export const HTTPS_TYPE_NAME = 'UNKNOWN_65';

/** RFC 9460 §14.3.2: key 65535 is the "invalid key". */
const INVALID_KEY = 65535;
/** RFC 1035 §2.3.4: labels of at most 63 octets, names of at most 255. */
const MAX_LABEL_OCTETS = 63;
const MAX_NAME_OCTETS = 255;
const MAX_UINT16 = 65535;

export interface SvcParams {
  /** Keys the client must understand to use the record (§8), by number. */
  readonly mandatory?: readonly number[];
  /** ALPN protocol ids (§7.1), in the record's order. */
  readonly alpn?: readonly string[];
  /** The default ALPN (`http/1.1` for HTTPS) is not offered (§7.1). */
  readonly noDefaultAlpn?: boolean;
  /** The port to connect to instead of the default (§7.2). */
  readonly port?: number;
  /** Address hints (§7.3). */
  readonly ipv4hint?: readonly string[];
  /** An ECHConfigList (RFC 9848), kept as bytes. */
  readonly ech?: Uint8Array;
  readonly ipv6hint?: readonly string[];
  /** Keys eyeball does not interpret, with their raw values, in key order. */
  readonly unknown?: ReadonlyArray<{ readonly key: number; readonly value: Uint8Array }>;
}

export interface SvcbRecord {
  /** 0: AliasMode; 1 to 65535: ServiceMode, lower first. */
  readonly priority: number;
  /** The TargetName without the trailing dot; `.` is the root (ServiceMode: "the owner name itself"). */
  readonly target: string;
  /** Empty in AliasMode, whatever the record carried (§2.4.2: recipients MUST ignore them). */
  readonly params: SvcParams;
}

/** The presentation name of a key (`alpn`), or `keyNNNNN` for one eyeball does not know (§2.1). */
export function svcParamKeyName(key: number): string {
  const known = Object.entries(SVC_PARAM_KEYS).find(([, value]) => value === key);
  return known ? known[0] : `key${key}`;
}

/**
 * Reads the RDATA of one SVCB/HTTPS record. Throws a `SvcbFormatError` when RFC 9460 calls it malformed.
 */
export function decodeSvcb(rdata: Uint8Array): SvcbRecord {
  const reader = new Reader(rdata);
  const priority = reader.uint16('SvcPriority');
  const target = reader.name();
  if (priority === 0) return { priority, target, params: {} };

  const params: { -readonly [K in keyof SvcParams]: SvcParams[K] } = {};
  const unknown: Array<{ key: number; value: Uint8Array }> = [];
  const seen: number[] = [];
  let previous = -1;
  while (!reader.isDone) {
    const key = reader.uint16('SvcParamKey');
    const value = reader.bytes(reader.uint16(`the length of ${svcParamKeyName(key)}`), `the value of ${svcParamKeyName(key)}`);
    if (key <= previous)
      throw new SvcbFormatError(`key ${svcParamKeyName(key)} after ${svcParamKeyName(previous)}: keys must be strictly increasing`);
    previous = key;
    seen.push(key);
    switch (key) {
      case SVC_PARAM_KEYS.mandatory:
        params.mandatory = readMandatory(value);
        break;
      case SVC_PARAM_KEYS.alpn:
        params.alpn = readAlpn(value);
        break;
      case SVC_PARAM_KEYS['no-default-alpn']:
        if (value.length !== 0) throw new SvcbFormatError('no-default-alpn must have an empty value');
        params.noDefaultAlpn = true;
        break;
      case SVC_PARAM_KEYS.port:
        if (value.length !== 2) throw new SvcbFormatError(`port must be 2 octets, not ${value.length}`);
        params.port = ((value[0] ?? 0) << 8) | (value[1] ?? 0);
        break;
      case SVC_PARAM_KEYS.ipv4hint:
        params.ipv4hint = readAddresses(value, 4, 'ipv4hint', formatIPv4);
        break;
      case SVC_PARAM_KEYS.ech:
        if (value.length === 0) throw new SvcbFormatError('ech must not be empty');
        params.ech = Uint8Array.from(value); // a copy: never a view into the packet
        break;
      case SVC_PARAM_KEYS.ipv6hint:
        params.ipv6hint = readAddresses(value, 16, 'ipv6hint', formatIPv6);
        break;
      case INVALID_KEY:
        throw new SvcbFormatError('key 65535 is the reserved "invalid key"');
      default:
        unknown.push({ key, value: Uint8Array.from(value) });
    }
  }
  // §8: every key that `mandatory` lists must be in the record.
  const missing = (params.mandatory ?? []).filter((key) => !seen.includes(key));
  if (missing.length > 0) throw new SvcbFormatError(`mandatory lists ${missing.map(svcParamKeyName).join(', ')}, which the record lacks`);
  if (unknown.length > 0) params.unknown = unknown;
  return { priority, target, params };
}

/**
 * Writes the RDATA of one SVCB/HTTPS record (for the test DNS server). Throws an `InvalidOptionError`
 * naming `where` for what RFC 9460 would call malformed.
 */
export function encodeSvcb(record: SvcbRecord, where = 'record'): Buffer {
  if (typeof record !== 'object' || record === null) throw new InvalidOptionError(where, record, 'an SVCB record');
  const priority = record.priority;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_UINT16) {
    throw new InvalidOptionError(`${where}.priority`, priority, 'an integer from 0 (AliasMode) to 65535');
  }
  const params = record.params ?? {};
  const entries: Array<[number, Buffer]> = [];
  if (params.mandatory !== undefined) {
    const keys = params.mandatory;
    if (
      keys.length === 0 ||
      keys.some((key, index) => !Number.isInteger(key) || key <= 0 || key >= INVALID_KEY || (index > 0 && key <= (keys[index - 1] ?? 0)))
    ) {
      throw new InvalidOptionError(`${where}.params.mandatory`, keys, 'increasing key numbers from 1 to 65534');
    }
    entries.push([SVC_PARAM_KEYS.mandatory, Buffer.from(keys.flatMap((key) => [key >> 8, key & 0xff]))]);
  }
  if (params.alpn !== undefined) {
    const ids = params.alpn;
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 255 || /[^\u0000-\u00ff]/.test(id))) {
      throw new InvalidOptionError(`${where}.params.alpn`, ids, 'one or more protocol ids of 1 to 255 octets');
    }
    entries.push([SVC_PARAM_KEYS.alpn, Buffer.concat(ids.map((id) => Buffer.concat([Buffer.from([id.length]), Buffer.from(id, 'latin1')])))]);
  }
  if (params.noDefaultAlpn === true) entries.push([SVC_PARAM_KEYS['no-default-alpn'], Buffer.alloc(0)]);
  if (params.port !== undefined) {
    if (!Number.isInteger(params.port) || params.port < 0 || params.port > MAX_UINT16) {
      throw new InvalidOptionError(`${where}.params.port`, params.port, 'an integer from 0 to 65535');
    }
    entries.push([SVC_PARAM_KEYS.port, Buffer.from([params.port >> 8, params.port & 0xff])]);
  }
  if (params.ipv4hint !== undefined) entries.push([SVC_PARAM_KEYS.ipv4hint, writeAddresses(params.ipv4hint, 4, `${where}.params.ipv4hint`)]);
  if (params.ech !== undefined) {
    if (!(params.ech instanceof Uint8Array) || params.ech.length === 0) {
      throw new InvalidOptionError(`${where}.params.ech`, params.ech, 'a non-empty ECHConfigList');
    }
    entries.push([SVC_PARAM_KEYS.ech, Buffer.from(params.ech)]);
  }
  if (params.ipv6hint !== undefined) entries.push([SVC_PARAM_KEYS.ipv6hint, writeAddresses(params.ipv6hint, 6, `${where}.params.ipv6hint`)]);
  for (const { key, value } of params.unknown ?? []) {
    if (!Number.isInteger(key) || key <= SVC_PARAM_KEYS.ipv6hint || key >= INVALID_KEY) {
      throw new InvalidOptionError(`${where}.params.unknown`, key, 'key numbers from 7 to 65534');
    }
    entries.push([key, Buffer.from(value)]);
  }
  entries.sort(([a], [b]) => a - b);
  const keys = entries.map(([key]) => key);
  if (new Set(keys).size !== keys.length) throw new InvalidOptionError(`${where}.params.unknown`, keys, 'keys that appear once');
  const missing = (params.mandatory ?? []).filter((key) => !keys.includes(key));
  if (missing.length > 0) throw new InvalidOptionError(`${where}.params.mandatory`, missing, 'keys that the record has');

  const head = Buffer.from([priority >> 8, priority & 0xff]);
  const body = entries.map(([key, value]) => Buffer.concat([Buffer.from([key >> 8, key & 0xff, value.length >> 8, value.length & 0xff]), value]));
  return Buffer.concat([head, writeName(record.target, `${where}.target`), ...body]);
}

/** Reads RDATA front to back; every read past the end is a `SvcbFormatError` naming the field. */
class Reader {
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  get isDone(): boolean {
    return this.offset >= this.data.length;
  }

  uint16(field: string): number {
    const [high, low] = this.bytes(2, field);
    return ((high ?? 0) << 8) | (low ?? 0);
  }

  bytes(length: number, field: string): Uint8Array {
    if (this.offset + length > this.data.length) throw new SvcbFormatError(`the RDATA ends inside ${field}`);
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** An uncompressed name (RFC 9460 §2.2 forbids compression here), in presentation form. */
  name(): string {
    const labels: string[] = [];
    let total = 1;
    for (;;) {
      const [length = 0] = this.bytes(1, 'TargetName');
      if (length === 0) break;
      if (length > MAX_LABEL_OCTETS) throw new SvcbFormatError('TargetName is compressed or has a label over 63 octets');
      total += length + 1;
      if (total > MAX_NAME_OCTETS) throw new SvcbFormatError('TargetName is longer than 255 octets');
      labels.push(presentLabel(this.bytes(length, 'TargetName')));
    }
    return labels.length === 0 ? '.' : labels.join('.');
  }
}

/** A label as presentation text: letters, digits, `-` and `_` as they are, anything else as `\DDD` (RFC 1035 §5.1). */
function presentLabel(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) =>
    /[A-Za-z0-9_-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`,
  ).join('');
}

function writeName(name: string, where: string): Buffer {
  if (typeof name !== 'string') throw new InvalidOptionError(where, name, 'a domain name');
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed === '') return Buffer.from([0]);
  const labels = trimmed.split('.');
  if (labels.some((label) => !/^[A-Za-z0-9_-]{1,63}$/.test(label)) || trimmed.length + 2 > MAX_NAME_OCTETS) {
    throw new InvalidOptionError(where, name, 'a domain name of letters, digits, - and _ (or "." for the owner name)');
  }
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function readMandatory(value: Uint8Array): number[] {
  if (value.length === 0 || value.length % 2 !== 0) throw new SvcbFormatError('mandatory must be a non-empty list of 2-octet keys');
  const keys: number[] = [];
  for (let index = 0; index < value.length; index += 2) keys.push(((value[index] ?? 0) << 8) | (value[index + 1] ?? 0));
  if (keys.some((key, index) => key === SVC_PARAM_KEYS.mandatory || (index > 0 && key <= (keys[index - 1] ?? 0)))) {
    throw new SvcbFormatError('mandatory must list keys in strictly increasing order, without mandatory itself');
  }
  return keys;
}

function readAlpn(value: Uint8Array): string[] {
  const reader = new Reader(value);
  const ids: string[] = [];
  while (!reader.isDone) {
    const [length = 0] = reader.bytes(1, 'alpn');
    if (length === 0) throw new SvcbFormatError('alpn has an empty protocol id');
    ids.push(Buffer.from(reader.bytes(length, 'alpn')).toString('latin1'));
  }
  if (ids.length === 0) throw new SvcbFormatError('alpn must not be empty');
  return ids;
}

function readAddresses(value: Uint8Array, size: 4 | 16, key: string, format: (bytes: Uint8Array) => string): string[] {
  if (value.length === 0 || value.length % size !== 0) throw new SvcbFormatError(`${key} must be one or more ${size}-octet addresses`);
  const addresses: string[] = [];
  for (let index = 0; index < value.length; index += size) addresses.push(format(value.subarray(index, index + size)));
  return addresses;
}

function writeAddresses(addresses: readonly string[], family: 4 | 6, where: string): Buffer {
  const parsed = Array.isArray(addresses)
    ? addresses.map((address) => (isIP(address) === family ? (family === 4 ? parseIPv4(address) : parseIPv6(address)) : null))
    : [];
  if (parsed.length === 0 || parsed.some((bytes) => bytes === null) || addresses.some((address) => address.includes('%'))) {
    throw new InvalidOptionError(where, addresses, `one or more IPv${family} addresses`);
  }
  return Buffer.concat(parsed.map((bytes) => Buffer.from(bytes ?? [])));
}
