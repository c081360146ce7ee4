/*
 * eyeball as undici's connector. undici calls `connect(options, callback)` for each new connection and wants
 * `callback(null, socket)` or `callback(error, null)`; for `https:` the socket must have done its TLS handshake.
 * undici is only a devDependency: the types below are its `buildConnector` ones (types/connector.d.ts) by hand.
 */
import { isIP, type Socket } from 'node:net';
import { connect } from '../connect/connect.js';
import { checkTlsSettings, startTls, type TlsOptions } from '../connect/connect-tls.js';
import type { AgentConnectOptions } from './create-connection.js';

/** What undici passes to a connector for each connection. */
export interface UndiciConnectOptions {
  /** The host name or IP literal, without brackets. */
  hostname: string;
  host?: string;
  protocol: string;
  /** The port as text; empty for the protocol's default. */
  port: string;
  /** The SNI undici wants (the host name, or what the request sets), or null. */
  servername?: string | null;
  localAddress?: string | null;
  /** A socket to run TLS over (a proxy tunnel): no race then, only the handshake. */
  httpSocket?: Socket;
}

/** undici's own callback type (`buildConnector.Callback`): a socket, or an error, never both. */
export type UndiciConnectCallback = (...args: [error: null, socket: Socket] | [error: Error, socket: null]) => void;
export type UndiciConnector = (options: UndiciConnectOptions, callback: UndiciConnectCallback) => void;

/** undici's default ALPN when HTTP/2 is not enabled. */
const DEFAULT_ALPN = ['http/1.1'];
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * A connector for undici's `Agent({ connect })`: each connection is eyeball's race, with TLS for `https:`
 * (SNI from undici's servername, ALPN `http/1.1` unless `defaults.tls.alpn` says otherwise).
 *
 * @example
 * import { Agent, fetch } from 'undici';
 * const dispatcher = new Agent({ connect: eyeballConnector({ attemptDelay: 250 }) });
 * await fetch('https://example.com/', { dispatcher });
 */
export function eyeballConnector(defaults: AgentConnectOptions = {}): UndiciConnector {
  return (options, callback) => {
    run(options, defaults).then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

async function run(options: UndiciConnectOptions, defaults: AgentConnectOptions): Promise<Socket> {
  const isHttps = options.protocol === 'https:';
  const port = options.port === '' ? (DEFAULT_PORTS[options.protocol] ?? Number.NaN) : Number(options.port);
  const base: TlsOptions = defaults.tls === undefined || typeof defaults.tls === 'boolean' ? {} : defaults.tls;
  const tls: TlsOptions = { alpn: DEFAULT_ALPN, ...base, ...(options.servername ? { servername: options.servername } : {}) };
  if (isHttps && options.httpSocket) {
    const settings = checkTlsSettings(tls, options.hostname);
    const family = isIP(options.hostname) === 6 ? 6 : 4;
    return startTls(options.httpSocket, { address: options.hostname, family, port }, { signal: new AbortController().signal, tls: settings });
  }
  return connect({
    ...defaults,
    host: options.hostname,
    port,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    ...(isHttps ? { tls } : { tls: false }),
  });
}
