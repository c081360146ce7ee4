/*
 * The bridge between resolution and the staggered race: an async iterator of attempts. It hands the engine
 * one attempt for each address not yet tried, as soon as the Resolution Delay logic allows, and waits (so
 * the engine waits) while answers are still outstanding. Which address an attempt connects to is decided
 * only when the engine starts it, so an address that arrived in the meantime can still go first (§6), and
 * the interleaving follows what was actually started.
 *
 * With HTTPS records the endpoints come in groups (HEv3 -04 §5.2): every endpoint of a group starts before
 * the next group's first (§6), and the interleaving of families (§5.3) is within each group, relative to
 * what that group started. An address on a port is tried once, in the first group that has it.
 */
import type { Attempt, AttemptContext } from '../race/staggered-race.js';
import { planOrder, pickNextIndex } from '../dns/interleave.js';
import type { ServiceRef } from '../dns/service-groups.js';
import type { Endpoint, Family, TraceEvent } from '../trace/events.js';
import type { Candidate, EndpointGroup } from './candidate.js';
import type { Resolution } from './resolution.js';

export interface FeedSetup<S> {
  readonly port: number;
  readonly firstAddressFamilyCount: number;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** Connects to one endpoint; called when the engine starts the attempt. */
  readonly launch: (endpoint: Endpoint, context: AttemptContext) => Promise<S>;
  /** Whether anybody reads `emit`'s events; without, the planned order (`addresses-sorted`) is not worked out. @default true */
  readonly isTraced?: boolean;
}

interface UntriedGroup {
  readonly group: EndpointGroup;
  /** The group's candidates not tried yet, in RFC 6724 order. */
  readonly untried: readonly Candidate[];
  /** The families the group's attempts started with, in start order. */
  readonly startedFamilies: readonly Family[];
  /** The family that sorts first in the group (RFC 8305 §4). */
  readonly preferredFamily: Family;
}

const NO_FAMILIES: readonly Family[] = [];

export class CandidateFeed<S> implements AsyncIterableIterator<Attempt<S>> {
  /** The endpoint of each attempt, by attempt index. */
  readonly started: Endpoint[] = [];
  /** Attempts handed to the engine and not started yet (at most one, in practice). */
  private handedOut = 0;
  private waiter: ((result: IteratorResult<Attempt<S>>) => void) | null = null;
  private isClosed = false;
  private resolution: Resolution | null = null;
  /** The `endpointKey`s of `started`; made with the first start. */
  private tried: Set<string> | null = null;

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
    if (addressesChanged && this.setup.isTraced !== false) this.setup.emit({ type: 'addresses-sorted', at: this.setup.elapsed(), addresses: this.plannedOrder() });
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
    const available = this.countUntried() - this.handedOut;
    if (resolution.isReady && available > 0) {
      this.handedOut++;
      return { done: false, value: (context) => this.startNext(context) };
    }
    if (resolution.isFinished && available <= 0 && this.handedOut === 0) return { done: true, value: undefined };
    return null;
  }

  private startNext(context: AttemptContext): Promise<S> {
    this.handedOut--;
    const group = this.untriedGroups()[0];
    if (!group) return Promise.reject(new Error('no address left to try'));
    const { untried, startedFamilies, preferredFamily } = group;
    const candidate = untried[pickNextIndex(untried, startedFamilies, preferredFamily, this.setup.firstAddressFamilyCount)];
    if (!candidate) return Promise.reject(new Error('no address left to try'));
    const endpoint = this.toEndpoint(candidate, group.group);
    this.started[context.index] = endpoint;
    (this.tried ??= new Set()).add(endpointKey(endpoint));
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

  /** How many endpoints are left to try, over all groups (what `untriedGroups` would hold). */
  private countUntried(): number {
    const { tried } = this;
    let count = 0;
    for (const group of this.resolution?.groups ?? []) {
      if (tried === null) {
        count += group.candidates.length;
        continue;
      }
      const port = group.port ?? this.setup.port;
      for (const candidate of group.candidates) if (!tried.has(endpointKey({ address: candidate.address, port }))) count++;
    }
    return count;
  }

  /**
   * The groups with endpoints not tried yet, in order, each with its untried candidates (RFC 6724 order),
   * the families its attempts started with, and the family that sorts first in it (RFC 8305 §4).
   */
  private untriedGroups(): UntriedGroup[] {
    const { tried } = this;
    const groups: UntriedGroup[] = [];
    for (const group of this.resolution?.groups ?? []) {
      const port = group.port ?? this.setup.port;
      // Nothing started yet: every candidate is untried, and no family started (no copies to make).
      const untried = tried === null ? group.candidates : group.candidates.filter((candidate) => !tried.has(endpointKey({ address: candidate.address, port })));
      if (untried.length === 0) continue;
      const startedFamilies =
        tried === null
          ? NO_FAMILIES
          : this.started.filter((endpoint) => endpoint.port === port && sameService(endpoint.service ?? null, group.service)).map((endpoint) => endpoint.family);
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
