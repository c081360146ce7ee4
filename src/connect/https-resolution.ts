/*
 * Happy Eyeballs v3 (draft-ietf-happy-happyeyeballs-v3-04) on top of the RFC 8305 resolution: the host's
 * HTTPS query goes out first (§4.1), its AliasMode chain is followed (alias-chain.ts), and the ServiceMode
 * records make groups of endpoints (§5.2, service-groups.ts), with the A/AAAA of the names they point to.
 * Hints (§4.2.1): a usable record's `ipv6hint`/`ipv4hint` stand in for its name's addresses of that family
 * until the real answer replaces them (§7); a family that fails keeps its hints.
 */
import { followAliases } from '../dns/alias-chain.js';
import type { HttpsAnswer } from '../dns/https-query.js';
import type { FamilyResolver } from '../dns/resolver.js';
import { sortDestinations } from '../dns/rfc6724.js';
import { hintsByName, ignoredServices, planServiceGroups, type ServiceGroupPlan } from '../dns/service-groups.js';
import { toErrorInfo } from '../base/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { Family } from '../base/family.js';
import type { Candidate, EndpointGroup, MakeCandidates } from './candidate.js';
import { NameResolution } from './name-resolution.js';
import type { DelayEndReason } from './resolution-delay.js';
import { HttpsQueryError } from '../errors/https-query-error.js';
import { wireTime } from './wire-time.js';

export interface HttpsResolutionSetup {
  /** The host's own A/AAAA resolution, read (never changed) to place its hints. */
  readonly host: NameResolution;
  readonly hostname: string;
  readonly families: readonly Family[];
  readonly resolver: FamilyResolver;
  readonly resolveHttps: (hostname: string, signal: AbortSignal, onSent?: (sentAt?: number) => void) => Promise<HttpsAnswer>;
  readonly signal: AbortSignal;
  readonly makeCandidates: MakeCandidates;
  /** See `ResolutionSetup`. */
  readonly clientAlpn: readonly string[];
  readonly random?: (() => number) | undefined;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  readonly onChange: (addressesChanged: boolean, reason: DelayEndReason | null) => void;
}

/** A name HTTPS records point to, other than the host: its A/AAAA and its hints. */
interface Target {
  readonly resolution: NameResolution;
  readonly hints: Map<Family, readonly Candidate[]>;
}

export class HttpsResolution {
  private status: 'pending' | 'answered' | 'failed' = 'pending';
  /** The groups to form, in order (HEv3 §5.2); null until the records are in. */
  private plans: readonly ServiceGroupPlan[] | null = null;
  private readonly hostHints = new Map<Family, readonly Candidate[]>();
  private readonly targets = new Map<string, Target>();

  constructor(private readonly setup: HttpsResolutionSetup) {}

  /** Sends the host's HTTPS query. */
  start(): void {
    void this.ask();
  }

  /** The HTTPS query (its AliasMode chain included) has not answered yet. */
  get isPending(): boolean {
    return this.status === 'pending';
  }

  /** HTTPS has answered or failed, and so has every query for the names it points to. */
  get isFinished(): boolean {
    return !this.isPending && [...this.targets.values()].every((target) => target.resolution.isFinished);
  }

  /** An IPv6 address stands in for the host's AAAA answer (HEv3 §4.2): a host hint, or a target's address. */
  get standsInForAaaa(): boolean {
    return (
      (this.hostHints.get(6)?.length ?? 0) > 0 ||
      [...this.targets.values()].some((target) => this.targetCandidates(target).some((candidate) => candidate.family === 6))
    );
  }

  /** Whether the host has hints of `family`: its real answer then replaces them. */
  hasHostHints(family: Family): boolean {
    return (this.hostHints.get(family)?.length ?? 0) > 0;
  }

  /** The host's addresses: its answers, and its hints for the families not answered yet. */
  hostCandidates(): readonly Candidate[] {
    const { host } = this.setup;
    return withHints(host.candidates, this.hostHints, (family) => host.status(family) !== 'answered');
  }

  /** The groups of endpoints, in the order to try them; null until the records are in. */
  groups(): readonly EndpointGroup[] | null {
    if (this.plans === null) return null;
    const hostCandidates = this.hostCandidates();
    return this.plans.map(({ service, name, port }) => {
      const target = this.targets.get(name);
      const candidates = name === this.setup.hostname ? hostCandidates : target ? this.targetCandidates(target) : [];
      return { service, port, candidates };
    });
  }

  /** Reports the HTTPS query as cancelled if it was still out (the owner has aborted `signal`). */
  reportQueryCancelled(): void {
    if (this.status !== 'pending') return;
    this.status = 'failed';
    this.setup.emit({ type: 'https-cancelled', at: this.setup.elapsed() });
  }

  /** Reports the queries for the names the records point to that were still out as cancelled. */
  reportTargetsCancelled(): void {
    for (const target of this.targets.values()) target.resolution.reportCancelled();
  }

  /** HEv3 §4.1: the HTTPS query with its AliasMode chain (RFC 9460 §3), then what its records say. */
  private async ask(): Promise<void> {
    const { setup } = this;
    const { signal, hostname } = setup;
    const random = setup.random ? { random: setup.random } : {};
    const chain = await followAliases(setup.resolveHttps, hostname, {
      signal,
      ...random,
      onQuery: (name, sentAt) => this.emitQuery(name, sentAt),
      isSendReported: setup.resolver.reportsHttpsSent === true,
      onAnswer: (name, answer) => {
        const { records, ttl, malformed } = answer;
        // Records with port 0 and those beyond the limit are said here, and make no group (service-groups.ts).
        const ignored = ignoredServices(records, setup.clientAlpn);
        const isAnyIgnored = ignored.portZero > 0 || ignored.overLimit > 0;
        setup.emit({
          type: 'https-answer',
          at: wireTime(setup.elapsed, answer.receivedAt),
          records,
          ttl,
          malformed,
          ...(isAnyIgnored ? { ignored } : {}),
          ...this.named(name),
        });
      },
    }).catch(() => null);
    if (chain === null || signal.aborted) return;
    if (chain.error !== null) {
      const receivedAt = chain.error instanceof HttpsQueryError ? chain.error.receivedAt : undefined;
      setup.emit({ type: 'https-error', at: wireTime(setup.elapsed, receivedAt), error: toErrorInfo(chain.error), ...this.named(chain.name) });
    }
    const plans = planServiceGroups(chain.records, { host: hostname, ownerName: chain.name, clientAlpn: setup.clientAlpn, ...random });
    this.plans = plans;
    const hints = hintsByName(chain.records, chain.name, setup.clientAlpn);
    const others = plans.filter((plan) => plan.name !== hostname);
    await Promise.all(others.map((plan) => this.resolveTarget(plan.name, hints.get(plan.name))));
    if (signal.aborted) return;
    // A family of the host whose real answer is in already takes no hints.
    let isHinted = false;
    const own = hints.get(hostname);
    for (const family of own ? setup.families : []) {
      if (setup.host.status(family) !== 'pending') continue;
      const fresh = await hintCandidates(setup.host, family, own?.[family] ?? []);
      if (signal.aborted) return;
      if (setup.host.status(family) !== 'pending') continue; // the real answer came meanwhile
      this.hostHints.set(family, fresh);
      isHinted = fresh.length > 0 || isHinted;
    }
    this.status = chain.error === null ? 'answered' : 'failed';
    const hasAddress = (this.groups() ?? []).some((group) => group.candidates.length > 0);
    setup.onChange(isHinted || (plans.length > 1 && hasAddress), 'https-answer');
  }

  /** Asks `name`'s AAAA and A (once per name), with `hints` standing in until each family answers. */
  private async resolveTarget(name: string, hints: { readonly 6: readonly string[]; readonly 4: readonly string[] } | undefined): Promise<void> {
    const { setup } = this;
    if (this.targets.has(name)) return;
    const resolution: NameResolution = new NameResolution({
      ...setup,
      name,
      isNamed: true,
      onSettled: (family, added) => this.onTargetSettled(target, family, added),
    });
    const target: Target = { resolution, hints: new Map() };
    this.targets.set(name, target);
    resolution.start();
    await Promise.all(
      setup.families.map(async (family) => {
        const fresh = await hintCandidates(resolution, family, hints?.[family] ?? []);
        // The real answer came meanwhile: it wins.
        if (!setup.signal.aborted && resolution.status(family) === 'pending') target.hints.set(family, fresh);
      }),
    );
  }

  /** A target's answer or failure is in. While the records are being applied, `ask` reports at its end. */
  private onTargetSettled(target: Target, family: Family, added: readonly Candidate[]): void {
    if (this.isPending) return;
    const isAnswered = target.resolution.status(family) === 'answered';
    const addressesChanged = isAnswered && (added.length > 0 || (target.hints.get(family)?.length ?? 0) > 0);
    // An IPv6 address of a service ends the wait for AAAA as the host's own would (HEv3 §4.2).
    this.setup.onChange(addressesChanged, this.standsInForAaaa ? 'aaaa-answer' : null);
  }

  private targetCandidates({ resolution, hints }: Target): readonly Candidate[] {
    return withHints(resolution.candidates, hints, (family) => resolution.status(family) !== 'answered');
  }

  /** The HTTPS query for `name` went out (at `sentAt`, if the resolver said): the host's, or an AliasMode target's follow-up (RFC 9460 §2.4.2). */
  private emitQuery(name: string, sentAt: number | undefined): void {
    const { setup } = this;
    const server = setup.resolver.httpsServer?.(name) ?? null;
    setup.emit({ type: 'https-query', at: wireTime(setup.elapsed, sentAt), resolver: setup.resolver.name, server, ...this.named(name) });
  }

  /** The `name` field of an HTTPS event: absent for the host itself. */
  private named(name: string): { name?: string } {
    return name === this.setup.hostname ? {} : { name };
  }
}

/** The candidates for the hints of `family` that `name` does not know yet. */
function hintCandidates(name: NameResolution, family: Family, hints: readonly string[]): Promise<Candidate[]> {
  return hints.length === 0 ? Promise.resolve([]) : name.newCandidates(family, hints);
}

/** `answered` with the hints of the families `isHinted` still waits on, marked `fromHint`, sorted by RFC 6724. */
function withHints(
  answered: readonly Candidate[],
  hints: ReadonlyMap<Family, readonly Candidate[]>,
  isHinted: (family: Family) => boolean,
): readonly Candidate[] {
  const known = new Set(answered.map((candidate) => candidate.address));
  const shown = [...hints]
    .filter(([family]) => isHinted(family))
    .flatMap(([, candidates]) => candidates)
    .filter((candidate) => !known.has(candidate.address));
  if (shown.length === 0) return answered;
  return sortDestinations([...answered, ...shown.map((candidate): Candidate => ({ ...candidate, fromHint: true }))]);
}
