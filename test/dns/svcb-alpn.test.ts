import { describe, expect, it } from 'vitest';
import { alpnSet, isAlpnCompatible } from '../../src/dns/svcb-alpn.js';

describe('the ALPN set of an HTTPS record (RFC 9460 §7.1.2)', () => {
  it('adds http/1.1 unless no-default-alpn, without repeating it', () => {
    expect(alpnSet({ alpn: ['h2'], noDefaultAlpn: false })).toEqual(['h2', 'http/1.1']);
    expect(alpnSet({ alpn: ['http/1.1', 'h2'], noDefaultAlpn: false })).toEqual(['http/1.1', 'h2']);
    expect(alpnSet({ alpn: ['h3'], noDefaultAlpn: true })).toEqual(['h3']);
    expect(alpnSet({ alpn: [], noDefaultAlpn: false })).toEqual(['http/1.1']);
  });

  it('HEv3 §6.2: h3 only is unusable for a TCP client offering h2 and http/1.1', () => {
    expect(isAlpnCompatible({ alpn: ['h3'], noDefaultAlpn: true }, ['h2', 'http/1.1'])).toBe(false);
    expect(isAlpnCompatible({ alpn: ['h3'], noDefaultAlpn: false }, ['h2', 'http/1.1'])).toBe(true);
    expect(isAlpnCompatible({ alpn: ['h3', 'h2'], noDefaultAlpn: true }, ['h2'])).toBe(true);
  });

  it('a client that offers no ALPN can use every record', () => {
    expect(isAlpnCompatible({ alpn: ['h3'], noDefaultAlpn: true }, [])).toBe(true);
  });
});
