/*
 * The CLI's `--resolver dns`: the library's dns resolver (createDnsResolver) with its queries in the lookup
 * process. The child asks A, AAAA and HTTPS exactly as the library does in-process, and stamps when each
 * query went out and each answer came in; here its answers and errors become the library's again.
 */
import { createDnsResolver, type DnsResolverOptions } from '../../dns/dns-resolver.js';
import { DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES } from '../../dns/dns-query-settings.js';
import type { HttpsAnswer } from '../../dns/https-query.js';
import { makeAnswer } from '../../dns/answer.js';
import type { FamilyResolver, ResolveAnswer } from '../../dns/resolver.js';
import { DnsQueryError } from '../../errors/dns-query-error.js';
import { HttpsQueryError } from '../../errors/https-query-error.js';
import { errorCode } from '../../base/error-info.js';
import type { Family } from '../../base/family.js';
import type { DnsRequest, LookupProcess, TimedReply } from './lookup-process.js';
import { fromChildError } from './protocol.js';

/**
 * A resolver named `dns` whose queries run in `lookups`' child, with answers dated by it (`receivedAt`,
 * `onAsked`, `onSent`). Options as `createDnsResolver`'s, checked the same way (bad ones throw here).
 */
export function createChildDnsResolver(lookups: LookupProcess, options: DnsResolverOptions = {}): FamilyResolver {
  // The library's own resolver checks the options and names the HTTPS server; it sends nothing itself.
  const local = createDnsResolver(options);
  const servers = options.servers === undefined || options.servers.length === 0 ? {} : { servers: options.servers };
  const timeout = options.timeout ?? DEFAULT_DNS_TIMEOUT_MS;
  const tries = options.tries ?? DEFAULT_DNS_TRIES;
  const httpsServer = (): string | null => local.httpsServer?.('') ?? null;

  /**
   * One query in the child: its answer and when it came, or the library's error for it (`fail(code, details)`),
   * dated by the child when it answered with one. An abort rejects with the signal's reason.
   */
  const query = async (
    body: DnsRequest,
    signal: AbortSignal,
    onAsked: ((askedAt: number) => void) | undefined,
    fail: (code: string, details: { cause?: unknown; message?: string; receivedAt?: number }) => Error,
  ): Promise<TimedReply> => {
    const reply = await lookups.ask(body, signal, onAsked).catch((error: unknown) => {
      if (signal.aborted && error === signal.reason) throw error;
      throw fail(errorCode(error, 'EBADRESP'), { cause: error });
    });
    const { answer, answeredAt } = reply;
    if ('error' in answer) {
      const { code, message, cause } = answer.error;
      throw fail(code ?? 'EBADRESP', { message, receivedAt: answeredAt, ...(cause === undefined ? {} : { cause: fromChildError(cause) }) });
    }
    return reply;
  };

  return {
    name: 'dns',
    async resolve(hostname: string, family: Family, signal: AbortSignal, onAsked?: (askedAt: number) => void): Promise<ResolveAnswer> {
      const fail = (code: string, details: object): Error => new DnsQueryError(hostname, family, code, details);
      const reply = await query({ kind: 'resolve', hostname, family, ...servers, timeout, tries }, signal, onAsked, fail);
      const { answer, answeredAt } = reply;
      if (!('ttl' in answer)) throw fail('EBADRESP', { cause: unexpected(reply) });
      return makeAnswer(answer.addresses, answer.ttl, answeredAt);
    },
    reportsAskedAt: true,
    async resolveHttps(hostname: string, signal: AbortSignal, onSent?: (sentAt?: number) => void): Promise<HttpsAnswer> {
      const server = httpsServer();
      if (server === null) throw new HttpsQueryError(hostname, 'EYEBALL_NO_DNS_SERVER');
      const fail = (code: string, details: object): Error => new HttpsQueryError(hostname, code, details);
      const reply = await query({ kind: 'https', hostname, server, timeout, tries }, signal, onSent, fail);
      const { answer, answeredAt } = reply;
      if (!('https' in answer)) throw fail('EBADRESP', { cause: unexpected(reply) });
      return { ...answer.https, receivedAt: answeredAt };
    },
    reportsHttpsSent: true,
    httpsServer,
  };
}

/** An answer of the wrong kind (a bug of the protocol's). */
function unexpected(reply: TimedReply): Error {
  return new Error(`the lookup process answered a DNS query with ${JSON.stringify(reply.answer)}`);
}
