import { describeDnsCode } from './dns-query-error.js';
import { EyeballError } from './eyeball-error.js';

/**
 * The HTTPS (type 65) query for a name failed. Like `DnsQueryError`, `code` keeps the resolver's code
 * (`ENOTFOUND` for NXDOMAIN, `ESERVFAIL`, ...); unlike it, there is no `family`.
 */
export class HttpsQueryError extends EyeballError {
  override name = 'HttpsQueryError';
  readonly hostname: string;
  readonly recordType = 'HTTPS' as const;
  /** When the answer that said so arrived (a `performance.now()` reading), if the resolver knows it. */
  readonly receivedAt: number | undefined;

  constructor(hostname: string, code: string, options?: { cause?: unknown; message?: string; receivedAt?: number }) {
    super(code, options?.message ?? `HTTPS query for ${hostname} failed: ${describeDnsCode(code)}`, options);
    this.hostname = hostname;
    this.receivedAt = options?.receivedAt;
  }
}
