import { describe, expect, it } from 'vitest';
import { type FamilyAddress, pickNextIndex, planOrder } from '../../src/dns/interleave.js';

const v6 = (n: number): FamilyAddress => ({ address: `2001:db8::${n}`, family: 6 });
const v4 = (n: number): FamilyAddress => ({ address: `192.0.2.${n}`, family: 4 });
const names = (list: readonly FamilyAddress[]) => list.map(({ address }) => address);

describe('pickNextIndex: choosing relative to what already started (RFC 8305 §6)', () => {
  it('after two IPv4 attempts, a late IPv6 answer goes next, then IPv4 again (T4)', () => {
    const untried = [v6(1), v6(2), v4(3)];
    expect(pickNextIndex(untried, [4, 4], 6, 1)).toBe(0);
    expect(names(planOrder(untried, [4, 4], 6, 1))).toEqual(names([v6(1), v4(3), v6(2)]));
  });

  it('an IPv6 attempt running and IPv4 arriving puts IPv4 ahead of the remaining IPv6', () => {
    expect(names(planOrder([v6(2), v4(1), v4(2)], [6], 6, 1))).toEqual(names([v4(1), v6(2), v4(2)]));
  });

  it('nothing left gives -1', () => {
    expect(pickNextIndex([], [6], 6, 1)).toBe(-1);
  });
});
