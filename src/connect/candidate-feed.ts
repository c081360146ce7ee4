/*
 * The bridge between resolution and the staggered race: an async iterator of attempts. It hands the engine
 * one attempt for each address not yet tried, as soon as the Resolution Delay logic allows, and waits (so
 * the engine waits) while answers are still outstanding. Which address an attempt connects to is decided
 * only when the engine starts it, so an address that arrived in the meantime can still go first (§6), and
 * the interleaving follows what was actually started.
 */
import type { Attempt, AttemptContext } from '../race/staggered-race.js';
import { planOrder, pickNextIndex } from '../dns/interleave.js';
import type { Endpoint, Family, TraceEvent } from '../trace/events.js';
import type { Candidate, Resolution } from './resolution.js';

export interface FeedSetup<S> {
  readonly port: number;
  readonly firstAddressFamilyCount: number;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Connects to one endpoint; called when the engine starts the attempt. */
  readonly launch: (endpoint: Endpoint, context: AttemptContext) => Promise<S>;
}

export class CandidateFeed<S> implements AsyncIterableIterator<Attempt<S>> {
  /** The endpoint of each attempt, by attempt index. */
  readonly started: Endpoint[] = [];
  /** Attempts handed to the engine and not started yet (at most one, in practice). */
  private handedOut = 0;
  private waiter: ((result: IteratorResult<Attempt<S>>) => void) | null = null;
  private isClosed = false;
  private resolution: Resolution | null = null;

  constructor(private readonly setup: FeedSetup<S>) {}

  attach(resolution: Resolution): void {
    this.resolution = resolution;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Attempt<S>>> {
    const result = this.take();
    if (result) return Promise.resolve(result);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<Attempt<S>>> {
    this.isClosed = true;
    this.wake();
    return Promise.resolve({ done: true, value: undefined });
  }

  /** Resolution changed: report the new order if addresses changed, and wake the engine if it waits. */
  update(addressesChanged: boolean): void {
    if (this.isClosed) return;
    if (addressesChanged) this.setup.emit({ type: 'addresses-sorted', at: this.setup.elapsed(), addresses: this.plannedOrder() });
    this.wake();
  }

  private wake(): void {
    if (!this.waiter) return;
    const result = this.take();
    if (!result) return;
    const resolve = this.waiter;
    this.waiter = null;
    resolve(result);
  }

  /** An attempt to hand out, the end, or null to wait. */
  private take(): IteratorResult<Attempt<S>> | null {
    const resolution = this.resolution;
    if (this.isClosed || !resolution) return { done: true, value: undefined };
    const available = this.untried().length - this.handedOut;
    if (resolution.isReady && available > 0) {
      this.handedOut++;
      return { done: false, value: (context) => this.startNext(context) };
    }
    if (resolution.isFinished && available <= 0 && this.handedOut === 0) return { done: true, value: undefined };
    return null;
  }

  private startNext(context: AttemptContext): Promise<S> {
    this.handedOut--;
    const untried = this.untried();
    const candidate = untried[pickNextIndex(untried, this.startedFamilies(), this.preferredFamily(), this.setup.firstAddressFamilyCount)];
    if (!candidate) return Promise.reject(new Error('no address left to try'));
    const endpoint = toEndpoint(candidate, this.setup.port);
    this.started[context.index] = endpoint;
    return this.setup.launch(endpoint, context);
  }

  /** Started addresses in start order, then the rest in the order they will be tried. */
  private plannedOrder(): Endpoint[] {
    const rest = planOrder(this.untried(), this.startedFamilies(), this.preferredFamily(), this.setup.firstAddressFamilyCount);
    const port = this.setup.port;
    return [...this.started, ...rest.map((candidate) => toEndpoint(candidate, port))];
  }

  private untried(): Candidate[] {
    const tried = new Set(this.started.map((endpoint) => endpoint.address));
    return (this.resolution?.sorted ?? []).filter((candidate) => !tried.has(candidate.address));
  }

  private startedFamilies(): Family[] {
    return this.started.map((endpoint) => endpoint.family);
  }

  /** The family of the address that sorts first among all known ones (RFC 8305 §4). */
  private preferredFamily(): Family {
    return this.resolution?.sorted[0]?.family ?? 6;
  }
}

function toEndpoint({ address, family, synthesizedFrom, fromHint }: Candidate, port: number): Endpoint {
  return {
    address,
    family,
    port,
    ...(synthesizedFrom === undefined ? {} : { synthesizedFrom }),
    ...(fromHint === undefined ? {} : { fromHint }),
  };
}
