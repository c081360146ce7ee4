import { describe, expect, it } from 'vitest';
import { ALIAS_CHAIN_CODE, followAliases, MAX_ALIAS_FOLLOW_UPS } from '../../src/dns/alias-chain.js';
import type { HttpsAnswer } from '../../src/dns/https-query.js';
import type { HttpsRecord } from '../../src/trace/https-record.js';
import { HttpsQueryError } from '../../src/errors/https-query-error.js';
import { serviceRecord } from '../helpers/fake-network.js';

const alias = (target: string): HttpsRecord => serviceRecord({ mode: 'alias', priority: 0, target });

/** Answers from a table of names (NXDOMAIN for others), recording what was asked. */
function resolver(table: Record<string, HttpsRecord[]>) {
  const asked: string[] = [];
  const resolveHttps = (name: string): Promise<HttpsAnswer> => {
    asked.push(name);
    const records = table[name];
    if (!records) return Promise.reject(new HttpsQueryError(name, 'ENOTFOUND'));
    return Promise.resolve({ records, ttl: 60, malformed: 0 });
  };
  return { asked, resolveHttps };
}

const follow = (resolveHttps: (name: string) => Promise<HttpsAnswer>, onAnswer: (name: string) => void = () => {}) =>
  followAliases(resolveHttps, 'www.example', { signal: new AbortController().signal, onAnswer });

describe('AliasMode chains (RFC 9460 §2.4.2, §3)', () => {
  it("without AliasMode, the host's records as they are", async () => {
    const records = [serviceRecord({ alpn: ['h2'] })];
    const { asked, resolveHttps } = resolver({ 'www.example': records });
    expect(await follow(resolveHttps)).toEqual({ name: 'www.example', records, error: null });
    expect(asked).toEqual(['www.example']);
  });

  it('follows aliases to the ServiceMode records, reporting each answer with its name', async () => {
    const service = serviceRecord({ port: 8443 });
    const { asked, resolveHttps } = resolver({
      'www.example': [alias('cdn.example'), serviceRecord({ target: 'ignored.example' })],
      'cdn.example': [alias('edge.example')],
      'edge.example': [service],
    });
    const answers: string[] = [];
    const result = await follow(resolveHttps, (name: string) => void answers.push(name));
    expect(result).toEqual({ name: 'edge.example', records: [service], error: null });
    expect(asked).toEqual(['www.example', 'cdn.example', 'edge.example']);
    expect(answers).toEqual(asked);
  });

  it('a failed follow-up ends the chain at the name asked, with the error', async () => {
    const { resolveHttps } = resolver({ 'www.example': [alias('gone.example')] });
    const result = await follow(resolveHttps);
    expect(result.name).toBe('gone.example');
    expect(result.records).toEqual([]);
    expect(result.error).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('detects a loop (names compared without case) and stops', async () => {
    const { asked, resolveHttps } = resolver({ 'www.example': [alias('a.example')], 'a.example': [alias('WWW.example')] });
    const result = await follow(resolveHttps);
    expect(asked).toEqual(['www.example', 'a.example']);
    expect(result).toMatchObject({ name: 'a.example', records: [] });
    expect(result.error).toBeInstanceOf(HttpsQueryError);
    expect(result.error).toMatchObject({
      code: ALIAS_CHAIN_CODE,
      message: 'HTTPS query for www.example failed: its AliasMode chain loops back to WWW.example',
    });
  });

  it(`stops after ${MAX_ALIAS_FOLLOW_UPS} follow-up queries`, async () => {
    const table: Record<string, HttpsRecord[]> = { 'www.example': [alias('n1.example')] };
    for (let n = 1; n <= 20; n++) table[`n${n}.example`] = [alias(`n${n + 1}.example`)];
    const { asked, resolveHttps } = resolver(table);
    const result = await follow(resolveHttps);
    expect(asked).toHaveLength(1 + MAX_ALIAS_FOLLOW_UPS);
    expect(result).toMatchObject({ name: `n${MAX_ALIAS_FOLLOW_UPS}.example`, error: { code: ALIAS_CHAIN_CODE } });
  });

  it('an AliasMode target of `.` means no service: the chain ends without records', async () => {
    const { resolveHttps } = resolver({ 'www.example': [alias('.')] });
    expect(await follow(resolveHttps)).toEqual({ name: 'www.example', records: [], error: null });
  });

  it('picks among several AliasMode records with the injected random', async () => {
    const { asked, resolveHttps } = resolver({ 'www.example': [alias('a.example'), alias('b.example')], 'a.example': [], 'b.example': [] });
    const signal = new AbortController().signal;
    await followAliases(resolveHttps, 'www.example', { signal, onAnswer: () => {}, random: () => 0.75 });
    expect(asked).toEqual(['www.example', 'b.example']);
  });
});
