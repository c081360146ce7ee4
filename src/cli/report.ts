/** What one CLI run found. The run step (src/cli/run.ts) fills it; the renderers only read it. */
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
  /** false after `--no-https`: no HTTPS records asked (the `https` option of connect(), Happy Eyeballs v3). */
  readonly https?: boolean;
}

/** The TLS options of the command line; `tlsFor` (src/cli/tls-settings.ts) decides per target. */
export interface TlsRequest {
  /** `on`: `--tls` or a TLS option; `off`: `--no-tls`; `auto`: TLS for `https://` and `wss://` targets only. */
  readonly mode: 'auto' | 'on' | 'off';
  readonly alpn: readonly string[];
  /** false after `--insecure` (`-k`): a certificate that does not verify is reported, not refused. */
  readonly verify: boolean;
  readonly servername: string | null;
  /** `--ca FILE` as given, or null for Node's bundled CAs. */
  readonly caFile: string | null;
  /** The PEM text of `caFile`, read by src/cli/main.ts before the run. */
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
      /** `dns`: no address; `connect`: every attempt failed; `timeout`: the overall timeout; `interrupted`: Ctrl-C or another stop signal. */
      readonly reason: 'dns' | 'connect' | 'timeout' | 'interrupted';
      readonly error: ErrorInfo;
    };

export interface RunReport {
  readonly target: RunTarget;
  readonly settings: RunSettings;
  readonly events: readonly TraceEvent[];
  readonly outcome: RunOutcome;
  readonly elapsed: number;
  /** The instant the run's 0 ms stands for: Unix epoch ms with microseconds. */
  readonly timeOrigin: number;
}
