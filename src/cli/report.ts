/**
 * What one CLI run found: the target, the settings, every trace event, and the outcome. The run step
 * (src/cli/run.ts) fills it; the renderers (human timeline, --json) only read it.
 */
import type { TraceEvent } from '../trace/events.js';
import type { Endpoint } from '../base/endpoint.js';
import type { ErrorInfo } from '../base/error-info.js';

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
  /** TLS as asked on the command line; absent: the defaults of {@link TlsRequest} (`mode: 'auto'`). */
  readonly tls?: TlsRequest;
  /** `--nat64` / `--nat64-prefix`; absent: no NAT64 synthesis. */
  readonly nat64?: Nat64Request;
  /**
   * false after `--no-https`. Otherwise, with `--resolver dns` and a target that is a name, the race asks for
   * the HTTPS records and uses them (the `https` option of connect(), Happy Eyeballs v3). @default true
   */
  readonly https?: boolean;
}

/**
 * The TLS options of the command line. Whether a given target gets TLS, and with which SNI, is decided per
 * target by `tlsFor` (src/cli/tls-settings.ts).
 */
export interface TlsRequest {
  /** `on`: `--tls` or a TLS option; `off`: `--no-tls`; `auto`: TLS for `https://` and `wss://` targets only. */
  readonly mode: 'auto' | 'on' | 'off';
  /** `--alpn`, most preferred first. */
  readonly alpn: readonly string[];
  /** false after `--insecure` (`-k`): a certificate that does not verify is reported, not refused. */
  readonly verify: boolean;
  /** `--servername`, or null for the target's host name (none for an IP address). */
  readonly servername: string | null;
  /** `--ca FILE` as given, or null for Node's bundled CAs. */
  readonly caFile: string | null;
  /** The PEM text of `caFile`, read by src/cli/main.ts before the run (parseArgs reads no file). */
  readonly ca: string | null;
}

export interface Nat64Request {
  /** `--nat64-prefix`, canonical (`64:ff9b::/96`); null to discover it with RFC 7050 (`--nat64`). */
  readonly prefix: string | null;
}

export interface RunTarget {
  /** The host as it will be resolved (punycode for internationalised names, no brackets). */
  readonly host: string;
  readonly port: number;
  /** What the user typed, for the header (already cleaned of control characters). */
  readonly input: string;
  /** The URL scheme, lower case without the colon (`https`), when the target was typed as a URL. */
  readonly scheme?: string;
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
  /**
   * The instant the run's 0 ms stands for (every `at` counts from it): Unix epoch ms with microseconds,
   * `performance.timeOrigin` plus the monotonic reading connect() counts from.
   */
  readonly timeOrigin: number;
}
