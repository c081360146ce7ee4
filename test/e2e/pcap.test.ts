/*
 * The capture reader on hand-made pcap bytes: the file and record headers, both byte orders and
 * timestamp precisions, Ethernet and Linux cooked frames, TCP flags and DNS questions.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { canonicalAddress, parsePcap } from './lab/pcap.js';

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const MAGIC_NANOSECONDS = 0xa1b23c4d;

function fileHeader(magic: number, linkType: number, isLittleEndian = true): Buffer {
  const header = Buffer.alloc(24);
  const write32 = (value: number, offset: number) => (isLittleEndian ? header.writeUInt32LE(value, offset) : header.writeUInt32BE(value, offset));
  write32(magic, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  write32(65_535, 16);
  write32(linkType, 20);
  return header;
}

function record(seconds: number, fraction: number, frame: Buffer, isLittleEndian = true): Buffer {
  const header = Buffer.alloc(16);
  const write32 = (value: number, offset: number) => (isLittleEndian ? header.writeUInt32LE(value, offset) : header.writeUInt32BE(value, offset));
  write32(seconds, 0);
  write32(fraction, 4);
  write32(frame.length, 8);
  write32(frame.length, 12);
  return Buffer.concat([header, frame]);
}

function ethernet(etherType: number, ip: Buffer): Buffer {
  const header = Buffer.alloc(14);
  header.writeUInt16BE(etherType, 12);
  return Buffer.concat([header, ip]);
}

function ipv6Tcp(source: string, destination: string, sourcePort: number, destinationPort: number, flags: number): Buffer {
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip[6] = 6;
  ipv6Bytes(source).copy(ip, 8);
  ipv6Bytes(destination).copy(ip, 24);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sourcePort, 0);
  tcp.writeUInt16BE(destinationPort, 2);
  tcp[12] = 0x50;
  tcp[13] = flags;
  return Buffer.concat([ip, tcp]);
}

function ipv4Udp(source: string, destination: string, sourcePort: number, destinationPort: number, payload: Buffer): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip[9] = 17;
  Buffer.from(source.split('.').map(Number)).copy(ip, 12);
  Buffer.from(destination.split('.').map(Number)).copy(ip, 16);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(sourcePort, 0);
  udp.writeUInt16BE(destinationPort, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([ip, udp, payload]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  for (const [index, group] of groups.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  return bytes;
}

const SYN_ACK = 0x12;
const RST_ACK = 0x14;
const query = dnsPacket.encode({
  type: 'query',
  id: 4242,
  flags: dnsPacket.RECURSION_DESIRED,
  questions: [{ type: 'AAAA', name: 'Wire-0.lab.test' }],
});
const httpsQuery = Buffer.from(query);
httpsQuery.writeUInt16BE(65, query.length - 4);

describe('parsePcap', () => {
  it('reads Ethernet frames: an IPv6 SYN-ACK, an IPv4 DNS query, with microsecond times', () => {
    const file = Buffer.concat([
      fileHeader(MAGIC_MICROSECONDS, 1),
      record(1_796_668_200, 123_456, ethernet(0x86dd, ipv6Tcp('2001:db8:1::1', '2001:db8:1::2', 443, 40_000, SYN_ACK))),
      record(1_796_668_200, 123_789, ethernet(0x0800, ipv4Udp('192.0.2.100', '192.0.2.53', 50_000, 53, query))),
      record(1_796_668_200, 124_000, ethernet(0x0806, Buffer.alloc(28))),
    ]);
    expect(parsePcap(file)).toEqual([
      {
        kind: 'tcp',
        time: 1_796_668_200_123.456,
        source: '2001:db8:1::1',
        sourcePort: 443,
        destination: '2001:db8:1::2',
        destinationPort: 40_000,
        syn: true,
        ack: true,
        rst: false,
      },
      {
        kind: 'dns',
        time: 1_796_668_200_123.789,
        source: '192.0.2.100',
        sourcePort: 50_000,
        destination: '192.0.2.53',
        destinationPort: 53,
        id: 4242,
        isResponse: false,
        name: 'wire-0.lab.test',
        type: 'AAAA',
      },
    ]);
  });

  it('reads big-endian files, nanosecond times, Linux cooked frames, RSTs and HTTPS questions', () => {
    const cooked = (ip: Buffer) => {
      const header = Buffer.alloc(16);
      header.writeUInt16BE(0x86dd, 14);
      return Buffer.concat([header, ip]);
    };
    const dnsOverV6 = (() => {
      const ip = Buffer.alloc(40);
      ip[0] = 0x60;
      ip[6] = 17;
      ipv6Bytes('2001:db8::53').copy(ip, 8);
      ipv6Bytes('2001:db8:1::9').copy(ip, 24);
      const udp = Buffer.alloc(8);
      udp.writeUInt16BE(53, 0);
      udp.writeUInt16BE(41_000, 2);
      return Buffer.concat([ip, udp, httpsQuery]);
    })();
    const file = Buffer.concat([
      fileHeader(MAGIC_NANOSECONDS, 113, false),
      record(10, 1_500, cooked(ipv6Tcp('2001:db8:1::1', '2001:db8:1::2', 443, 40_000, RST_ACK)), false),
      record(10, 2_000_000, cooked(dnsOverV6), false),
    ]);
    const [rst, dns] = parsePcap(file);
    expect(rst).toMatchObject({ kind: 'tcp', time: 10_000.0015, syn: false, ack: true, rst: true });
    expect(dns).toMatchObject({ kind: 'dns', time: 10_002, source: '2001:db8::53', type: 'HTTPS', name: 'wire-0.lab.test' });
  });

  it('refuses what is not a pcap file, and link types it does not read', () => {
    expect(() => parsePcap(Buffer.from('not a capture at all, just text'))).toThrow('not a pcap file');
    expect(() => parsePcap(fileHeader(MAGIC_MICROSECONDS, 0))).toThrow('link type 0');
  });
});

describe('canonicalAddress', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:1:0:0:0:0:c', '2001:db8:1::c'],
    ['192.0.2.1', '192.0.2.1'],
  ])('%s is %s', (address, canonical) => {
    expect(canonicalAddress(address)).toBe(canonical);
  });
});
