/**
 * `--each`: every address of the target on its own, all at once, each with its own timeout. Not a race:
 * the report says which addresses work and which are broken. Each address is probed with the library's
 * `connect()` given the address as an IP literal, so that sockets are only ever opened in src/connect/.
 */
import { isIP } from 'node:net';
import { connect } from '../../connect/connect.js';
import { ConnectTimeoutError } from '../../errors/connect-timeout-error.js';
import { DnsQueryError } from '../../errors/dns-query-error.js';
import { wireTime } from '../../connect/wire-time.js';
import { ConnectionFailedError } from '../../errors/connection-failed-error.js';
import { recordType } from '../../base/family.js';
import { type Clock, systemClock } from '../../race/clock.js';
import { toErrorInfo } from '../../base/error-info.js';
import type { TraceEvent } from '../../trace/events.js';
import type { FamilyResolver } from '../../dns/resolver.js';
import type { Endpoint } from '../../base/endpoint.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family, RecordType } from '../../base/family.js';
import type { RunSettings, RunTarget } from '../report.js';
import { familiesFor, prepareLookupProcess, resolverFor } from '../resolver-for.js';
import { withoutZone } from '../target.js';

/** `timeout`: the address's own timeout ran out, or the OS gave up on it (`ETIMEDOUT`). */
export type ProbeOutcome = 'connected' | 'failed' | 'timeout' | 'cancelled';

export interface EachQuery {
  readonly recordType: RecordType;
  readonly family: Family;
  /** `system`, `dns`, or `rfc6761` (a localhost name, answered by eyeball). */
  readonly resolver: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Empty unless answered; empty when answered means no records. */
  readonly addresses: readonly string[];
  readonly ttl: number | null;
  readonly error: ErrorInfo | null;
  /** Still pending when the run was interrupted. */
  readonly cancelled: boolean;
}

export interface EachProbe extends Endpoint {
  /** The order in which the probes started (addresses are probed as their answer arrives). */
  readonly index: number;
  /** ms since the check started. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: ProbeOutcome;
  readonly error: ErrorInfo | null;
}

export interface EachReport {
  readonly target: RunTarget;
  readonly settings: RunSettings;
  /** One entry per query, AAAA first; empty for an IP literal. */
  readonly dns: readonly EachQuery[];
  /** IPv6 addresses first, then IPv4, each in answer order. */
  readonly probes: readonly EachProbe[];
  /** The time each address had, in ms: `--attempt-timeout`, else `--timeout`; null for the OS's own. */
  readonly probeTimeout: number | null;
  readonly interrupted: boolean;
  readonly elapsed: number;
}

/** What `--each` reports as it goes (for `--ndjson`): the DNS steps of the trace, then the probes. */
export type EachEvent =
  | Extract<TraceEvent, { type: 'dns-query' | 'dns-answer' | 'dns-error' | 'dns-cancelled' }>
  | ({ type: 'probe-started'; at: number; index: number } & Endpoint)
  | ({ type: 'probe-ended'; at: number; index: number; outcome: ProbeOutcome; error: ErrorInfo | null } & Endpoint);

interface EachContext {
  readonly signal: AbortSignal;
  readonly onEvent?: ((event: EachEvent) => void) | undefined;
  readonly clock?: Clock | undefined;
}

/** Resolves the target and probes every address it has, concurrently. Never rejects for a broken address or a failed lookup. */
export async function runEach(target: RunTarget, settings: RunSettings, context: EachContext): Promise<EachReport> {
  const { signal } = context;
  await prepareLookupProcess(settings, target.host);
  const clock = context.clock ?? systemClock;
  const origin = clock.now();
  const elapsed = (): number => clock.now() - origin;
  const emit = (event: EachEvent): void => context.onEvent?.(event);
  const probeTimeout = settings.attemptTimeout ?? settings.timeout;
  let started = 0;

  const probe = async (address: string, family: Family): Promise<EachProbe> => {
    const index = started++;
    const endpoint: Endpoint = { address, family, port: target.port };
    const offset = elapsed();
    emit({ type: 'probe-started', at: offset, index, ...endpoint });
    const result = await probeOne(endpoint, settings, probeTimeout, signal, clock);
    const probed: EachProbe = {
      ...endpoint,
      index,
      startedAt: offset,
      endedAt: offset + result.endedAt,
      outcome: result.outcome,
      error: result.error,
    };
    emit({ type: 'probe-ended', at: probed.endedAt, index, outcome: probed.outcome, error: probed.error, ...endpoint });
    return probed;
  };

  const literal = isIP(withoutZone(target.host));
  const dns: EachQuery[] = [];
  let probes: EachProbe[];
  if (literal === 4 || literal === 6) {
    probes = [await probe(target.host, literal)];
  } else {
    const resolver = resolverFor(settings, target.host);
    const families = familiesFor(settings);
    const perFamily = await Promise.all(
      families.map(async (family) => {
        const query = await resolveFamily(target.host, family, resolver, signal, elapsed, emit);
        dns.push(query.row);
        return Promise.all(query.row.addresses.map((address) => probe(address, family)));
      }),
    );
    probes = perFamily.flat();
    dns.sort((a, b) => b.family - a.family);
  }
  return { target, settings, dns, probes, probeTimeout, interrupted: signal.aborted, elapsed: elapsed() };
}

async function resolveFamily(
  host: string,
  family: Family,
  resolver: FamilyResolver,
  signal: AbortSignal,
  elapsed: () => number,
  emit: (event: EachEvent) => void,
): Promise<{ row: EachQuery }> {
  const type = recordType(family);
  // When the query was handed on, if the resolver says (the lookup process does), else now.
  let startedAt = elapsed();
  let isQueryTraced = false;
  const traceQuery = (): void => {
    if (isQueryTraced) return;
    isQueryTraced = true;
    emit({ type: 'dns-query', at: startedAt, family, recordType: type, resolver: resolver.name });
  };
  const onAsked = (askedAt: number): void => {
    startedAt = wireTime(elapsed, askedAt);
    traceQuery();
  };
  const reportsAskedAt = resolver.reportsAskedAt === true;
  if (!reportsAskedAt) traceQuery();
  const row = (fields: Partial<EachQuery>): EachQuery => ({
    recordType: type,
    family,
    resolver: resolver.name,
    startedAt,
    endedAt: elapsed(),
    addresses: [],
    ttl: null,
    error: null,
    cancelled: false,
    ...fields,
  });
  try {
    const answering = resolver.resolve(host, family, signal, reportsAskedAt ? onAsked : undefined);
    // Whatever comes, the query comes first in the trace (a resolver that never said when it asked).
    const answer = await answering.finally(traceQuery);
    // When the answer came, if the resolver knows (the lookup process does), else now.
    const at = wireTime(elapsed, answer.receivedAt);
    emit({ type: 'dns-answer', at, family, recordType: type, addresses: answer.addresses, ttl: answer.ttl });
    return { row: row({ addresses: answer.addresses, ttl: answer.ttl, endedAt: at }) };
  } catch (error) {
    if (signal.aborted) {
      emit({ type: 'dns-cancelled', at: elapsed(), family, recordType: type });
      return { row: row({ cancelled: true }) };
    }
    const info = toErrorInfo(error);
    const at = wireTime(elapsed, error instanceof DnsQueryError ? error.receivedAt : undefined);
    emit({ type: 'dns-error', at, family, recordType: type, error: info });
    return { row: row({ error: info, endedAt: at }) };
  }
}

interface ProbeResult {
  /** ms since the probe was launched, from its own trace. */
  readonly endedAt: number;
  readonly outcome: ProbeOutcome;
  readonly error: ErrorInfo | null;
}

/** One address, through connect() with the address as the host: one attempt, bounded by `timeout`. */
async function probeOne(endpoint: Endpoint, settings: RunSettings, timeout: number | null, signal: AbortSignal, clock: Clock): Promise<ProbeResult> {
  const trace: TraceEvent[] = [];
  const span = (): { endedAt: number } => {
    const end = trace.find((event) => event.type === 'attempt-succeeded' || event.type === 'attempt-failed' || event.type === 'attempt-cancelled');
    return { endedAt: end?.at ?? trace.at(-1)?.at ?? 0 };
  };
  try {
    const socket = await connect({
      host: endpoint.address,
      port: endpoint.port,
      signal,
      clock,
      onEvent: (event) => trace.push(event),
      ...(timeout === null ? {} : { timeout }),
      ...(settings.localAddress === null ? {} : { localAddress: settings.localAddress }),
    });
    socket.destroy();
    return { ...span(), outcome: 'connected', error: null };
  } catch (error) {
    if (signal.aborted && error === signal.reason) return { ...span(), outcome: 'cancelled', error: null };
    if (error instanceof ConnectTimeoutError) return { ...span(), outcome: 'timeout', error: toErrorInfo(error) };
    if (!(error instanceof ConnectionFailedError)) throw error;
    const failed = trace.find((event) => event.type === 'attempt-failed');
    const info = failed?.type === 'attempt-failed' ? failed.error : toErrorInfo(error.errors[0]);
    const isTimeout = info.code === 'ETIMEDOUT' || (failed?.type === 'attempt-failed' && failed.timedOut);
    return { ...span(), outcome: isTimeout ? 'timeout' : 'failed', error: info };
  }
}
