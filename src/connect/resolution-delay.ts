/*
 * The Resolution Delay of RFC 8305 §3: when an A answer comes before the AAAA answer, wait a little for
 * AAAA before going ahead with IPv4. Its owner (resolution.ts) ends it early when AAAA comes in.
 */
import type { Clock } from '../race/clock.js';
import type { TraceEvent } from '../trace/events.js';

export type DelayEndReason = 'aaaa-answer' | 'aaaa-negative' | 'https-answer';

export interface ResolutionDelaySetup {
  readonly delay: number;
  readonly clock: Clock;
  readonly elapsed: () => number;
  readonly emit: (event: TraceEvent) => void;
  /** The delay ran out (not called when it ends early or is cancelled). */
  readonly onElapsed: () => void;
}

export class ResolutionDelay {
  /** The delay ran to its end: attempts may go ahead without waiting any more. */
  isOver = false;
  private timer: unknown = null;

  constructor(private readonly setup: ResolutionDelaySetup) {}

  /** The delay is running now. */
  get isRunning(): boolean {
    return this.timer !== null;
  }

  start(): void {
    const { setup } = this;
    setup.emit({ type: 'resolution-delay-started', at: setup.elapsed(), delay: setup.delay });
    this.timer = setup.clock.setTimeout(() => {
      this.timer = null;
      this.isOver = true;
      setup.emit({ type: 'resolution-delay-ended', at: setup.elapsed(), reason: 'elapsed' });
      setup.onElapsed();
    }, setup.delay);
  }

  /** What the delay waited for came in: it ends now. */
  end(reason: DelayEndReason): void {
    this.cancel();
    this.setup.emit({ type: 'resolution-delay-ended', at: this.setup.elapsed(), reason });
  }

  /** Stops the timer without a word (the connection ended). */
  cancel(): void {
    if (this.timer === null) return;
    this.setup.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
