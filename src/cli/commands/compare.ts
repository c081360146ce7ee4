/**
 * `--compare`: the same target connected three ways, one after the other so they do not disturb each
 * other's timing: eyeball's RFC 8305 race, Node's own `net.connect({ autoSelectFamily: true })`, and a
 * plain sequential connect in resolver order. The answer to "curl works, my Node program fails": Node
 * abandons each attempt after 250 ms, where RFC 8305 lets it run on. All three resolve the same way,
 * except that eyeball answers a localhost name itself (RFC 6761).
 */
import type { Socket } from 'node:net';
import { lookupAllWith } from '../compare/lookup-all.js';
import { connectNodeNative, nodeAttemptTimeout } from '../compare/node-native.js';
import { connectSequential } from '../compare/sequential.js';
import { type StrategyError, type StrategyEvent, toStrategyError } from '../compare/strategy-events.js';
import { ConnectTimeoutError } from '../../errors/connect-timeout-error.js';
import type { TraceEvent } from '../../trace/events.js';
import type { RunOutcome, RunReport, RunSettings, RunTarget } from '../report.js';
import { cliSystemLookupAll, prepareLookupAll, resolverFor } from '../resolver-for.js';
import { runConnect, winnerOutcome } from '../run.js';
import { withoutTls } from '../tls-settings.js';

export type StrategyName = 'eyeball' | 'node' | 'sequential';

type StrategyOutcome =
  | Extract<RunOutcome, { ok: true }>
  | { readonly ok: false; readonly reason: Extract<RunOutcome, { ok: false }>['reason']; readonly error: StrategyError };

export interface StrategyReport {
  readonly events: readonly StrategyEvent[];
  readonly outcome: StrategyOutcome;
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
  readonly nodeVersion: string;
  readonly interrupted: boolean;
}

interface CompareContext {
  readonly signal: AbortSignal;
  readonly onEvent?: ((strategy: StrategyName, event: TraceEvent | StrategyEvent) => void) | undefined;
}

/** Connects three ways in turn and reports each. A strategy that fails is a result, not an exception. */
export async function runCompare(target: RunTarget, settings: RunSettings, context: CompareContext): Promise<CompareReport> {
  const { signal } = context;
  // Plain TCP for all three, even for an https:// target: Node's and the sequential connect have no TLS here.
  const eyeball = await runConnect(target, withoutTls(settings), { signal, onEvent: (event) => context.onEvent?.('eyeball', event) });
  // The same DNS for all three, in the CLI's lookup process: no stuck getaddrinfo can hold the CLI at exit.
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
  const node = await runStrategy(
    (onEvent) => connectNodeNative({ ...common, onEvent }),
    signal,
    (event) => context.onEvent?.('node', event),
  );
  const sequential = await runStrategy(
    (onEvent) => connectSequential({ ...common, onEvent }),
    signal,
    (event) => context.onEvent?.('sequential', event),
  );
  return {
    target,
    settings,
    eyeball,
    node,
    sequential,
    nodeAttemptTimeout: nodeAttemptTimeout(),
    nodeVersion: process.version,
    interrupted: signal.aborted,
  };
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
    outcome = winnerOutcome(events);
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
