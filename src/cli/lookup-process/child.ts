/*
 * The program of the CLI's lookup process (lookup-process.ts starts it), built as dist/lookup-child.cjs. It
 * reads requests on its standard input and answers on its standard output (protocol.ts). It does nothing
 * else, so it stamps each query the moment it is handed on and each answer the moment it arrives, however
 * busy the CLI is.
 *
 * When its standard input ends, it kills itself: `process.exit()` would wait for a running getaddrinfo.
 */
import { lookup } from 'node:dns';
import { createInterface } from 'node:readline';
import { createDnsResolver } from '../../dns/dns-resolver.js';
import { queryHttpsRecords } from '../../dns/https-query.js';
import type { FamilyResolver } from '../../dns/resolver.js';
import type { ChildError, ChildMessage, ChildRequest } from './protocol.js';

type GroupedRequest = Extract<ChildRequest, { kind: 'resolve' | 'https' }>;

/** The requests of one group, aborted together. */
interface Group {
  readonly key: number;
  readonly controller: AbortController;
  readonly requests: Set<number>;
}

const send = (message: ChildMessage): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const now = (): string => String(process.hrtime.bigint());

/** One library resolver per distinct settings; each makes a c-ares channel per group (per signal). */
const resolvers = new Map<string, FamilyResolver>();
const groups = new Map<number, Group>();
/** The group of each DNS request still out. */
const groupOf = new Map<number, Group>();

/** `error` as it crosses the pipe, with the error under it (one level: c-ares' or a socket's under the library's). */
function describe(error: unknown, depth = 1): ChildError {
  const { name, code, errno, message, cause } = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    errno?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  return {
    name: typeof name === 'string' ? name : undefined,
    code: typeof code === 'string' ? code : undefined,
    errno: typeof errno === 'number' ? errno : undefined,
    message: typeof message === 'string' ? message : String(error),
    cause: depth > 0 && cause !== undefined ? describe(cause, depth - 1) : undefined,
  };
}

function runLookup(request: Extract<ChildRequest, { kind: 'lookup' }>): void {
  const { id, hostname, family, hints } = request;
  const fail = (error: unknown, answeredAt: string): void => {
    const { code, errno, message } = describe(error);
    send({ id, error: { code, errno, message }, answeredAt });
  };
  try {
    lookup(hostname, { family, hints, all: true }, (error, addresses) => {
      const answeredAt = now();
      if (error) fail(error, answeredAt);
      else send({ id, addresses: addresses.map((entry) => entry.address), answeredAt });
    });
    send({ id, askedAt: now() });
  } catch (error) {
    fail(error, now());
  }
}

function join(request: GroupedRequest & { group: number }): Group {
  let group = groups.get(request.group);
  if (group === undefined) {
    group = { key: request.group, controller: new AbortController(), requests: new Set() };
    groups.set(request.group, group);
  }
  group.requests.add(request.id);
  groupOf.set(request.id, group);
  return group;
}

/** Settles a DNS request: sends its answer unless its group was cancelled, and forgets it. */
function settle(id: number, group: Group, answer: () => ChildMessage): void {
  if (group.controller.signal.aborted) return;
  send(answer());
  groupOf.delete(id);
  group.requests.delete(id);
  if (group.requests.size === 0) groups.delete(group.key);
}

function runResolve(request: Extract<ChildRequest, { kind: 'resolve' }>): void {
  const { id, hostname, family, servers, timeout, tries } = request;
  const group = join(request);
  let answering: ReturnType<FamilyResolver['resolve']>;
  try {
    const key = JSON.stringify([servers ?? null, timeout, tries]);
    let resolver = resolvers.get(key);
    if (resolver === undefined) {
      resolver = createDnsResolver({ ...(servers === undefined ? {} : { servers }), timeout, tries });
      resolvers.set(key, resolver);
    }
    // c-ares writes the datagram inside resolve().
    answering = resolver.resolve(hostname, family, group.controller.signal);
    send({ id, askedAt: now() });
  } catch (error) {
    answering = Promise.reject(error);
  }
  answering.then(
    ({ addresses, ttl }) => {
      const answeredAt = now();
      settle(id, group, () => ({ id, addresses, ttl, answeredAt }));
    },
    (error: unknown) => {
      const answeredAt = now();
      settle(id, group, () => ({ id, error: describe(error), answeredAt }));
    },
  );
}

function runHttps(request: Extract<ChildRequest, { kind: 'https' }>): void {
  const { id, hostname, server, timeout, tries } = request;
  const group = join(request);
  const onSent = (): void => send({ id, askedAt: now() });
  queryHttpsRecords(hostname, { server, timeout, tries, signal: group.controller.signal, onSent }).then(
    (https) => {
      const answeredAt = now();
      settle(id, group, () => ({ id, https, answeredAt }));
    },
    (error: unknown) => {
      const answeredAt = now();
      settle(id, group, () => ({ id, error: describe(error), answeredAt }));
    },
  );
}

function cancel(id: number): void {
  const group = groupOf.get(id);
  if (group === undefined) return; // answered already
  group.controller.abort();
  for (const request of group.requests) groupOf.delete(request);
  groups.delete(group.key);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const request = JSON.parse(line) as ChildRequest;
  if (request.kind === 'resolve') runResolve(request);
  else if (request.kind === 'https') runHttps(request);
  else if (request.kind === 'cancel') cancel(request.id);
  else runLookup(request);
});
lines.on('close', () => process.kill(process.pid, 'SIGKILL'));
send({ ready: true });
