/*
 * eyeball under Node's HTTP stack. `http.Agent` (and `http.request`) call `createConnection(options, oncreate)`
 * and, when it returns nothing, wait for `oncreate(error, socket)` (Node's lib/_http_agent.js, `createSocket`):
 * a race is asynchronous, so eyeball always takes that path. Node's `lookup` is not used: eyeball resolves
 * each family itself (RFC 8305 §3).
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect } from '../connect/connect.js';
import type { TlsOptions } from '../connect/connect-tls.js';
import type { ConnectOptions } from '../connect/options.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** Options for every connection made through eyeball; host and port come from each request. */
export type AgentConnectOptions = Omit<ConnectOptions, 'host' | 'port' | 'signal'>;

/** The parts of the options Node's HTTP client passes to `createConnection` that eyeball reads. */
export interface NodeConnectionOptions {
  host?: string | null | undefined;
  hostname?: string | null | undefined;
  port?: number | string | null | undefined;
  defaultPort?: number | string | undefined;
  localAddress?: string | undefined;
  family?: number | undefined;
  signal?: AbortSignal | undefined;
  keepAlive?: boolean | undefined;
  keepAliveInitialDelay?: number | undefined;
  noDelay?: boolean | undefined;
  // TLS (https.Agent, https.request)
  servername?: string | undefined;
  ALPNProtocols?: readonly string[] | readonly Uint8Array[] | Uint8Array | undefined;
  rejectUnauthorized?: boolean | undefined;
  ca?: string | Buffer | Array<string | Buffer> | undefined;
}

export type CreateConnection = (options: NodeConnectionOptions, oncreate: (error: Error | null, socket: Duplex) => void) => undefined;

/**
 * A `createConnection` for Node's HTTP client that connects with eyeball's race. `defaults` are `connect()`
 * options for every connection; with `tls` set, each connection is TLS, the request's servername,
 * ALPNProtocols, rejectUnauthorized and ca taking precedence over `defaults.tls`.
 *
 * @example
 * const agent = new https.Agent({ keepAlive: true });
 * agent.createConnection = eyeballCreateConnection({ tls: true, attemptDelay: 250 });
 * https.get('https://example.com/', { agent }, (response) => response.resume());
 */
export function eyeballCreateConnection(defaults: AgentConnectOptions = {}): CreateConnection {
  return (options, oncreate) => {
    try {
      // `connect` is async: only `toConnectOptions` (a bad port) throws here.
      connect(toConnectOptions(options, defaults)).then(
        (socket: Socket) => oncreate(null, socket),
        (error: unknown) => oncreate(error instanceof Error ? error : new Error(String(error)), undefined as unknown as Duplex),
      );
    } catch (error) {
      // Node expects oncreate after createConnection returns, never inside it.
      process.nextTick(() => oncreate(error as Error, undefined as unknown as Duplex));
    }
    return undefined;
  };
}

/**
 * `createConnection` for `http.Agent` and `http.request`: plain TCP through eyeball's race.
 *
 * @example
 * http.get({ host: 'example.com', path: '/', createConnection }, (response) => response.resume());
 */
export const createConnection: CreateConnection = eyeballCreateConnection();

/**
 * `createConnection` for `https.Agent` and `https.request`: TCP and TLS through eyeball's race (an attempt
 * wins only once its TLS handshake is done).
 */
export const createTlsConnection: CreateConnection = eyeballCreateConnection({ tls: true });

/** Node's connection options as `connect()` options. Throws an `InvalidOptionError` for a bad port. */
export function toConnectOptions(options: NodeConnectionOptions, defaults: AgentConnectOptions): ConnectOptions {
  const portValue = options.port ?? options.defaultPort;
  const port = typeof portValue === 'string' && /^[0-9]+$/.test(portValue) ? Number(portValue) : portValue;
  if (typeof port !== 'number') throw new InvalidOptionError('port', portValue, 'a port number');
  const family = options.family === 4 || options.family === 6 ? options.family : defaults.family;
  const tls = defaults.tls === undefined || defaults.tls === false ? null : mergeTls(defaults.tls, options);
  return {
    ...defaults,
    host: options.host ?? options.hostname ?? 'localhost',
    port,
    ...(family === undefined ? {} : { family }),
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.keepAlive === undefined ? {} : { keepAlive: options.keepAlive }),
    ...(options.keepAliveInitialDelay === undefined ? {} : { keepAliveInitialDelay: options.keepAliveInitialDelay }),
    ...(options.noDelay === undefined ? {} : { noDelay: options.noDelay }),
    ...(tls === null ? {} : { tls }),
  };
}

function mergeTls(base: true | TlsOptions, options: NodeConnectionOptions): TlsOptions {
  const merged: TlsOptions = base === true ? {} : { ...base };
  // Node's agent sets servername '' for IP literals: no SNI, which is also eyeball's default.
  if (options.servername) merged.servername = options.servername;
  const alpn = alpnNames(options.ALPNProtocols);
  if (alpn !== undefined) merged.alpn = alpn;
  if (options.rejectUnauthorized !== undefined) merged.rejectUnauthorized = options.rejectUnauthorized;
  if (options.ca !== undefined) merged.ca = options.ca;
  return merged;
}

/** ALPNProtocols as Node accepts them (strings, buffers, or one wire-format buffer) as names. */
function alpnNames(value: NodeConnectionOptions['ALPNProtocols']): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value))
    return value.map((entry: string | Uint8Array) => (typeof entry === 'string' ? entry : Buffer.from(entry).toString('latin1')));
  const bytes = Buffer.from(value as Uint8Array);
  const names: string[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes[offset] ?? 0;
    names.push(bytes.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  return names;
}
