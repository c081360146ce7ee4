import { describe, expect, it } from 'vitest';
import { hintsByName, ignoredServices, isServiceUsable, MAX_SERVICE_RECORDS, planServiceGroups } from '../../src/dns/service-groups.js';
import { serviceRecord } from '../helpers/fake-network.js';

const host = 'www.example';

describe('which HTTPS records a TCP client can use (HEv3 -04 §6.2, RFC 9460 §7.1.2, §8)', () => {
  it("a client offering ALPN ids needs one of them in the record's ALPN set", () => {
    expect(isServiceUsable(serviceRecord({ alpn: ['h3'], noDefaultAlpn: true }), ['h2', 'http/1.1'])).toBe(false);
    expect(isServiceUsable(serviceRecord({ alpn: ['h3'] }), ['http/1.1'])).toBe(true);
    expect(isServiceUsable(serviceRecord({ alpn: ['h2', 'h3'], noDefaultAlpn: true }), ['h2'])).toBe(true);
  });

  it('a client offering no ALPN needs a protocol that runs over TCP: QUIC-only sets are of no use', () => {
    expect(isServiceUsable(serviceRecord({ alpn: ['h3'], noDefaultAlpn: true }), [])).toBe(false);
    expect(isServiceUsable(serviceRecord({ alpn: ['h3', 'h3-29', 'doq'], noDefaultAlpn: true }), [])).toBe(false);
    expect(isServiceUsable(serviceRecord({ alpn: ['h3'], noDefaultAlpn: false }), [])).toBe(true);
    expect(isServiceUsable(serviceRecord({ alpn: ['h3', 'h2'], noDefaultAlpn: true }), [])).toBe(true);
    expect(isServiceUsable(serviceRecord(), [])).toBe(true);
  });

  it('a record whose mandatory keys include one eyeball does not understand is unusable (ech: Node has no ECH)', () => {
    expect(isServiceUsable(serviceRecord({ mandatory: ['alpn', 'ipv4hint'], alpn: ['h2'] }), [])).toBe(true);
    expect(isServiceUsable(serviceRecord({ mandatory: ['ech'], ech: true }), [])).toBe(false);
    expect(isServiceUsable(serviceRecord({ mandatory: ['key667'], otherKeys: ['key667'] }), [])).toBe(false);
  });
});

describe('groups of endpoints from HTTPS records (HEv3 -04 §5.2, RFC 9460 §3)', () => {
  it("no records: the host's own addresses on the connection's port, as the one group", () => {
    expect(planServiceGroups([], { host, clientAlpn: [] })).toEqual([{ service: null, name: host, port: null }]);
  });

  it("sorts by SvcPriority, lowest first; `.` stands for the host; the host's plain addresses come last", () => {
    const records = [
      serviceRecord({ priority: 3, target: '.', port: 8443 }),
      serviceRecord({ priority: 1, target: 'svc.example' }),
      serviceRecord({ priority: 2, target: 'alt.example', port: 9000 }),
    ];
    expect(planServiceGroups(records, { host, clientAlpn: [] })).toEqual([
      { service: { target: 'svc.example', priority: 1 }, name: 'svc.example', port: null },
      { service: { target: 'alt.example', priority: 2 }, name: 'alt.example', port: 9000 },
      { service: { target: host, priority: 3 }, name: host, port: 8443 },
      { service: null, name: host, port: null },
    ]);
  });

  it('shuffles equal priorities with the injected random, keeping the priority order', () => {
    const records = ['a', 'b', 'c'].map((name) => serviceRecord({ priority: 1, target: `${name}.example` }));
    const order = (random: () => number) =>
      planServiceGroups([serviceRecord({ priority: 2, target: 'z.example' }), ...records], { host, clientAlpn: [], random }).map(
        (group) => group.name,
      );
    // Fisher-Yates from the end: random() = 0 always swaps with the first of the run.
    expect(order(() => 0)).toEqual(['b.example', 'c.example', 'a.example', 'z.example', host]);
    expect(order(() => 0.999)).toEqual(['a.example', 'b.example', 'c.example', 'z.example', host]);
  });

  it("leaves out unusable records; with none usable, only the host's plain addresses are left (non-SVCB fallback)", () => {
    const h3Only = { alpn: ['h3'], noDefaultAlpn: true };
    const records = [serviceRecord({ target: '.', ...h3Only }), serviceRecord({ priority: 2, target: 'svc.example', ...h3Only })];
    expect(planServiceGroups(records, { host, clientAlpn: ['h2'] })).toEqual([{ service: null, name: host, port: null }]);
    expect(planServiceGroups(records, { host, clientAlpn: ['h3'] }).map((group) => group.name)).toEqual([host, 'svc.example', host]);
  });

  it('where an AliasMode chain ended: `.` is that name; without ServiceMode records, that name gets a priority-0 group', () => {
    expect(planServiceGroups([serviceRecord({ port: 8443 })], { host, ownerName: 'cdn.example', clientAlpn: [] })).toEqual([
      { service: { target: 'cdn.example', priority: 1 }, name: 'cdn.example', port: 8443 },
      { service: null, name: host, port: null },
    ]);
    expect(planServiceGroups([], { host, ownerName: 'cdn.example', clientAlpn: [] })).toEqual([
      { service: { target: 'cdn.example', priority: 0 }, name: 'cdn.example', port: null },
      { service: null, name: host, port: null },
    ]);
  });

  it('collects the hints of usable records by the name they stand for', () => {
    const records = [
      serviceRecord({ ipv6hint: ['2001:db8::1'], ipv4hint: ['192.0.2.1'] }),
      serviceRecord({ priority: 2, target: 'svc.example', ipv4hint: ['192.0.2.9'] }),
      serviceRecord({ priority: 3, ipv6hint: ['2001:db8::2'] }),
      serviceRecord({ priority: 4, target: 'quic.example', alpn: ['h3'], noDefaultAlpn: true, ipv4hint: ['192.0.2.7'] }),
    ];
    expect(hintsByName(records, host, [])).toEqual(
      new Map([
        [host, { 6: ['2001:db8::1', '2001:db8::2'], 4: ['192.0.2.1'] }],
        ['svc.example', { 6: [], 4: ['192.0.2.9'] }],
      ]),
    );
  });
});

describe('values from the network that make no group', () => {
  it('a record with port 0 gives neither a group nor hints, and is counted as ignored', () => {
    const records = [
      serviceRecord({ priority: 1, target: 'zero.example', port: 0, ipv4hint: ['192.0.2.1'] }),
      serviceRecord({ priority: 2, target: 'ok.example', port: 8443 }),
    ];
    expect(planServiceGroups(records, { host, clientAlpn: [] }).map((plan) => plan.name)).toEqual(['ok.example', host]);
    expect([...hintsByName(records, host, []).keys()]).toEqual(['ok.example']);
    expect(ignoredServices(records, [])).toEqual({ portZero: 1, overLimit: 0 });
  });

  it(`at most ${MAX_SERVICE_RECORDS} ServiceMode records are followed, the lowest priorities; the rest are counted`, () => {
    const records = Array.from({ length: MAX_SERVICE_RECORDS + 3 }, (_, index) =>
      serviceRecord({ priority: 20 - index, target: `t${index}.example`, ipv6hint: ['2001:db8::1'] }),
    );
    const followed = records
      .slice(3)
      .map((record) => record.target)
      .reverse();
    expect(planServiceGroups(records, { host, clientAlpn: [] }).map((plan) => plan.name)).toEqual([...followed, host]);
    expect([...hintsByName(records, host, []).keys()].sort()).toEqual([...followed].sort());
    expect(ignoredServices(records, [])).toEqual({ portZero: 0, overLimit: 3 });
  });

  it('an answer with an AliasMode record ignores its ServiceMode records anyway: nothing is counted', () => {
    const records = [serviceRecord({ mode: 'alias', priority: 0, target: 'alias.example' }), serviceRecord({ priority: 1, port: 0 })];
    expect(ignoredServices(records, [])).toEqual({ portZero: 0, overLimit: 0 });
  });
});
