/*
 * One TLS attempt against real TLS listeners on loopback, with certificates made at test time by openssl:
 * verification with and without the CA, expired and self-signed certificates in words, SNI, ALPN, IP
 * literals, and aborts mid-handshake. Nothing is left open after each test.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { checkTlsOptions, connectTls, type TlsHandshake, type TlsOptions } from '../../src/connect/connect-tls.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { TlsHandshakeError } from '../../src/errors/tls-handshake-error.js';
import type { Endpoint } from '../../src/base/endpoint.js';
import { useCleanups } from '../helpers/cleanups.js';
import { useTestCertificates } from '../helpers/test-certificates.js';
import { startSilentServer, startTlsServer, type TestServer, type TlsServerOptions } from '../helpers/tls-server.js';

const certificates = useTestCertificates();
const defer = useCleanups();

async function tlsServer(options: Partial<TlsServerOptions> = {}): Promise<TestServer> {
  const server = await startTlsServer({ host: '127.0.0.1', pair: certificates.leaf, ...options });
  defer(() => server.close());
  return server;
}

function keep(socket: TLSSocket): TLSSocket {
  defer(() => {
    socket.destroy();
  });
  return socket;
}

const endpoint = (port: number, address = '127.0.0.1'): Endpoint => ({ address, family: address.includes(':') ? 6 : 4, port });

/** A TLS attempt to `endpoint` as `host`, recording the handshake report. */
async function attempt(target: Endpoint, host: string, tls: TlsOptions, signal = new AbortController().signal) {
  const handshakes: TlsHandshake[] = [];
  const settings = checkTlsOptions(tls, host);
  if (settings === null) throw new Error('tls is off');
  const outcome = await connectTls(target, {
    signal,
    tls: settings,
    wallClock: () => Date.parse('2026-01-01T00:00:00Z'),
    onHandshake: (handshake) => handshakes.push(handshake),
  }).then(
    (socket) => ({ socket: keep(socket), error: null }),
    (error: unknown) => ({ socket: null, error }),
  );
  return { ...outcome, handshakes };
}

/** The certificate's own notAfter, read with Node's X509 parser: an oracle independent of connect-tls. */
const validToOf = (pem: string): string => new Date(new X509Certificate(pem).validTo).toISOString();

describe('connectTls', () => {
  it('completes the handshake when the CA is trusted: TLS 1.3, SNI from the host, the certificate summarised', async () => {
    const server = await tlsServer();
    const { socket, error, handshakes } = await attempt(endpoint(server.port), 'localhost', { ca: certificates.ca.cert });
    expect(error).toBeNull();
    expect(socket?.authorized).toBe(true);
    expect(await server.handshakes(1)).toEqual(['localhost']);
    expect(handshakes).toHaveLength(1);
    const [handshake] = handshakes;
    expect(handshake).toMatchObject({
      servername: 'localhost',
      protocol: 'TLSv1.3',
      alpn: null,
      authorized: true,
      authorizationError: null,
      error: null,
      certificate: { subject: 'localhost', issuer: 'eyeball test CA', validTo: validToOf(certificates.leaf.cert) },
    });
    // 2026-01-01 is the wall clock given; the certificate was made today, valid 30 days.
    const expected = Math.floor((Date.parse(validToOf(certificates.leaf.cert)) - Date.parse('2026-01-01T00:00:00Z')) / 86_400_000);
    expect(handshake?.certificate?.daysToExpiry).toBe(expected);
    expect(handshake?.handshakeMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [['h2', 'http/1.1'], ['h2', 'http/1.1'], 'h2'],
    [['http/1.1'], ['h2', 'http/1.1'], 'http/1.1'],
  ])('negotiates ALPN: the server has %j, eyeball offers %j, gets %s', async (serverAlpn, clientAlpn, expected) => {
    const server = await tlsServer({ alpn: serverAlpn });
    const { socket, handshakes } = await attempt(endpoint(server.port), 'localhost', { ca: certificates.ca.cert, alpn: clientAlpn });
    expect(socket?.alpnProtocol).toBe(expected);
    expect(handshakes[0]?.alpn).toBe(expected);
  });

  it('fails in words when the server has none of the offered protocols', async () => {
    const server = await tlsServer({ alpn: ['h2'] });
    const { error } = await attempt(endpoint(server.port), 'localhost', { ca: certificates.ca.cert, alpn: ['http/1.1'] });
    expect(error).toBeInstanceOf(TlsHandshakeError);
    expect(error).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' });
    expect((error as Error).message).toContain('the server supports none of the offered ALPN protocols');
  });

  it.each([
    ['selfSigned', undefined, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'the certificate is self-signed and not trusted', 'localhost'],
    ['leaf', undefined, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'the certificate was issued by an unknown authority', 'eyeball test CA'],
    ['expired', 'ca', 'CERT_HAS_EXPIRED', 'the certificate has expired', 'eyeball test CA'],
  ] as const)('refuses the %s certificate (ca: %s) with %s, in words, and still describes it', async (pairName, ca, code, words, issuer) => {
    const server = await tlsServer({ pair: certificates[pairName] });
    const { socket, error, handshakes } = await attempt(endpoint(server.port), 'localhost', ca ? { ca: certificates.ca.cert } : {});
    expect(socket).toBeNull();
    expect(error).toBeInstanceOf(TlsHandshakeError);
    expect(error).toMatchObject({ code, address: '127.0.0.1', port: server.port });
    expect((error as Error).message).toMatch(new RegExp(`^TLS with 127\\.0\\.0\\.1:${server.port} failed: ${words}.* \\(${code}\\)$`));
    expect(handshakes[0]).toMatchObject({
      authorized: false,
      authorizationError: { code },
      error: { code },
      certificate: { subject: 'localhost', issuer },
    });
  });

  it('shows the expired certificate with its date and negative days', async () => {
    const server = await tlsServer({ pair: certificates.expired });
    const { handshakes } = await attempt(endpoint(server.port), 'localhost', { ca: certificates.ca.cert });
    expect(handshakes[0]?.certificate).toEqual({
      subject: 'localhost',
      issuer: 'eyeball test CA',
      validTo: '2020-02-01T00:00:00.000Z',
      daysToExpiry: -2161, // 2020-02-01 to 2026-01-01
    });
  });

  it('with rejectUnauthorized false, connects anyway and says why the certificate is not trusted', async () => {
    const server = await tlsServer({ pair: certificates.selfSigned });
    const { socket, error, handshakes } = await attempt(endpoint(server.port), 'localhost', { rejectUnauthorized: false });
    expect(error).toBeNull();
    expect(socket?.authorized).toBe(false);
    expect(handshakes[0]).toMatchObject({
      authorized: false,
      authorizationError: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'the certificate is self-signed and not trusted' },
      error: null,
    });
  });

  it('refuses a certificate for another name, saying which names it has', async () => {
    const server = await tlsServer();
    const { error, handshakes } = await attempt(endpoint(server.port), 'wrong.test', { ca: certificates.ca.cert });
    // (The server may never finish this handshake: the client hangs up right after its own end.)
    expect(error).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect((error as Error).message).toContain('the certificate is not for this host name');
    expect((error as Error).message).toContain('DNS:localhost');
    expect(handshakes[0]?.authorizationError?.message).toContain("is not in the cert's altnames");
  });

  it.each(['127.0.0.1', '::1'])('sends no SNI to the IP literal %s (RFC 6066) and checks the IP against the certificate', async (address) => {
    const server = await tlsServer({ host: address as '127.0.0.1' | '::1' });
    const { socket, handshakes } = await attempt(endpoint(server.port, address), address, { ca: certificates.ca.cert });
    expect(socket?.authorized).toBe(true);
    expect(await server.handshakes(1)).toEqual([false]);
    expect(handshakes[0]?.servername).toBeNull();
  });

  it('checks the name given as servername, not the address connected to', async () => {
    const server = await tlsServer();
    const { socket } = await attempt(endpoint(server.port), 'example.test', { ca: certificates.ca.cert, servername: 'localhost' });
    expect(socket?.authorized).toBe(true);
    expect(await server.handshakes(1)).toEqual(['localhost']);
  });

  it('fails in words when the server closes the connection during the handshake', async () => {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const { error, handshakes } = await attempt(endpoint(port), 'localhost', {});
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect((error as Error).message).toContain('the server closed the connection during the handshake');
    expect(handshakes[0]).toMatchObject({ certificate: null, protocol: null, error: { code: 'ECONNRESET' } });
  });

  it('passes a TCP failure through without a handshake report', async () => {
    const server = await tlsServer();
    const port = server.port;
    await server.close();
    const { error, handshakes } = await attempt(endpoint(port), 'localhost', {});
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(handshakes).toEqual([]);
  });

  it('aborting mid-handshake rejects with the reason and destroys both sockets', async () => {
    const server = await startSilentServer('127.0.0.1');
    defer(() => server.close());
    const controller = new AbortController();
    const pending = attempt(endpoint(server.port), 'localhost', {}, controller.signal);
    while (server.connections() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('lost the race');
    controller.abort(reason);
    const { error, handshakes } = await pending;
    expect(error).toBe(reason);
    expect(handshakes).toEqual([]);
  });
});

describe('checkTlsOptions', () => {
  it('fills in the defaults: SNI from a name, none for a literal, verification on', () => {
    expect(checkTlsOptions(true, 'Example.test.')).toEqual({
      servername: 'Example.test',
      identity: 'Example.test',
      alpn: [],
      rejectUnauthorized: true,
      ca: undefined,
    });
    expect(checkTlsOptions(true, '2001:db8::1')).toMatchObject({ servername: null, identity: '2001:db8::1' });
    expect(checkTlsOptions(false, 'example.test')).toBeNull();
  });

  it.each([
    [{ servername: '192.0.2.1' }, '`tls.servername`'],
    [{ servername: '' }, '`tls.servername`'],
    [{ alpn: [''] }, '`tls.alpn`'],
    [{ alpn: 'h2' as unknown as string[] }, '`tls.alpn`'],
    [{ rejectUnauthorized: 'no' as unknown as boolean }, '`tls.rejectUnauthorized`'],
    [{ ca: 42 as unknown as string }, '`tls.ca`'],
  ])('refuses %j', (options, option) => {
    expect(() => checkTlsOptions(options, 'example.test')).toThrow(InvalidOptionError);
    expect(() => checkTlsOptions(options, 'example.test')).toThrow(option);
  });
});
