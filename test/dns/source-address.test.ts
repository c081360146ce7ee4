import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { findSourceAddress, findSourceAddresses } from '../../src/dns/source-address.js';

/**
 * What the kernel itself says about a route: `ip -j route get` returns the preferred source, or fails
 * (exit status 2, "Network is unreachable") when there is no route. This is the oracle for the UDP trick.
 */
function kernelSource(destination: string): string | null {
  const family = destination.includes(':') ? '-6' : '-4';
  let output: string;
  try {
    output = execFileSync('ip', ['-j', family, 'route', 'get', destination], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as { status?: unknown }).status === 2) return null;
    throw error;
  }
  const [route] = JSON.parse(output) as Array<{ prefsrc?: string; type?: string }>;
  if (route?.type === 'unreachable' || route?.type === 'prohibit' || route?.type === 'blackhole') return null;
  return route?.prefsrc ?? null;
}

describe('findSourceAddress', () => {
  it('loopback IPv4 is reached from 127.0.0.1', async () => {
    expect(await findSourceAddress('127.0.0.1', 4)).toBe('127.0.0.1');
  });

  it('loopback IPv6 is reached from ::1', async () => {
    expect(await findSourceAddress('::1', 6)).toBe('::1');
  });

  it('a documentation address (2001:db8::1) gets the source the kernel route table names, or null without a route', async () => {
    expect(await findSourceAddress('2001:db8::1', 6)).toBe(kernelSource('2001:db8::1'));
  });

  it('binds to a given local address first', async () => {
    expect(await findSourceAddress('127.0.0.1', 4, '127.0.0.1')).toBe('127.0.0.1');
    expect(await findSourceAddress('::1', 6, '::1')).toBe('::1');
  });

  it('null when the local address cannot be bound (not ours, or the wrong family)', async () => {
    const ours = new Set(Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address)));
    // Documentation space (RFC 5737): binding an address no interface holds fails with EADDRNOTAVAIL.
    const notOurs = ['203.0.113.254', '198.51.100.254', '192.0.2.254'].find((address) => !ours.has(address));
    expect(notOurs).toBeDefined();
    expect(await findSourceAddress('127.0.0.1', 4, notOurs)).toBeNull();
    expect(await findSourceAddress('127.0.0.1', 4, '::1')).toBeNull();
  });

  it('null for a link-local destination without a zone id (EINVAL), and for an unknown zone', async () => {
    expect(await findSourceAddress('fe80::1', 6)).toBeNull();
    expect(await findSourceAddress('fe80::1%no-such-interface', 6)).toBeNull();
  });

  it('a zone id picks the interface: lo has no link-local route, others answer with their own fe80 address', async () => {
    expect(await findSourceAddress('fe80::1%lo', 6)).toBe(kernelLinkLocalOnLo());
    for (const [name, entries] of Object.entries(networkInterfaces())) {
      const linkLocal = entries?.find((entry) => entry.family === 'IPv6' && entry.address.startsWith('fe80:'));
      if (name === 'lo' || linkLocal === undefined) continue;
      expect(await findSourceAddress(`fe80::1%${name}`, 6)).toBe(`${linkLocal.address}%${name}`);
    }
  });

  it('null, without any lookup, for a name or a literal of the other family', async () => {
    expect(await findSourceAddress('localhost', 4)).toBeNull();
    expect(await findSourceAddress('::1', 4)).toBeNull();
    expect(await findSourceAddress('127.0.0.1', 6)).toBeNull();
  });
});

describe('findSourceAddresses (one socket for several destinations)', () => {
  /** What findSourceAddress says for each destination, one socket each. */
  async function oneByOne(destinations: string[], family: 4 | 6, localAddress?: string): Promise<Array<string | null>> {
    const sources = [];
    for (const destination of destinations) sources.push(await findSourceAddress(destination, family, localAddress));
    return sources;
  }

  it('gives each destination the answer findSourceAddress gives it, in order, failures in between included', async () => {
    // A failed route lookup (no zone id, unknown zone, maybe no IPv6 route) must not spoil the next one.
    const ipv6 = ['::1', 'fe80::1', '2001:db8::1', '127.0.0.1', 'fe80::1%no-such-interface', '::1'];
    const ipv4 = ['127.0.0.1', '::1', 'localhost', '127.0.0.1'];
    expect(await findSourceAddresses(ipv6, 6)).toEqual(await oneByOne(ipv6, 6));
    expect(await findSourceAddresses(ipv6, 6)).toEqual(['::1', null, kernelSource('2001:db8::1'), null, null, '::1']);
    expect(await findSourceAddresses(ipv4, 4)).toEqual(['127.0.0.1', null, null, '127.0.0.1']);
    expect(await findSourceAddresses([], 4)).toEqual([]);
    expect(await findSourceAddresses(['::1'], 6)).toEqual(['::1']);
  });

  it('binds a given local address once; one it cannot bind, or of the other family, gives null for all', async () => {
    expect(await findSourceAddresses(['::1', '::1'], 6, '::1')).toEqual(['::1', '::1']);
    expect(await findSourceAddresses(['127.0.0.1', '127.0.0.1'], 4, '127.0.0.1')).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(await findSourceAddresses(['127.0.0.1', '127.0.0.1'], 4, '::1')).toEqual([null, null]);
    expect(await findSourceAddresses(['127.0.0.1', '127.0.0.1'], 4, '192.0.2.254')).toEqual(
      await oneByOne(['127.0.0.1', '127.0.0.1'], 4, '192.0.2.254'),
    );
  });

  it('leaves no socket open (the process holds as many file descriptors after as before)', async () => {
    const before = readdirSync('/proc/self/fd').length;
    await findSourceAddresses(['::1', 'fe80::1', '::1'], 6);
    await findSourceAddresses(['127.0.0.1', '127.0.0.1'], 4, '192.0.2.254');
    expect(readdirSync('/proc/self/fd')).toHaveLength(before);
  });
});

/** Whether lo has an IPv6 route for fe80::/64 (Linux normally does not), and then the source it would use. */
function kernelLinkLocalOnLo(): string | null {
  try {
    const output = execFileSync('ip', ['-j', '-6', 'route', 'get', 'fe80::1', 'oif', 'lo'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [route] = JSON.parse(output) as Array<{ prefsrc?: string; dev?: string }>;
    return route?.dev === 'lo' && route.prefsrc?.startsWith('fe80:') ? `${route.prefsrc}%lo` : null;
  } catch {
    return null;
  }
}
