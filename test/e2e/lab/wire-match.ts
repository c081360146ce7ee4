/**
 * Lays a `--json` document on a packet capture of the same run: every event of the report that has a
 * packet (a DNS query sent, a DNS answer received, an attempt's SYN, the SYN-ACK or RST that ended it)
 * paired with that packet, both as ms since the report's `timeOrigin`. What cannot be paired (an attempt
 * without a SYN, a SYN without an attempt, an answer the report has and the wire has not) is a problem.
 */
import type { JsonDocument } from '../../../src/cli/render/json.js';
import { canonicalAddress, type CapturedPacket, type DnsPacket, type TcpPacket } from './pcap.js';
import type { LabHost } from './plan.js';

export type WireEvent = 'DNS query sent' | 'DNS answer received' | 'SYN (attempt started)' | 'SYN-ACK (connected)' | 'RST (refused)';

/** One event of the report beside its packet. Times are ms since `timeOrigin`. */
export interface WireRow {
  readonly event: WireEvent;
  /** The record type or the address. */
  readonly subject: string;
  readonly wireMs: number;
  readonly reportMs: number;
  /** reportMs − wireMs: positive when the report is late. */
  readonly errorMs: number;
}

export interface WireMatch {
  readonly rows: readonly WireRow[];
  readonly problems: readonly string[];
}

/**
 * Pairs the document's events with the capture's packets for `host`. With the system resolver the
 * queries are the OS's, not eyeball's: only the answers are paired (when the OS handed them back is the
 * nearest eyeball can see). A query the report calls cancelled though its answer was on the wire before the
 * cancel is paired too, with the cancel's time: the report learned of that answer at least that late.
 */
export function matchToWire(document: JsonDocument, packets: readonly CapturedPacket[], host: LabHost, resolver: 'system' | 'dns'): WireMatch {
  const rows: WireRow[] = [];
  const problems: string[] = [];
  const since = (time: number): number => time - document.timeOrigin;
  const pair = (event: WireEvent, subject: string, wireTime: number, reportMs: number): void => {
    const wireMs = since(wireTime);
    rows.push({ event, subject, wireMs, reportMs, errorMs: reportMs - wireMs });
  };

  // DNS: the host's own A and AAAA queries, and (`--resolver dns`) its HTTPS query.
  const dns = packets.filter((packet): packet is DnsPacket => packet.kind === 'dns' && packet.name === host.name.toLowerCase());
  const queries = [
    ...document.dns.filter((query) => query.name === null).map((query) => ({ ...query, type: query.type as string })),
    ...(document.https === null ? [] : [{ type: 'HTTPS', ...document.https }]),
  ];
  for (const query of queries) {
    const sent = dns.find((packet) => !packet.isResponse && packet.type === query.type);
    const answered = dns.find((packet) => packet.isResponse && packet.type === query.type);
    if (resolver === 'dns') {
      if (sent === undefined) problems.push(`the ${query.type} query the report sent at ${query.startedAt} ms is not on the wire`);
      else pair('DNS query sent', query.type, sent.time, query.startedAt);
    }
    if (query.cancelled) {
      if (answered !== undefined && since(answered.time) < query.endedAt)
        pair('DNS answer received', `${query.type} (reported cancelled)`, answered.time, query.endedAt);
    } else if (answered === undefined) {
      problems.push(`the report has the ${query.type} query answered at ${query.endedAt} ms, but no answer is on the wire`);
    } else {
      pair('DNS answer received', query.type, answered.time, query.endedAt);
    }
  }

  // TCP: one flow per attempt, told apart by the client's port; each starts with a SYN to the host.
  const addresses = new Set([...host.AAAA, ...host.A].map(canonicalAddress));
  const tcp = packets.filter((packet): packet is TcpPacket => packet.kind === 'tcp');
  const flows = new Map<string, { address: string; syn: TcpPacket; synAck?: TcpPacket; rst?: TcpPacket }>();
  for (const packet of tcp) {
    const isToHost = addresses.has(packet.destination) && packet.destinationPort === host.port;
    const isFromHost = addresses.has(packet.source) && packet.sourcePort === host.port;
    if (isToHost && packet.syn && !packet.ack) {
      const key = `${packet.destination} ${packet.sourcePort}`;
      // A retransmitted SYN belongs to the flow its first SYN opened.
      if (!flows.has(key)) flows.set(key, { address: packet.destination, syn: packet });
    } else if (isFromHost) {
      const flow = flows.get(`${packet.source} ${packet.destinationPort}`);
      if (flow === undefined) continue;
      if (packet.syn && packet.ack) flow.synAck ??= packet;
      if (packet.rst) flow.rst ??= packet;
    }
  }
  const onWire = [...flows.values()];
  const attempted = document.attempts.map((attempt) => canonicalAddress(attempt.address));
  const synced = onWire.map((flow) => flow.address);
  if (JSON.stringify([...attempted].sort()) !== JSON.stringify([...synced].sort())) {
    problems.push(`the report's attempts (${attempted.join(', ') || 'none'}) are not the SYNs on the wire (${synced.join(', ') || 'none'})`);
    return { rows, problems };
  }
  // Attempts to one address pair with its flows in order.
  for (const attempt of document.attempts) {
    const index = onWire.findIndex((flow) => flow.address === canonicalAddress(attempt.address));
    const [flow] = onWire.splice(index, 1);
    if (flow === undefined) continue;
    pair('SYN (attempt started)', attempt.address, flow.syn.time, attempt.startedAt);
    if (attempt.outcome === 'connected') {
      if (flow.synAck === undefined) problems.push(`${attempt.address} connected at ${attempt.endedAt} ms without a SYN-ACK on the wire`);
      else pair('SYN-ACK (connected)', attempt.address, flow.synAck.time, attempt.endedAt);
    } else if (attempt.error?.code === 'ECONNREFUSED') {
      if (flow.rst === undefined) problems.push(`${attempt.address} was refused at ${attempt.endedAt} ms without an RST on the wire`);
      else pair('RST (refused)', attempt.address, flow.rst.time, attempt.endedAt);
    } else if (flow.synAck !== undefined && since(flow.synAck.time) < attempt.endedAt) {
      problems.push(
        `${attempt.address} had its SYN-ACK at ${since(flow.synAck.time).toFixed(3)} ms, but the report says ${attempt.outcome} at ${attempt.endedAt} ms`,
      );
    }
  }
  return { rows, problems };
}

/** The worst error (largest magnitude, with its sign) of each event kind in `rows`. */
export function worstByEvent(rows: readonly WireRow[]): Map<WireEvent, WireRow> {
  const worst = new Map<WireEvent, WireRow>();
  for (const row of rows) {
    const current = worst.get(row.event);
    if (current === undefined || Math.abs(row.errorMs) > Math.abs(current.errorMs)) worst.set(row.event, row);
  }
  return worst;
}

/** Every row, as a Markdown table: event, subject, wire, report, error. */
export function formatRows(rows: readonly WireRow[]): string {
  const lines = ['| event | subject | on the wire (ms) | in the report (ms) | error (ms) |', '|---|---|---:|---:|---:|'];
  for (const row of rows) {
    lines.push(`| ${row.event} | ${row.subject} | ${row.wireMs.toFixed(3)} | ${row.reportMs.toFixed(3)} | ${signed(row.errorMs)} |`);
  }
  return lines.join('\n');
}

/** A difference with its sign: +3.214, −0.052. */
export function signed(ms: number): string {
  return ms < 0 ? `−${(-ms).toFixed(3)}` : `+${ms.toFixed(3)}`;
}
