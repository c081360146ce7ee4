/**
 * What the lab needs: root (network namespaces, nftables, iptables) and a few Debian tools, which
 * .ci/lab-deps.sh installs. Kept apart from prerequisites.ts (the vitest side) so that the benchmark can
 * check the same things without loading vitest.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface LabNeeds {
  /** The slow role: iptables' NFQUEUE target and a C compiler with libnetfilter_queue for syn-delay.c. */
  readonly slow?: boolean;
  /** Packet captures: tcpdump, run at idle priority by chrt (util-linux). */
  readonly capture?: boolean;
}

const NFQUEUE_HEADER = '/usr/include/libnetfilter_queue/libnetfilter_queue.h';

/** Why the lab cannot run here, or null when it can. */
export function missingForLab(needs: LabNeeds = {}): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces, nftables and iptables need root (run as root, as CI does)';
  const commands = [
    'ip',
    'nft',
    ...(needs.slow === true ? ['iptables', 'ip6tables', 'gcc'] : []),
    ...(needs.capture === true ? ['tcpdump', 'chrt'] : []),
  ];
  const absent = commands.filter((command) => !onPath(command));
  if (absent.length > 0) return `not installed: ${absent.join(', ')} (.ci/lab-deps.sh installs them)`;
  if (needs.slow === true && !isReadable(NFQUEUE_HEADER)) return 'libnetfilter-queue-dev is not installed (.ci/lab-deps.sh installs it)';
  return null;
}

/** True when the CI environment variable says we run in CI. */
export function isCi(): boolean {
  const value = process.env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function onPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, command)));
}

function isExecutable(path: string): boolean {
  return hasAccess(path, constants.X_OK);
}

function isReadable(path: string): boolean {
  return hasAccess(path, constants.R_OK);
}

function hasAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
