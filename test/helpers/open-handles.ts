import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Handles that a test of ours can leak: sockets, servers, UDP sockets, DNS requests. Not timers: the test
 * runner keeps its own per-test timeout timer; timers are checked on the fake clock (`pendingTimers`).
 */
const TRACKED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'UDPWrap', 'GetAddrInfoReqWrap', 'QueryReqWrap', 'TCPConnectWrap']);

/**
 * Counts the open handles of the kinds above, after letting pending closes finish. Compare the count
 * before and after a test: a difference is a leak.
 */
export async function countOpenHandles(): Promise<number> {
  for (let i = 0; i < 5; i++) await nextMacrotask();
  return process.getActiveResourcesInfo().filter((name) => TRACKED.has(name)).length;
}
