/**
 * The firewall side of the roles: nftables drops the SYNs of black holes; iptables hands the SYNs of
 * slow endpoints to NFQUEUE queues where syn-delay.c holds them. (iptables, because this kernel has the
 * NFQUEUE xtables target but not nftables' `queue` expression.) Both act on the way in (the `input` hook),
 * after a capture of `lo` has seen the SYN: on the wire a SYN leaves when it was sent, as on a real
 * network where the loss or the wait is somewhere past the host.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledPlan, LabEndpoint } from './plan.js';
import { run } from './namespace.js';
import { LAB_DIR } from './paths.js';

const SYN_DELAY_SOURCE = `${LAB_DIR}syn-delay.c`;
/** Where the compiled syn-delay is cached between runs (keyed by a hash of its source). */
const BUILD_DIR = join(tmpdir(), 'eyeball-lab-build');

/** The nftables ruleset (in `nft -f` syntax) that drops every TCP packet to the black holes. */
export function blackholeRuleset(blackholes: readonly LabEndpoint[]): string {
  const rules = blackholes.map(({ address, family, port }) => `    ${family === 6 ? 'ip6' : 'ip'} daddr ${address} tcp dport ${port} drop`);
  return ['table inet eyeball_lab {', '  chain input {', '    type filter hook input priority filter; policy accept;', ...rules, '  }', '}', ''].join(
    '\n',
  );
}

/** Loads the black-hole rules into the namespace. */
export function applyBlackholes(namespace: string, blackholes: readonly LabEndpoint[]): void {
  if (blackholes.length === 0) return;
  run('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], blackholeRuleset(blackholes));
}

/**
 * Sends the first SYN of each slow endpoint (and its retransmissions) to its queue. Only SYNs: the rest of
 * the handshake must not wait again.
 */
export function applySlowRules(namespace: string, slow: CompiledPlan['slow']): void {
  for (const { address, family, port, queue } of slow) {
    run('ip', [
      'netns',
      'exec',
      namespace,
      family === 6 ? 'ip6tables' : 'iptables',
      '-t',
      'mangle',
      '-A',
      'INPUT',
      '-p',
      'tcp',
      '-d',
      address,
      '--dport',
      String(port),
      '--tcp-flags',
      'SYN,ACK,RST,FIN',
      'SYN',
      '-j',
      'NFQUEUE',
      '--queue-num',
      String(queue),
    ]);
  }
}

/** The syn-delay arguments (`QUEUE:DELAY_MS`, one per queue) for the slow endpoints. */
export function synDelayArguments(slow: CompiledPlan['slow']): string[] {
  return [...new Set(slow.map(({ queue, delayMs }) => `${queue}:${delayMs}`))];
}

/** Compiles syn-delay.c with gcc (once per version of the source) and returns the binary's path. */
export function buildSynDelay(): string {
  const source = readFileSync(SYN_DELAY_SOURCE);
  const binary = join(BUILD_DIR, `syn-delay-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(BUILD_DIR, { recursive: true });
  // Build beside the target and rename: two test files may compile at the same time.
  const partial = `${binary}.${process.pid}`;
  run('gcc', ['-O2', '-Wall', '-o', partial, SYN_DELAY_SOURCE, '-lnetfilter_queue']);
  renameSync(partial, binary);
  return binary;
}
