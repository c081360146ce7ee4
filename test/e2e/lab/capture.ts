/**
 * A packet capture of the lab namespace's loopback, where every packet of the lab passes: tcpdump writes
 * the SYNs, SYN-ACKs and RSTs of TCP and the DNS messages to a pcap file while something runs, and
 * `stop()` hands them back parsed, with the kernel's timestamps (`tcpdump -tt`'s clock).
 *
 * Black holes and slow SYNs are made after the capture point (netfilter.ts hooks `input`), so a SYN
 * shows on the wire when it was sent, whatever becomes of it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CapturedPacket, parsePcap } from './pcap.js';

/** What tcpdump keeps: TCP handshake packets and DNS over UDP. */
const FILTER = '(tcp[tcpflags] & (tcp-syn|tcp-rst) != 0) or (ip6 and ip6[6] == 6) or udp port 53';
/** Enough for the lab's DNS answers (they stay well under it); TCP needs only its header. */
const SNAPLEN_BYTES = 2048;
/** How long tcpdump may take to say it is listening. */
const START_TIMEOUT_MS = 10_000;
/** How long it may take to write out and exit after SIGINT. */
const STOP_TIMEOUT_MS = 5_000;

export interface Capture {
  /** Ends the capture and returns its packets in capture order. */
  stop(): Promise<CapturedPacket[]>;
}

/**
 * Starts tcpdump on the namespace's `lo` and resolves once it is capturing. IPv6 TCP packets are kept
 * whole (the BPF `tcp[]` accessor reads IPv4 only) and filtered when parsed.
 */
export async function startCapture(namespace: string): Promise<Capture> {
  const directory = mkdtempSync(join(tmpdir(), 'eyeball-capture-'));
  const file = join(directory, 'lo.pcap');
  // -n: no name lookups; -Z root: keep the rights to write the file; -U: write each packet as it comes;
  // --immediate-mode: no buffering in the kernel.
  // SCHED_IDLE (`chrt --idle 0`): tcpdump writes each packet only on a core the client under test does not need
  // (a timing test would otherwise measure tcpdump's writes); the kernel timestamps the packets all the same.
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      namespace,
      'chrt',
      '--idle',
      '0',
      'tcpdump',
      '-i',
      'lo',
      '-n',
      '-Z',
      'root',
      '-U',
      '--immediate-mode',
      '-s',
      String(SNAPLEN_BYTES),
      '-w',
      file,
      FILTER,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tcpdump did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        // tcpdump says so once the capture is active.
        if (stderr.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => reject(new Error(`cannot run tcpdump: ${error.message}`)));
      void exited.then((code) => reject(new Error(`tcpdump exited with ${code}: ${stderr.trim()}`)));
    });
  } catch (error) {
    await kill(child, exited);
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    async stop() {
      await kill(child, exited);
      try {
        return parsePcap(readFileSync(file)).filter((packet) => packet.kind === 'dns' || packet.syn || packet.rst);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/** SIGINT (tcpdump then writes out what it has), SIGKILL if it lingers. */
async function kill(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
