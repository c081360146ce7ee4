/*
 * The bridge between resolution and the staggered race: an async iterator of attempts, one for each
 * address not yet tried, handed out as soon as the Resolution Delay logic allows. Which address an attempt
 * connects to is decided only when the engine starts it, so an address that arrived meanwhile can still go
 * first (RFC 8305 §6). With HTTPS records the endpoints come in groups (HEv3 -04 §5.2): every endpoint of a
 * group starts before the next group's first (§6), families interleave within each group (§5.3), and an
 * address on a port is tried once, in the first group that has it.
 */
import type { Attempt, AttemptContext } from '../race/staggered-race.js';
import { planOrder, pickNextIndex } from '../dns/interleave.js';
import type { ServiceRef } from '../base/endpoint.js';
import type { TraceEvent } from '../trace/events.js';
import type { Endpoint } from '../base/endpoint.js';
import type { Family } from '../base/family.js';
import type { Candidate, EndpointGroup } from './candidate.js';

/** What the feed reads from the resolution (resolution.ts): the endpoints so far, and whether to start or wait. */
export interface EndpointSource {
  readonly groups: readonly EndpointGroup[];
  /** Attempts may start (the Resolution Delay logic). */
  readonly isReady: boolean;
  /** No more endpoints will come. */
  readonly isFinished: boolean;
}

export interface FeedSetup<S> {
  readonly port: number;
  readonly firstAddressFamilyCount: number;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Connects to one endpoint; called when the engine starts the attempt. */
  readonly launch: (endpoint: Endpoint, context: AttemptContext) => Promise<S>;
}

/** A group with endpoints not tried yet (see `untriedGroups`). */
interface UntriedGroup {
  readonly group: EndpointGroup;
  readonly untried: readonly Candidate[];
  readonly startedFamilies: readonly Family[];
  readonly preferredFamily: Family;
}

export class CandidateFeed<S> implements AsyncIterableIterator<Attempt<S>> {
  /** The endpoint of each attempt, by attempt index. */
  readonly started: Endpoint[] = [];
  /** Attempts handed to the engine and not started yet (at most one, in practice). */
  private handedOut = 0;
  private waiter: ((result: IteratorResult<Attempt<S>>) => void) | null = null;
  private isClosed = false;
  private source: EndpointSource | null = null;
  /** The `endpointKey`s of `started`. */
  private readonly tried = new Set<string>();

  constructor(private readonly setup: FeedSetup<S>) {}

  /** Where the endpoints come from; until then, the feed waits. */
  attach(source: EndpointSource): void {
    this.source = source;
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
    const { source } = this;
    if (this.isClosed || !source) return { done: true, value: undefined };
    const available = this.untriedGroups().reduce((count, { untried }) => count + untried.length, 0) - this.handedOut;
    if (source.isReady && available > 0) {
      this.handedOut++;
      return { done: false, value: (context) => this.startNext(context) };
    }
    if (source.isFinished && available <= 0 && this.handedOut === 0) return { done: true, value: undefined };
    return null;
  }

  private startNext(context: AttemptContext): Promise<S> {
    this.handedOut--;
    const group = this.untriedGroups()[0];
    const candidate = group?.untried[pickNextIndex(group.untried, group.startedFamilies, group.preferredFamily, this.setup.firstAddressFamilyCount)];
    if (!group || !candidate) return Promise.reject(new Error('no address left to try'));
    const endpoint = this.toEndpoint(candidate, group.group);
    this.started[context.index] = endpoint;
    this.tried.add(endpointKey(endpoint));
    return this.setup.launch(endpoint, context);
  }

  /** Started endpoints in start order, then the rest in the order they will be tried, group after group. */
  private plannedOrder(): Endpoint[] {
    const planned = [...this.started];
    const seen = new Set(planned.map(endpointKey));
    for (const { group, untried, startedFamilies, preferredFamily } of this.untriedGroups()) {
      for (const candidate of planOrder(untried, startedFamilies, preferredFamily, this.setup.firstAddressFamilyCount)) {
        const endpoint = this.toEndpoint(candidate, group);
        if (seen.has(endpointKey(endpoint))) continue; // an earlier group has it too
        seen.add(endpointKey(endpoint));
        planned.push(endpoint);
      }
    }
    return planned;
  }

  /**
   * The groups with endpoints not tried yet, in order, each with its untried candidates (RFC 6724 order),
   * the families its attempts started with, and the family that sorts first in it (RFC 8305 §4).
   */
  private untriedGroups(): UntriedGroup[] {
    const groups: UntriedGroup[] = [];
    for (const group of this.source?.groups ?? []) {
      const port = group.port ?? this.setup.port;
      const untried = group.candidates.filter((candidate) => !this.tried.has(endpointKey({ address: candidate.address, port })));
      if (untried.length === 0) continue;
      const startedFamilies = this.started
        .filter((endpoint) => endpoint.port === port && sameService(endpoint.service ?? null, group.service))
        .map((endpoint) => endpoint.family);
      groups.push({ group, untried, startedFamilies, preferredFamily: group.candidates[0]?.family ?? 6 });
    }
    return groups;
  }

  private toEndpoint({ address, family, synthesizedFrom, fromHint }: Candidate, { service, port }: EndpointGroup): Endpoint {
    return {
      address,
      family,
      port: port ?? this.setup.port,
      ...(synthesizedFrom === undefined ? {} : { synthesizedFrom }),
      ...(service === null ? {} : { service }),
      ...(fromHint === undefined ? {} : { fromHint }),
    };
  }
}

/** An address on a port: what one attempt tries. */
function endpointKey({ address, port }: Pick<Endpoint, 'address' | 'port'>): string {
  return `[${address}]:${port}`;
}

function sameService(a: ServiceRef | null, b: ServiceRef | null): boolean {
  return a === b || (a !== null && b !== null && a.target === b.target && a.priority === b.priority);
}
