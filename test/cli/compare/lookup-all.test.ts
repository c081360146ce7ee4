import { afterEach, describe, expect, it } from 'vitest';
import { lookupAllWith } from '../../../src/cli/compare/lookup-all.js';
import { createDnsResolver } from '../../../src/dns/dns-resolver.js';
import { ResolutionFailedError } from '../../../src/errors/resolution-failed-error.js';
import { Loopback } from '../../helpers/loopback.js';

const loopback = new Loopback();
afterEach(() => loopback.close());

async function lookupThrough(zone: Parameters<Loopback['dnsServer']>[0]) {
  const server = await loopback.dnsServer(zone);
  return lookupAllWith(createDnsResolver({ servers: [server.address], timeout: 1000 }));
}

describe('lookupAllWith (a real DNS server)', () => {
  it('IPv6 addresses first, then IPv4, each in answer order', async () => {
    const lookup = await lookupThrough({
      'dual.test': { AAAA: { addresses: ['2001:db8::2', '2001:db8::1'] }, A: { addresses: ['192.0.2.1'] } },
    });
    expect(await lookup('dual.test', 0)).toEqual([
      { address: '2001:db8::2', family: 6 },
      { address: '2001:db8::1', family: 6 },
      { address: '192.0.2.1', family: 4 },
    ]);
  });

  it('asks only for the family it is given', async () => {
    const lookup = await lookupThrough({ 'dual.test': { AAAA: { addresses: ['2001:db8::1'] }, A: { addresses: ['192.0.2.1'] } } });
    expect(await lookup('dual.test', 4)).toEqual([{ address: '192.0.2.1', family: 4 }]);
  });

  it('one family failing does not hide the other', async () => {
    const lookup = await lookupThrough({ 'half.test': { AAAA: { rcode: 'SERVFAIL' }, A: { addresses: ['192.0.2.7'] } } });
    expect(await lookup('half.test', 0)).toEqual([{ address: '192.0.2.7', family: 4 }]);
  });

  it('both failing rejects with a ResolutionFailedError (ENOTFOUND for NXDOMAIN)', async () => {
    const lookup = await lookupThrough({});
    const error = await lookup('missing.test', 0).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ResolutionFailedError);
    expect((error as ResolutionFailedError).code).toBe('ENOTFOUND');
  });

  it('a name without records is an empty answer, not an error', async () => {
    const lookup = await lookupThrough({ 'empty.test': {} });
    expect(await lookup('empty.test', 0)).toEqual([]);
  });
});
