/**
 * Reads what the lab's captures hold: a classic pcap file (the format `tcpdump -w` writes) reduced to the
 * packets the wire tests look at, TCP handshakes and DNS over UDP, each with the time the kernel stamped
 * it (Unix epoch, as `tcpdump -tt` prints it, here in ms). The format is a 24-byte file header and, per
 * packet, a 16-byte record header and the bytes captured.
 */
import dnsPacket from 'dns-packet';

export interface TcpPacket {
  readonly kind: 'tcp';
  /** Unix epoch ms, to the microsecond (or the nanosecond, for a nanosecond capture). */
  readonly time: number;
  readonly source: string;
  readonly sourcePort: number;
  readonly destination: string;
  readonly destinationPort: number;
  readonly syn: boolean;
  readonly ack: boolean;
  readonly rst: boolean;
}

export interface DnsPacket {
  readonly kind: 'dns';
  readonly time: number;
  readonly source: string;
  readonly sourcePort: number;
  readonly destination: string;
  readonly destinationPort: number;
  readonly id: number;
  /** true for an answer (the QR bit). */
  readonly isResponse: boolean;
  /** The first question's name, lower case, without the trailing dot. */
  readonly name: string;
  /** The first question's type: `A`, `AAAA`, `HTTPS`, ... */
  readonly type: string;
}

export type CapturedPacket = TcpPacket | DnsPacket;

/** pcap magic numbers (as read little-endian) and the fraction of a second their timestamps count. */
const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const MAGIC_NANOSECONDS = 0xa1b23c4d;
const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** Link types (tcpdump.org/linktypes.html): Ethernet (what `-i lo` gives on Linux) and Linux "cooked" (`-i any`). */
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTOCOL_TCP = 6;
const PROTOCOL_UDP = 17;
const DNS_PORT = 53;
/** dns-packet has no name for type 65, HTTPS (RFC 9460). */
const RECORD_TYPE_HTTPS_UNNAMED = 'UNKNOWN_65';

/** The TCP and DNS packets of a pcap file, in capture order; anything else in it is skipped. */
export function parsePcap(file: Buffer): CapturedPacket[] {
  if (file.length < FILE_HEADER_BYTES) throw new Error(`not a pcap file: ${file.length} bytes`);
  const magic = file.readUInt32LE(0);
  const isLittleEndian = magic === MAGIC_MICROSECONDS || magic === MAGIC_NANOSECONDS;
  const swapped = file.readUInt32BE(0);
  if (!isLittleEndian && swapped !== MAGIC_MICROSECONDS && swapped !== MAGIC_NANOSECONDS) {
    throw new Error(`not a pcap file: magic 0x${magic.toString(16)}`);
  }
  const read32 = (offset: number): number => (isLittleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  const fractionsPerMs = (isLittleEndian ? magic : swapped) === MAGIC_NANOSECONDS ? 1_000_000 : 1000;
  const linkType = read32(20);
  if (linkType !== LINKTYPE_ETHERNET && linkType !== LINKTYPE_LINUX_SLL) throw new Error(`pcap link type ${linkType} is not read here`);

  const packets: CapturedPacket[] = [];
  for (let offset = FILE_HEADER_BYTES; offset + RECORD_HEADER_BYTES <= file.length; ) {
    const time = read32(offset) * 1000 + read32(offset + 4) / fractionsPerMs;
    const captured = read32(offset + 8);
    const frame = file.subarray(offset + RECORD_HEADER_BYTES, offset + RECORD_HEADER_BYTES + captured);
    offset += RECORD_HEADER_BYTES + captured;
    const [etherType, ip] =
      linkType === LINKTYPE_ETHERNET ? [frame.readUInt16BE(12), frame.subarray(14)] : [frame.readUInt16BE(14), frame.subarray(16)];
    const packet = etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6 ? readIp(time, ip, etherType === ETHERTYPE_IPV6) : null;
    if (packet !== null) packets.push(packet);
  }
  return packets;
}

function readIp(time: number, ip: Buffer, isIpv6: boolean): CapturedPacket | null {
  // IPv6 extension headers do not occur on the lab's loopback: the next header is the transport.
  const [protocol, source, destination, payload] = isIpv6
    ? [ip[6], formatIpv6(ip.subarray(8, 24)), formatIpv6(ip.subarray(24, 40)), ip.subarray(40)]
    : [ip[9], [...ip.subarray(12, 16)].join('.'), [...ip.subarray(16, 20)].join('.'), ip.subarray(((ip[0] ?? 0) & 0x0f) * 4)];
  const sourcePort = payload.readUInt16BE(0);
  const destinationPort = payload.readUInt16BE(2);
  const ends = { time, source, sourcePort, destination, destinationPort };
  if (protocol === PROTOCOL_TCP) {
    const flags = payload[13] ?? 0;
    return { kind: 'tcp', ...ends, syn: (flags & 0x02) !== 0, ack: (flags & 0x10) !== 0, rst: (flags & 0x04) !== 0 };
  }
  if (protocol === PROTOCOL_UDP && (sourcePort === DNS_PORT || destinationPort === DNS_PORT)) {
    const message = dnsPacket.decode(payload.subarray(8));
    const question = message.questions?.[0];
    if (question === undefined) return null;
    return {
      kind: 'dns',
      ...ends,
      id: message.id ?? 0,
      isResponse: message.type === 'response',
      name: question.name.toLowerCase().replace(/\.$/u, ''),
      type: (question.type as string) === RECORD_TYPE_HTTPS_UNNAMED ? 'HTTPS' : question.type,
    };
  }
  return null;
}

/** An IPv6 address in the text form the rest of eyeball writes (RFC 5952: lower case, longest zero run as `::`). */
export function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2).toString(16));
  // The URL parser serializes an IPv6 host the RFC 5952 way.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** The canonical text form of an address as the CLI wrote it, to compare with {@link formatIpv6}'s. */
export function canonicalAddress(address: string): string {
  return address.includes(':') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}
