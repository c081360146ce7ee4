/**
 * One event as one short line, `    252.2 ms  #1 127.0.0.1 (IPv4) started (attempt delay passed)`, for the
 * live view and `--compare`. The text is not cleaned: callers clean it before it reaches a terminal.
 */
import type { StrategyError, StrategyEvent } from '../compare/strategy-events.js';
import type { StartReason } from '../../base/attempt.js';
import type { TraceEvent } from '../../trace/events.js';
import type { Endpoint } from '../../base/endpoint.js';
import { formatMs } from './format.js';
import { describeSynthesis, describeTlsFailure, isTlsError } from './tls-words.js';
import { queryLabel } from './timeline.js';
import {
  describeConnectError,
  describeDnsError,
  describeEndpointAddress,
  describeHint,
  describeService,
  familyName,
  RFC6761_WORDS,
} from './words.js';

/** The time column: right-aligned so that the events line up. */
const TIME_WIDTH = 10;

export function timedLine(at: number, text: string): string {
  return `${formatMs(at).padStart(TIME_WIDTH)}  ${text}`;
}

const START_REASONS: Readonly<Record<StartReason, string>> = {
  first: '',
  timer: ' (attempt delay passed)',
  'previous-failed': ' (the previous attempt failed)',
  'attempt-available': ' (its address arrived)',
};

const DELAY_END_REASONS = {
  'aaaa-answer': 'AAAA answered',
  'aaaa-negative': 'AAAA had no address',
  'https-answer': 'the HTTPS answer came',
  elapsed: 'it ran out, IPv4 goes ahead',
} as const;

/**
 * A step of eyeball's race in words; null for bookkeeping a person does not need to see. With `targetPort`,
 * an endpoint on another port (an HTTPS record's `port`) shows it: `127.0.0.1:8443`.
 */
export function describeTraceEvent(event: TraceEvent, targetPort?: number): string | null {
  const attempt = (index: number, endpoint: Endpoint, withFamily = false): string => describeAttempt(index, endpoint, withFamily, targetPort);
  switch (event.type) {
    case 'dns-query':
      if (event.resolver === 'rfc6761') return `${queryLabel(event)}: ${RFC6761_WORDS}`;
      // The system resolver's packets are the OS's: eyeball sees only when it asked.
      return event.resolver === 'system'
        ? `${queryLabel(event)}: asked the OS (system resolver)`
        : `${queryLabel(event)} query sent (${event.resolver} resolver)`;
    case 'dns-answer':
      return event.addresses.length === 0
        ? `${queryLabel(event)}: no records`
        : `${queryLabel(event)} answered: ${event.addresses.join(', ')}${event.ttl === null ? '' : ` (TTL ${event.ttl} s)`}`;
    case 'dns-error':
      return `${queryLabel(event)} failed: ${describeDnsError(event.error)}`;
    case 'https-query': {
      const followUp = event.name === undefined ? '' : 'AliasMode follow-up, ';
      return `${queryLabel({ recordType: 'HTTPS', name: event.name })} query sent (${followUp}${event.resolver} resolver${event.server === null ? '' : `, ${event.server}`})`;
    }
    case 'https-answer': {
      const alias = event.records.find((record) => record.mode === 'alias');
      return `${queryLabel({ recordType: 'HTTPS', name: event.name })} answered: ${event.records.length} record(s)${alias === undefined ? '' : `, AliasMode to ${alias.target}`}`;
    }
    case 'https-error':
      return `${queryLabel({ recordType: 'HTTPS', name: event.name })} failed: ${describeDnsError(event.error)}`;
    case 'https-cancelled':
      return 'HTTPS query cancelled, no longer needed';
    case 'dns-cancelled':
      return `${queryLabel(event)} query cancelled, no longer needed`;
    case 'resolution-delay-started':
      return `A answered first: waiting up to ${formatMs(event.delay)} for AAAA`;
    case 'resolution-delay-ended':
      return `resolution delay over: ${DELAY_END_REASONS[event.reason]}`;
    case 'addresses-sorted':
      return `order: ${event.addresses.map((endpoint) => describeEndpointAddress(endpoint, targetPort)).join(', ')}`;
    case 'attempt-scheduled':
      return null;
    case 'attempt-started':
      return `${attempt(event.index, event, true)} started${START_REASONS[event.reason]}`;
    case 'attempt-failed':
      if (event.timedOut) return `${attempt(event.index, event)} timed out (attempt timeout)`;
      // The tls-handshake line before it said why in full.
      return `${attempt(event.index, event)} ${isTlsError(event.error) ? 'failed: TLS' : describeConnectError(event.error)}`;
    case 'attempt-succeeded':
      return `${attempt(event.index, event)} connected`;
    case 'tls-handshake':
      return event.error === null
        ? `${attempt(event.index, event)} TLS handshake done in ${formatMs(event.handshakeMs)}${event.protocol === null ? '' : ` (${event.protocol})`}`
        : `${attempt(event.index, event)} ${describeTlsFailure(event, event.error)}`;
    case 'nat64-query':
      return `NAT64 prefix query sent (${event.resolver} resolver)`;
    case 'nat64-prefix':
      return event.prefixes.length === 0 ? 'no NAT64 prefix' : `NAT64 prefix: ${event.prefixes.join(', ')}`;
    case 'attempt-cancelled':
      return `${attempt(event.index, event)} cancelled: ${event.reason === 'lost' ? 'another attempt won' : 'the run ended'}`;
    case 'attempt-disposed':
      return `${attempt(event.index, event)} connected late; that socket was closed`;
    case 'connected':
      return `connected to ${describeEndpointAddress(event, targetPort)} (${familyName(event.family)}${event.service === undefined ? '' : `, ${describeService(event.service)}`})`;
    case 'failed':
      return `failed: ${event.error.code}`;
  }
}

/** A step of Node's `net.connect` or of the sequential connect in words. */
export function describeStrategyEvent(event: StrategyEvent): string {
  switch (event.type) {
    case 'lookup-started':
      return `lookup of ${event.hostname}`;
    case 'lookup-answered':
      return event.addresses.length === 0
        ? 'lookup answered with no address'
        : `lookup answered: ${event.addresses.map((entry) => entry.address).join(', ')}`;
    case 'lookup-failed':
      return `lookup failed: ${describeDnsError(event.error)}`;
    case 'attempt-started':
      return `${describeAttempt(event.index, event, true)} started`;
    case 'attempt-failed':
      return `${describeAttempt(event.index, event)} ${describeConnectError(event.error)}`;
    case 'attempt-abandoned':
      return `${describeAttempt(event.index, event)} abandoned after ${formatMs(event.after)} (Node's attempt timeout)`;
    case 'attempt-cancelled':
      return `${describeAttempt(event.index, event)} still connecting when the run ended`;
    case 'connected':
      return `connected to ${event.address} (${familyName(event.family)})`;
    case 'failed':
      return `failed: ${describeStrategyError(event.error)}`;
  }
}

/** A strategy's final error as a program sees it: `AggregateError with an empty message (errors: ETIMEDOUT, ECONNREFUSED)`. */
export function describeStrategyError(error: StrategyError): string {
  const causes = error.errors.length === 0 ? '' : ` (errors: ${error.errors.map((cause) => cause.code).join(', ')})`;
  if (error.message === '') return `${error.name} with an empty message${causes}`;
  return `${error.message.includes(error.code) ? error.message : `${error.message} (${error.code})`}${causes}`;
}

/** `#0 ::1`; with its family, service and where the address came from: `#0 64:ff9b::c000:201 (IPv6, NAT64 of …)`. */
function describeAttempt(index: number, endpoint: Endpoint, withFamily = false, targetPort?: number): string {
  const address = describeEndpointAddress(endpoint, targetPort);
  if (!withFamily) return `#${index} ${address}`;
  const origin = endpoint.synthesizedFrom === undefined ? '' : `, ${describeSynthesis(endpoint.synthesizedFrom)}`;
  const service = endpoint.service === undefined ? '' : `, ${describeService(endpoint.service)}`;
  const hint = endpoint.fromHint === true ? `, ${describeHint(endpoint.family)}` : '';
  return `#${index} ${address} (${familyName(endpoint.family)}${origin}${service}${hint})`;
}
