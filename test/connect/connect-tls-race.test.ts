/*
 * connect({ tls }) on loopback: the race counts an attempt as won only when its TLS handshake is done
 * (HEv3 §6.1). A name from the real DNS server, an IPv6 black hole or an IPv6 listener that accepts TCP and
 * never speaks TLS, and a real TLS listener on IPv4 with a certificate made at test time.
 */
import { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { createBlackHole } from '../../src/cli/demo/black-hole.js';
import { startDnsServer } from '../../src/dns-server/dns-server.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { startSilentServer, startTlsServer, type TestServer } from '../helpers/tls-server.js';

const certificates = useTestCertificates();
const defer = useCleanups();

async function track<T extends { close(): Promise<void> }>(thing: Promise<T>): Promise<T> {
  const value = await thing;
  defer(() => value.close());
  return value;
}

function keep<S extends { destroy(): void }>(socket: S): S {
  defer(() => {
    socket.destroy();
  });
  return socket;
}

/** `localhost` answered by our DNS server (c-ares skips /etc/hosts): AAAA ::1, A 127.0.0.1. */
async function localhostZone(): Promise<string> {
  const dns = await track(startDnsServer({ zone: { localhost: { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } } }));
  return dns.address;
}

function recorder() {
  const events: TraceEvent[] = [];
  return { events, onEvent: (event: TraceEvent) => events.push(event) };
}

const kinds = (events: readonly TraceEvent[]) =>
  events.flatMap((event) =>
    event.type === 'attempt-started' || event.type === 'attempt-succeeded' || event.type === 'attempt-cancelled' || event.type === 'tls-handshake'
      ? [`${event.type} #${event.index} ${event.address}`]
      : [],
  );

/** IPv6 first; IPv4 started on the timer, its handshake done, it wins, IPv6 is cancelled. */
const IPV4_OVERTAKES = [
  'attempt-started #0 ::1',
  'attempt-started #1 127.0.0.1',
  'tls-handshake #1 127.0.0.1',
  'attempt-succeeded #1 127.0.0.1',
  'attempt-cancelled #0 ::1',
];

describe('connect({ tls })', () => {
  it('IPv6 black hole, IPv4 TLS: the TLS attempt races on the timer and wins with a TLSSocket', async () => {
    const hole = await track(createBlackHole({ host: '::1' }));
    const server: TestServer = await track(startTlsServer({ host: '127.0.0.1', port: hole.port, pair: certificates.leaf, alpn: ['h2', 'http/1.1'] }));
    const dnsServer = await localhostZone();
    const { events, onEvent } = recorder();
    const socket = keep(
      await connect({
        host: 'localhost',
        port: hole.port,
        resolver: 'dns',
        dnsServers: [dnsServer],
        attemptDelay: 100,
        tls: { ca: certificates.ca.cert, alpn: ['h2', 'http/1.1'] },
        onEvent,
      }),
    );
    expect(socket).toBeInstanceOf(TLSSocket);
    expect(socket.authorized).toBe(true);
    expect(socket.alpnProtocol).toBe('h2');
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(await server.handshakes(1)).toEqual(['localhost']);
    expect(kinds(events)).toEqual(IPV4_OVERTAKES);
    expect(events.find((event) => event.type === 'tls-handshake')).toMatchObject({
      index: 1,
      family: 4,
      port: hole.port,
      servername: 'localhost',
      protocol: 'TLSv1.3',
      alpn: 'h2',
      authorized: true,
      authorizationError: null,
      error: null,
      certificate: { subject: 'localhost', issuer: 'eyeball test CA' },
    });
  });

  it('HEv3 §6.1: a listener that accepts TCP and never speaks TLS loses to a later, real TLS server', async () => {
    const silent = await track(startSilentServer('::1'));
    await track(startTlsServer({ host: '127.0.0.1', port: silent.port, pair: certificates.leaf }));
    const dnsServer = await localhostZone();
    const { events, onEvent } = recorder();
    const socket = keep(
      await connect({
        host: 'localhost',
        port: silent.port,
        resolver: 'dns',
        dnsServers: [dnsServer],
        attemptDelay: 100,
        tls: { ca: certificates.ca.cert },
        onEvent,
      }),
    );
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(silent.connections()).toBe(1); // its TCP handshake did complete
    expect(kinds(events)).toEqual(IPV4_OVERTAKES);
    expect(events.find((event) => event.type === 'attempt-started' && event.index === 1)).toMatchObject({ reason: 'timer' });
  });

  it('without tls the same silent listener wins: TCP alone is what it fakes', async () => {
    const silent = await track(startSilentServer('::1'));
    await track(startTlsServer({ host: '127.0.0.1', port: silent.port, pair: certificates.leaf }));
    const dnsServer = await localhostZone();
    const socket = keep(await connect({ host: 'localhost', port: silent.port, resolver: 'dns', dnsServers: [dnsServer], attemptDelay: 100 }));
    expect(socket.remoteAddress).toBe('::1');
    expect(socket).not.toBeInstanceOf(TLSSocket);
  });

  it('every certificate refused: ConnectionFailedError naming the reason in words; the handshake is in the trace', async () => {
    const server = await track(startTlsServer({ host: '127.0.0.1', pair: certificates.selfSigned }));
    const { events, onEvent } = recorder();
    const error = await connect({ host: '127.0.0.1', port: server.port, tls: true, onEvent }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as ConnectionFailedError).message).toContain('the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(events.filter((event) => event.type === 'tls-handshake')).toMatchObject([
      { index: 0, servername: null, authorized: false, error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, certificate: { subject: 'localhost' } },
    ]);
    expect(events.find((event) => event.type === 'attempt-failed')).toMatchObject({ error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('rejectUnauthorized false connects to an IP literal with no SNI', async () => {
    const server = await track(startTlsServer({ host: '127.0.0.1', pair: certificates.selfSigned }));
    const socket = keep(await connect({ host: '127.0.0.1', port: server.port, tls: { rejectUnauthorized: false } }));
    expect(socket.authorized).toBe(false);
    expect(await server.handshakes(1)).toEqual([false]);
  });

  it('checks the tls option before connecting', async () => {
    await expect(connect({ host: 'localhost', port: 443, tls: { alpn: [''] } })).rejects.toThrow(InvalidOptionError);
    await expect(connect({ host: 'localhost', port: 443, tls: 'yes' as unknown as boolean })).rejects.toThrow('`tls`');
  });
});
