/**
 * What one CLI run found: the target, the settings, every trace event, and the outcome. The run step
 * (src/cli/run.ts) fills it; the renderers (human timeline, --json) only read it.
 */
import type { Endpoint, ErrorInfo, TraceEvent } from '../trace/events.js';

export interface RunSettings {
  readonly resolver: 'system' | 'dns';
  readonly dnsServer: string | null;
  readonly family: 0 | 4 | 6;
  /** ms */
  readonly attemptDelay: number;
  readonly resolutionDelay: number;
  readonly firstAddressFamilyCount: number;
  readonly timeout: number | null;
  readonly attemptTimeout: number | null;
  readonly localAddress: string | null;
}

export interface RunTarget {
  /** The host as it will be resolved (punycode for internationalised names, no brackets). */
  readonly host: string;
  readonly port: number;
  /** What the user typed, for the header (already cleaned of control characters). */
  readonly input: string;
}

export type RunOutcome =
  | { readonly ok: true; readonly winner: Endpoint & { readonly index: number; readonly at: number } }
  | {
      readonly ok: false;
      /** `dns`: no address; `connect`: every attempt failed; `timeout`: the overall timeout; `interrupted`: Ctrl-C. */
      readonly reason: 'dns' | 'connect' | 'timeout' | 'interrupted';
      readonly error: ErrorInfo;
    };

export interface RunReport {
  readonly target: RunTarget;
  readonly settings: RunSettings;
  readonly events: readonly TraceEvent[];
  readonly outcome: RunOutcome;
  /** ms from the start of the run to its end. */
  readonly elapsed: number;
}
