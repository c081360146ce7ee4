/*
 * RFC 8305 §4: after sorting, interleave the families, so that a broken family costs one Connection
 * Attempt Delay and not one per address. The first sorted family goes first, up to "First Address Family
 * Count" in a row (at the head only, as asyncio's `interleave=`: a1, a2, b1, a3, b2, b3); then they alternate.
 * Addresses can arrive while attempts run (§6), so each choice is relative to what already started
 * (HEv3 §7): a late AAAA answer after two IPv4 attempts puts IPv6 next, then IPv4 again.
 */
import type { Family } from '../base/family.js';

export interface FamilyAddress {
  readonly address: string;
  readonly family: Family;
}

/**
 * The position in `untried` (sorted by preference) of the address to try next, given the families of the
 * attempts already started (in start order) and the family that sorts first; -1 when nothing is left.
 */
export function pickNextIndex(
  untried: readonly FamilyAddress[],
  startedFamilies: readonly Family[],
  preferredFamily: Family,
  firstFamilyCount: number,
): number {
  if (untried.length === 0) return -1;
  const last = startedFamilies.at(-1);
  const isHead = startedFamilies.length < firstFamilyCount && startedFamilies.every((family) => family === preferredFamily);
  const wanted = last === undefined || isHead ? preferredFamily : otherFamily(last);
  const index = untried.findIndex((candidate) => candidate.family === wanted);
  return index === -1 ? 0 : index;
}

/** The order in which `untried` (sorted by preference) will be tried, given what already started. */
export function planOrder<A extends FamilyAddress>(
  untried: readonly A[],
  startedFamilies: readonly Family[],
  preferredFamily: Family,
  firstFamilyCount: number,
): A[] {
  const rest = [...untried];
  const families = [...startedFamilies];
  const order: A[] = [];
  while (rest.length > 0) {
    const [next] = rest.splice(pickNextIndex(rest, families, preferredFamily, firstFamilyCount), 1);
    if (next === undefined) break;
    order.push(next);
    families.push(next.family);
  }
  return order;
}

function otherFamily(family: Family): Family {
  return family === 6 ? 4 : 6;
}
