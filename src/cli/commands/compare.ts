/**
 * `--compare`: the same target connected three ways, one after the other so they do not disturb each
 * other's timing: eyeball's RFC 8305 race, Node's own `net.connect({ autoSelectFamily: true })` with its
 * defaults, and a plain sequential connect in resolver order. The answer to "curl works, my Node program
 * fails": Node abandons each attempt after 250 ms, where RFC 8305 lets it run on.
 *
 * All three resolve the same way: the system resolver (getaddrinfo, in the CLI's lookup process) by
 * default, or with `--resolver dns` the library's DNS client, handed to Node and to the sequential connect
 * as their lookup. One exception: eyeball answers a localhost name itself (RFC 6761), while Node and the
 * sequential connect, with the system resolver, ask the OS as they would in a program.
 */
import type { Socket } from 'node:net';
import { lookupAllWith } from '../compare/lookup-all.js';
import { connectNodeNative, nodeAttemptTimeout } from '../compare/node-native.js';
import { connectSequential } from '../compare/sequential.js';
import { type StrategyError, type StrategyEvent, toStrategyError } from '../compare/strategy-events.js';
import { ConnectTimeoutError } from '../../errors/connect-timeout-error.js';
import type { TraceEvent } from '../../trace/events.js';
import type { Endpoint } from '../../base/endpoint.js';
import type { RunOutcome, RunReport, RunSettings, RunTarget } from '../report.js';
import { cliSystemLookupAll, prepareLookupAll, resolverFor } from '../resolver-for.js';
import { runConnect } from '../run.js';
import { withoutTls } from '../tls-settings.js';

/** The two other ways of connecting, by the name the reports use. */
export type OtherStrategy = 'node' | 'sequential';
export type StrategyName = 'eyeball' | OtherStrategy;

export type StrategyOutcome =
  | { readonly ok: true; readonly winner: Endpoint & { readonly index: number; readonly at: number } }
  | { readonly ok: false; readonly reason: Extract<RunOutcome, { ok: false }>['reason']; readonly error: StrategyError };

export interface StrategyReport {
  readonly events: readonly StrategyEvent[];
  readonly outcome: StrategyOutcome;
  /** ms from the call to its end. */
  readonly elapsed: number;
}

export interface CompareReport {
  readonly target: RunTarget;
  readonly settings: RunSettings;
  readonly eyeball: RunReport;
  readonly node: StrategyReport;
  readonly sequential: StrategyReport;
  /** Node's `autoSelectFamilyAttemptTimeout` in this process, ms. */
  readonly nodeAttemptTimeout: number;
  /** `process.version`: Node's behaviour is the subject of the comparison. */
  readonly nodeVersion: string;
  readonly interrupted: boolean;
}

export interface CompareContext {
  readonly signal: AbortSignal;
  /** Every event of every strategy as it happens (for `--ndjson`). */
  readonly onEvent?: ((strategy: StrategyName, event: TraceEvent | StrategyEvent) => void) | undefined;
}

/** Connects three ways in turn and reports each. A strategy that fails is a result, not an exception. */
export async function runCompare(target: RunTarget, settings: RunSettings, context: CompareContext): Promise<CompareReport> {
  const { signal } = context;
  // Plain TCP for all three, even for an https:// target: Node's and the sequential connect have no TLS here.
  const eyeball = await runConnect(target, withoutTls(settings), { signal, onEvent: (event) => context.onEvent?.('eyeball', event) });
  // The same DNS for all three: with --resolver dns, Node and the sequential connect look up through it too.
  // The system resolver's lookups run in the CLI's lookup process, Node's included, so that none can hold
  // the CLI at exit; Node still calls its lookup with `all: true`, as it calls dns.lookup.
  const lookup = settings.resolver === 'dns' ? lookupAllWith(resolverFor(settings, target.host)) : cliSystemLookupAll;
  await prepareLookupAll(settings, target.host);
  const common = {
    host: target.host,
    port: target.port,
    family: settings.family,
    localAddress: settings.localAddress ?? undefined,
    signal,
    timeout: settings.timeout ?? undefined,
    lookup,
  };
  const node = await runStrategy((onEvent) => connectNodeNative({ ...common, onEvent }), signal, (event) => context.onEvent?.('node', event));
  const sequential = await runStrategy((onEvent) => connectSequential({ ...common, onEvent }), signal, (event) =>
    context.onEvent?.('sequential', event),
  );
  return { target, settings, eyeball, node, sequential, nodeAttemptTimeout: nodeAttemptTimeout(), nodeVersion: process.version, interrupted: signal.aborted };
}

async function runStrategy(
  connect: (onEvent: (event: StrategyEvent) => void) => Promise<Socket>,
  signal: AbortSignal,
  forward: (event: StrategyEvent) => void,
): Promise<StrategyReport> {
  const events: StrategyEvent[] = [];
  const startedAt = performance.now();
  const onEvent = (event: StrategyEvent): void => {
    events.push(event);
    forward(event);
  };
  let outcome: StrategyOutcome;
  try {
    const socket = await connect(onEvent);
    socket.destroy();
    const connected = events.findLast((event) => event.type === 'connected');
    if (connected?.type !== 'connected') throw new Error('a strategy connected without a `connected` event');
    const { address, family, port, index, at } = connected;
    outcome = { ok: true, winner: { address, family, port, index, at } };
  } catch (error) {
    outcome = { ok: false, reason: failureReason(error, signal, events), error: toStrategyError(error) };
  }
  return { events, outcome, elapsed: performance.now() - startedAt };
}

function failureReason(error: unknown, signal: AbortSignal, events: readonly StrategyEvent[]): Extract<StrategyOutcome, { ok: false }>['reason'] {
  if (signal.aborted && error === signal.reason) return 'interrupted';
  if (error instanceof ConnectTimeoutError) return 'timeout';
  // Nothing was tried: the lookup failed or found nothing.
  return events.some((event) => event.type === 'attempt-started') ? 'connect' : 'dns';
}
