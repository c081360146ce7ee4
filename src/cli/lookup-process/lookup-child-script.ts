/**
 * The program of the CLI's lookup process, run as `node -e LOOKUP_CHILD_SCRIPT` (text, so the bundle needs
 * no file beside it). Plain CommonJS.
 *
 * Protocol, one JSON object per line. The parent writes `{"id":1,"hostname":"example.com","family":6}`
 * (optionally `"hints"`); the child writes `{"ready":true}` once, then per request `{"id":1,"askedAt":"…"}`
 * and, as answers arrive, `{"id":1,"addresses":[…],"answeredAt":"…"}` or `{"id":1,"error":{…},"answeredAt":"…"}`.
 * Times are `process.hrtime.bigint()` (CLOCK_MONOTONIC, the same in every process of the machine) as strings.
 *
 * When its standard input ends, it kills itself: `process.exit()` would wait for a running getaddrinfo.
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
