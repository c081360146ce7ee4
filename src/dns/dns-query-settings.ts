/* What the c-ares resolver and the HTTPS query share: how a server is written, the default timeout and tries. */
import { isIP } from 'node:net';
import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** How long c-ares waits for the first answer to a query before it retries (it backs off on later tries). */
export const DEFAULT_DNS_TIMEOUT_MS = 5000;
/** How many times c-ares sends a query to each server before it gives up with ETIMEOUT. */
export const DEFAULT_DNS_TRIES = 2;
/** The DNS port (RFC 1035 §4.2). */
export const DNS_PORT = 53;

/**
 * Reads a DNS server as `IP`, `IP:PORT`, `[IPv6]` or `[IPv6]:PORT`; a bare IPv6 literal is all address,
 * port 53. Throws an `InvalidOptionError` naming `option` and the text. Zone ids are refused: Node's
 * resolver would drop them silently and query the wrong interface.
 */
export function parseDnsServer(text: string, option = 'dnsServer'): { host: string; port: number } {
  const bad = (): InvalidOptionError => new InvalidOptionError(option, text, 'a DNS server as IP, IP:PORT or [IPv6]:PORT');
  if (typeof text !== 'string') throw bad();
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::([^:]*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (isIP(host) !== 6) throw bad();
  } else if (isIP(text) === 0) {
    const colon = text.lastIndexOf(':');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (colon === -1 || isIP(host) !== 4) throw bad();
  }
  if (host.includes('%')) throw bad();
  if (portText === undefined) return { host, port: DNS_PORT };
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw bad();
  return { host, port };
}
