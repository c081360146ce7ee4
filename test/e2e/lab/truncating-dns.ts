/**
 * A hostile DNS server for the lab (`ip netns exec <ns> node truncating-dns.mjs HOST PORT`, bundled by
 * esbuild): every UDP query gets an empty answer with the TC bit (RFC 1035 §4.1.1: "truncated, retry over
 * TCP"), and every TCP connection is accepted, read and never answered. glibc's getaddrinfo then waits on
 * TCP for as long as its retries last, blocking the thread it runs on. Prints `ready` once both are bound,
 * then `udp NAME TYPE` and `tcp` lines as queries and connections arrive; exits when its stdin closes.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { decode, encode, RECURSION_AVAILABLE, RECURSION_DESIRED, TRUNCATED_RESPONSE } from 'dns-packet';

const [host = '127.0.0.1', port = '53'] = process.argv.slice(2);
const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
udp.on('message', (message, from) => {
  let query: ReturnType<typeof decode>;
  try {
    query = decode(message);
  } catch {
    return;
  }
  const [question] = query.questions ?? [];
  process.stdout.write(`udp ${question?.name ?? '?'} ${question?.type ?? '?'}\n`);
  const flags = TRUNCATED_RESPONSE | RECURSION_DESIRED | RECURSION_AVAILABLE;
  udp.send(encode({ id: query.id, type: 'response', flags, questions: query.questions ?? [] }), from.port, from.address);
});

const held = new Set<Socket>();
const tcp = createServer((socket) => {
  process.stdout.write('tcp\n');
  held.add(socket);
  socket.on('error', () => {});
  socket.resume();
});

await new Promise<void>((resolve) => udp.bind(Number(port), host, resolve));
await new Promise<void>((resolve) => tcp.listen(Number(port), host, resolve));
process.stdin.on('close', () => {
  for (const socket of held) socket.destroy();
  udp.close();
  tcp.close();
});
process.stdin.resume();
process.stdout.write('ready\n');
