import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Family } from '../base/family.js';

/** Any port will do: connecting a UDP socket only picks a route, nothing is sent. 9 is "discard". */
const PROBE_PORT = 9;

/**
 * The source address the system would use to reach `destination`, or `null` when it has no route (or
 * `localAddress` cannot be used). This is how glibc's getaddrinfo, Go and c-ares learn Source(D) for
 * RFC 6724 §6: connect a UDP socket (a route lookup that sends nothing) and read its local address.
 * Never throws; the socket is always closed. A zone id (`fe80::1%eth0`) picks the interface.
 */
export async function findSourceAddress(destination: string, family: Family, localAddress?: string): Promise<string | null> {
  // dgram would resolve a name with DNS; only literals of the asked family make sense here.
  if (isIP(destination) !== family || (localAddress !== undefined && isIP(localAddress) !== family)) return null;
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    if (localAddress !== undefined) await bind(socket, localAddress);
    await connect(socket, destination);
    return socket.address().address;
  } catch {
    // ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EINVAL (a link-local address without a zone), ...
    return null;
  } finally {
    await close(socket);
  }
}

/**
 * `findSourceAddress` for several destinations of one family, in order, with one UDP socket: connected to
 * each in turn (so each gets its own Source(D), RFC 6724 §6), read, and disconnected again (so the kernel
 * picks the next source afresh, unless `localAddress` is bound). Never throws.
 */
export async function findSourceAddresses(destinations: readonly string[], family: Family, localAddress?: string): Promise<Array<string | null>> {
  if (destinations.length < 2) return Promise.all(destinations.map((destination) => findSourceAddress(destination, family, localAddress)));
  if (localAddress !== undefined && isIP(localAddress) !== family) return destinations.map(() => null);
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    if (localAddress !== undefined) await bind(socket, localAddress);
    const sources: Array<string | null> = [];
    for (const destination of destinations) sources.push(isIP(destination) === family ? await probe(socket, destination) : null);
    return sources;
  } catch {
    return destinations.map(() => null); // the bind failed (probe never throws)
  } finally {
    await close(socket);
  }
}

/** One route lookup on a socket that `findSourceAddresses` reuses: connect, read, disconnect. */
async function probe(socket: Socket, destination: string): Promise<string | null> {
  try {
    await connect(socket, destination);
  } catch {
    return null; // a failed connect leaves the socket disconnected, ready for the next destination
  }
  try {
    return socket.address().address;
  } catch {
    return null;
  } finally {
    socket.disconnect();
  }
}

function close(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

function bind(socket: Socket, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port: 0, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function connect(socket: Socket, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.connect(PROBE_PORT, address, (error?: Error) => (error ? reject(error) : resolve()));
  });
}
