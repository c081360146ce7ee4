import type { DnsQueryError } from './dns-query-error.js';

/**
 * No address at all: every family's query failed or was empty. `errors` holds each family's
 * `DnsQueryError` (AAAA first); `code` is `ENOTFOUND` when every query said the name does not exist.
 */
export class ResolutionFailedError extends AggregateError {
  override name = 'ResolutionFailedError';
  readonly code: string;
  readonly hostname: string;

  constructor(hostname: string, errors: readonly DnsQueryError[]) {
    const reasons = errors.map((error) => `${error.recordType}: ${error.message}`);
    super(
      errors,
      errors.length === 0
        ? `${hostname} has no addresses`
        : `could not resolve ${hostname} (${reasons.join('; ')})`,
    );
    this.hostname = hostname;
    this.code = errors.length > 0 && errors.every((error) => error.code === 'ENOTFOUND') ? 'ENOTFOUND' : 'EYEBALL_NO_ADDRESSES';
  }
}
