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

  constructor(hostname: string, code: string, options?: { cause?: unknown; message?: string }) {
    super(code, options?.message ?? `HTTPS query for ${hostname} failed: ${describeDnsCode(code)}`, options);
    this.hostname = hostname;
  }
}
