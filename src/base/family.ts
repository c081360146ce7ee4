/** An IP address family: 6 for IPv6, 4 for IPv4. */
export type Family = 4 | 6;

/** The DNS record type that holds a family's addresses. */
export type RecordType = 'A' | 'AAAA';

export function recordType(family: Family): RecordType {
  return family === 6 ? 'AAAA' : 'A';
}
