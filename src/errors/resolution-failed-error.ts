import { type DnsQueryError, NO_DATA_CODE } from './dns-query-error.js';

/**
 * No address at all: every family's query failed or was empty. `errors` says what each family answered,
 * AAAA first: its `DnsQueryError`, or one with code `ENODATA` for an answer without records. `code` is
 * `ENOTFOUND` when every failed query said the name does not exist.
 */
export class ResolutionFailedError extends AggregateError {
  override name = 'ResolutionFailedError';
  readonly code: string;
  readonly hostname: string;

  constructor(hostname: string, errors: readonly DnsQueryError[]) {
    const failures = errors.filter((error) => error.code !== NO_DATA_CODE);
    const reasons = errors.map((error) => `${error.recordType}: ${error.message}`);
    super(errors, failures.length === 0 ? `${hostname} has no addresses` : `could not resolve ${hostname} (${reasons.join('; ')})`);
    this.hostname = hostname;
    this.code = failures.length > 0 && failures.every((error) => error.code === 'ENOTFOUND') ? 'ENOTFOUND' : 'EYEBALL_NO_ADDRESSES';
  }
}
