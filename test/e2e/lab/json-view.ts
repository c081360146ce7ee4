/**
 * Small views of the CLI's `--json` document for assertions, and the settings every lab scenario shares.
 * Times in the document are ms since the run started; the lab checks them only where timers decide them,
 * within the bounds below.
 */
import type { JsonAttempt, JsonDnsQuery, JsonDocument } from '../../../src/cli/render/json.js';
import type { RecordType } from '../../../src/base/family.js';
import { LAB_DNS_IPV4 } from './plan.js';

/**
 * How late a timer-driven event may come. Generous: CLI runs go side by side on 2 cores, and a node
 * start in one process delays the timers of another.
 */
export const LATE_MS = 150;
/**
 * How early a timer may fire as performance.now() sees it: libuv counts whole milliseconds of a loop
 * time cached at the start of each iteration, so a 250 ms timer can fire about 1 ms short of 250 ms.
 */
export const EARLY_MS = 2;

/** The two resolvers the CLI offers, and the options that pick them inside the lab. */
export const RESOLVERS = {
  /** getaddrinfo, which reads /etc/netns/<ns>/resolv.conf (bind-mounted by `ip netns exec`). */
  system: ['--resolver', 'system'],
  /** eyeball's own DNS client, pointed at the lab server. */
  dns: ['--resolver', 'dns', '--dns-server', LAB_DNS_IPV4],
} as const;
export type ResolverName = keyof typeof RESOLVERS;
export const RESOLVER_NAMES = Object.keys(RESOLVERS) as ResolverName[];

export interface AttemptSummary {
  readonly address: string;
  readonly outcome: string;
  /** The error code, or null. */
  readonly code: string | null;
  readonly startReason: string;
}

/** The attempts in start order, reduced to what a scenario asserts. */
export function attemptSummary(document: JsonDocument): AttemptSummary[] {
  return document.attempts.map(({ address, outcome, error, startReason }) => ({ address, outcome, code: error?.code ?? null, startReason }));
}

/** The attempt to `address`; throws when there was none. */
export function attemptTo(document: JsonDocument, address: string | undefined): JsonAttempt {
  const attempt = document.attempts.find((entry) => entry.address === address);
  if (attempt === undefined) throw new Error(`no attempt to ${address}: ${JSON.stringify(document.attempts)}`);
  return attempt;
}

/** The query of one record type; throws when there was none. */
export function queryFor(document: JsonDocument, type: RecordType): JsonDnsQuery {
  const query = document.dns.find((entry) => entry.type === type);
  if (query === undefined) throw new Error(`no ${type} query: ${JSON.stringify(document.dns)}`);
  return query;
}
