/**
 * The program of the CLI's lookup process (src/cli/lookup-process/lookup-process.ts), run as
 * `node -e LOOKUP_CHILD_SCRIPT`. It is text, not a module of the bundle, because it runs in a Node of its own
 * and needs no file beside the bundle that way. It is plain CommonJS with no imports but Node's.
 *
 * Protocol, one JSON object per line. The parent writes `{"id":1,"hostname":"example.com","family":6}` (family 0:
 * every family; and `"hints"`, getaddrinfo's flags, when the caller gave some: Node's `net.connect` does); the
 * child writes `{"ready":true}` once when it starts, then for each request `{"id":1,"askedAt":"123456789"}` when
 * it has called getaddrinfo, and, in the order answers arrive,
 * `{"id":1,"addresses":["2001:db8::1"],"answeredAt":"123456789"}` or
 * `{"id":1,"error":{"code":"ENOTFOUND","errno":-3008,"message":"..."},"answeredAt":"123456789"}` (the fields of
 * the error `dns.lookup` gave). `answeredAt` is when getaddrinfo's result reached the child; both times are nanoseconds of
 * `process.hrtime.bigint()` (CLOCK_MONOTONIC, the same clock in every process of the machine), as a string.
 *
 * When its standard input ends (the parent is gone), it kills itself: `process.exit()` would wait for a
 * getaddrinfo that is still running, which is the very wait this process exists to take away from the CLI.
 */
export const LOOKUP_CHILD_SCRIPT = `
const { lookup } = require('node:dns');
const { createInterface } = require('node:readline');
const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
const lines = createInterface({ input: process.stdin });
const now = () => String(process.hrtime.bigint());
const fail = (id, error, answeredAt) => send({ id, error: { code: error.code, errno: error.errno, message: error.message }, answeredAt });
lines.on('line', (line) => {
  const { id, hostname, family, hints } = JSON.parse(line);
  try {
    lookup(hostname, { family, hints, all: true }, (error, addresses) => {
      const answeredAt = now();
      if (error) fail(id, error, answeredAt);
      else send({ id, addresses: addresses.map((entry) => entry.address), answeredAt });
    });
    send({ id, askedAt: now() });
  } catch (error) {
    fail(id, error, now());
  }
});
lines.on('close', () => process.kill(process.pid, 'SIGKILL'));
send({ ready: true });
`;
