export { connect } from './connect/connect.js';
export { staggeredRace, DEFAULT_ATTEMPT_DELAY_MS, MIN_ATTEMPT_SPACING_MS } from './race/staggered-race.js';
export type { Attempt, AttemptContext, AttemptSource, RaceResult, StaggeredRaceOptions } from './race/staggered-race.js';
export type { AttemptOutcome, AttemptRecord, RaceEvent, StartReason } from './race/events.js';
export { systemClock } from './race/clock.js';
export type { Clock } from './race/clock.js';
export type { Endpoint, ErrorInfo, Family, RecordType, TraceEvent, TraceEventType } from './trace/events.js';
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
export { AttemptTimeoutError } from './errors/attempt-timeout-error.js';
export { ConnectTimeoutError } from './errors/connect-timeout-error.js';
export { ConnectionFailedError } from './errors/connection-failed-error.js';
export type { FailedAttempt } from './errors/connection-failed-error.js';
export { DnsQueryError } from './errors/dns-query-error.js';
export { ResolutionFailedError } from './errors/resolution-failed-error.js';
export { systemResolver } from './dns/system-resolver.js';
export { createDnsResolver } from './dns/dns-resolver.js';
