import type { ResolveAnswer } from './resolver.js';

/** An answer with each address once, in first-seen order (a resolver may repeat one, e.g. /etc/hosts twice). */
export function makeAnswer(addresses: Iterable<string>, ttl: number | null, receivedAt?: number): ResolveAnswer {
  const answer = { addresses: [...new Set(addresses)], ttl };
  return receivedAt === undefined ? answer : { ...answer, receivedAt };
}
