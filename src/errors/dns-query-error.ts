import type { Family, RecordType } from '../base/family.js';
import { EyeballError } from './eyeball-error.js';

/** The code of a `DnsQueryError` that stands for an answer without records (NOERROR, NODATA): c-ares' own. */
export const NO_DATA_CODE = 'ENODATA';

/**
 * One DNS query (one family of one name) failed. `code` keeps the resolver's own code, so NXDOMAIN
 * (`ENOTFOUND`), SERVFAIL (`ESERVFAIL`), a refusal (`EREFUSED`) and a timeout (`ETIMEOUT`) stay apart.
 */
export class DnsQueryError extends EyeballError {
  override name = 'DnsQueryError';
  readonly hostname: string;
  readonly family: Family;
  readonly recordType: RecordType;
  /** When the answer that said so arrived (a `performance.now()` reading), if the resolver knows it. */
  readonly receivedAt: number | undefined;

  constructor(hostname: string, family: Family, code: string, options?: { cause?: unknown; message?: string; receivedAt?: number }) {
    const recordType = family === 6 ? 'AAAA' : 'A';
    super(code, options?.message ?? `${recordType} query for ${hostname} failed: ${describeDnsCode(code)}`, options);
    this.hostname = hostname;
    this.family = family;
    this.recordType = recordType;
    this.receivedAt = options?.receivedAt;
  }
}

const DNS_CODE_WORDS: Readonly<Record<string, readonly [words: string, rcode?: string]>> = {
  ENOTFOUND: ['no such name', 'NXDOMAIN'],
  ENODATA: ['no records of this type', 'NODATA'],
  ESERVFAIL: ['the server failed', 'SERVFAIL'],
  EREFUSED: ['the server refused the query', 'REFUSED'],
  EFORMERR: ['the server could not read the query', 'FORMERR'],
  ENOTIMP: ['the server does not do that', 'NOTIMP'],
  ETIMEOUT: ['no answer in time'],
  ETIMEDOUT: ['no answer in time'],
  ECONNREFUSED: ['the DNS server could not be reached (connection refused)'],
  EAI_AGAIN: ['temporary failure (SERVFAIL or no answer)'],
  EBADRESP: ['a malformed answer'],
  EBADNAME: ['not a valid name'],
  ECANCELLED: ['cancelled'],
};

/** Words for a DNS error code, with the DNS response code and the code: `no such name (NXDOMAIN, ENOTFOUND)`. */
export function describeDnsCode(code: string): string {
  const [words, rcode] = DNS_CODE_WORDS[code] ?? [];
  if (words === undefined) return code;
  return rcode ? `${words} (${rcode}, ${code})` : `${words} (${code})`;
}
