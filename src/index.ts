export { connect } from './connect/connect.js';
export { staggeredRace, DEFAULT_ATTEMPT_DELAY_MS, MIN_ATTEMPT_SPACING_MS } from './race/staggered-race.js';
export type { Attempt, AttemptContext, AttemptSource, RaceResult, StaggeredRaceOptions } from './race/staggered-race.js';
export type { RaceEvent } from './race/events.js';
export type { AttemptOutcome, AttemptRecord, StartReason } from './base/attempt.js';
export { systemClock, type Clock } from './race/clock.js';
export type { CertificateInfo, TraceEvent, TraceEventType } from './trace/events.js';
export type { Endpoint, Nat64Origin } from './base/endpoint.js';
export type { ErrorInfo } from './base/error-info.js';
export type { Family, RecordType } from './base/family.js';
export type { FamilyResolver, ResolveAnswer } from './dns/resolver.js';
export type { ConnectOptions, LocalAddresses } from './connect/options.js';
export {
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from './connect/options.js';
export { EyeballError } from './errors/eyeball-error.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { AllAttemptsFailedError } from './errors/all-attempts-failed-error.js';
export { CallbackError } from './errors/callback-error.js';
export { AttemptTimeoutError } from './errors/attempt-timeout-error.js';
export { ConnectTimeoutError } from './errors/connect-timeout-error.js';
export { ConnectionFailedError, type FailedAttempt } from './errors/connection-failed-error.js';
export { DnsQueryError } from './errors/dns-query-error.js';
export { ResolutionFailedError } from './errors/resolution-failed-error.js';
export { systemResolver } from './dns/system-resolver.js';
export { createDnsResolver } from './dns/dns-resolver.js';
export type { TlsOptions } from './connect/connect-tls.js';
export { TlsHandshakeError } from './errors/tls-handshake-error.js';
export { createConnection, createTlsConnection, eyeballCreateConnection } from './agents/create-connection.js';
export type { AgentConnectOptions, CreateConnection, NodeConnectionOptions } from './agents/create-connection.js';
export { eyeballConnector } from './agents/undici-connector.js';
export type { UndiciConnectCallback, UndiciConnectOptions, UndiciConnector } from './agents/undici-connector.js';
export { queryHttpsRecords, type HttpsAnswer, type HttpsQueryOptions } from './dns/https-query.js';
export type { HttpsRecord } from './trace/https-record.js';
export { HttpsQueryError } from './errors/https-query-error.js';
export {
  extractNat64,
  findNat64Prefixes,
  parseNat64Prefix,
  synthesizeNat64,
  WELL_KNOWN_NAT64_PREFIX,
} from './dns/nat64.js';
export type { Nat64Prefix } from './dns/nat64.js';
export { Nat64SynthesisError } from './errors/nat64-synthesis-error.js';
