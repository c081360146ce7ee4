/**
 * Error codes, families and reasons in plain words, always followed by the code itself, so that a reader
 * understands the line and a searcher can still grep for `ECONNREFUSED`.
 */
import type { ServiceRef } from '../../base/endpoint.js';
import { formatHostPort } from '../../base/host-port.js';
import { describeDnsCode } from '../../errors/dns-query-error.js';
import type { StartReason } from '../../base/attempt.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family } from '../../base/family.js';
import { formatMs } from './format.js';

/** A DNS answer eyeball made itself for a localhost name (the `rfc6761` resolver, src/dns/localhost.ts). */
/** What stopped an interrupted run, from its error's code: the signal for SIGTERM and SIGHUP, else Ctrl-C. */
export function describeInterruption(code: string): string {
  return code === 'SIGTERM' || code === 'SIGHUP' ? code : 'Ctrl-C';
}

export const RFC6761_WORDS = 'answered by eyeball, RFC 6761: no query sent';

const CONNECT_CODE_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out by the OS',
  ECONNRESET: 'reset by the other side',
  ECONNABORTED: 'aborted by the OS',
  ENETDOWN: 'network down',
  EHOSTDOWN: 'host down',
  EADDRNOTAVAIL: 'local address not available',
  EADDRINUSE: 'local address already in use',
  EACCES: 'not permitted',
  EPERM: 'not permitted (a firewall rule?)',
};

/** `refused (ECONNREFUSED)`; an unknown code keeps the message: `socket hang up (ECONNRESET)`. */
export function describeConnectError(error: ErrorInfo): string {
  const words = CONNECT_CODE_WORDS[error.code];
  return words ? `${words} (${error.code})` : withCode(error);
}

/** `no such name (NXDOMAIN, ENOTFOUND)` ({@link describeDnsCode}); an unknown code keeps the message. */
export function describeDnsError(error: ErrorInfo): string {
  const described = describeDnsCode(error.code);
  return described === error.code ? withCode(error) : described;
}

/** The message, followed by the code unless it already says it: `socket hang up (ECONNRESET)`. */
export function withCode(error: ErrorInfo): string {
  const message = error.message.trim();
  if (message === '') return error.code;
  return message.includes(error.code) ? message : `${message} (${error.code})`;
}

/** `from HTTPS ipv4hint`: the address was known only from an HTTPS record's address hint (HEv3 §4.2.1). */
export function describeHint(family: Family): string {
  return `from HTTPS ${family === 6 ? 'ipv6hint' : 'ipv4hint'}`;
}

/** `service backend.example, priority 1`: the HTTPS record an endpoint came from (HEv3 §5.2); 0 is where an AliasMode chain ended. */
export function describeService(service: ServiceRef): string {
  return service.priority === 0
    ? `alias target ${service.target} (where the AliasMode chain ended)`
    : `service ${service.target}, priority ${service.priority}`;
}

/** `127.0.0.1`, or `[2001:db8::1]:8443` when the port is not the one asked for (an HTTPS record's `port`). */
export function describeEndpointAddress(endpoint: { readonly address: string; readonly port: number }, targetPort: number | undefined): string {
  return targetPort === undefined || endpoint.port === targetPort ? endpoint.address : formatHostPort(endpoint.address, endpoint.port);
}

/** `timed out after 400 ms (attempt timeout)`: the configured limit, or else how long the attempt ran. */
export function describeAttemptTimeout(attempt: { readonly startedAt: number; readonly endedAt: number }, limit: number | null): string {
  return `timed out after ${formatMs(limit ?? attempt.endedAt - attempt.startedAt)} (attempt timeout)`;
}

export function familyName(family: Family): 'IPv6' | 'IPv4' {
  return family === 6 ? 'IPv6' : 'IPv4';
}

/** Why attempt `index` started when it did; `sincePrevious` is the time since the previous attempt started. */
export function describeStartReason(reason: StartReason, index: number, sincePrevious: number): string {
  const previous = `#${index - 1}`;
  if (reason === 'timer') return `${formatMs(sincePrevious)} after ${previous}`;
  return { first: 'first', 'previous-failed': `${previous} failed`, 'attempt-available': 'address arrived' }[reason];
}
