/**
 * `--ndjson`: one JSON object per line, written as things happen, documented in docs/ndjson.md. Each target
 * ends with a `verdict` event. Pure: the caller writes the lines.
 */
import type { StrategyEvent } from '../compare/strategy-events.js';
import type { TraceEvent } from '../../trace/events.js';
import type { Verdict } from '../check-result.js';
import type { StrategyName } from '../commands/compare.js';
import type { EachEvent } from '../commands/each.js';
import type { RunTarget } from '../report.js';
import { type JsonRepeatDocument, roundTimes } from './diagnostics-json.js';
import { isoTime, ms } from './json.js';

/** The last event of each target: whether it passed, and each check with why. */
export interface VerdictEvent {
  readonly type: 'verdict';
  /** ms since the target's check started. */
  readonly at: number;
  readonly passed: boolean;
  readonly interrupted: boolean;
  readonly checks: Verdict['checks'];
  /** With `--count`: the statistics of the series, as in the `--count` document. */
  readonly statistics?: JsonRepeatDocument['statistics'];
}

/** The first line of each race: when its 0 ms was, so that every `at` after it can be laid on a packet capture. */
export interface RaceStartedEvent {
  readonly type: 'race-started';
  readonly at: 0;
  readonly startedAt: string;
  readonly timeOrigin: number;
}

export type NdjsonEvent = TraceEvent | EachEvent | StrategyEvent | VerdictEvent | RaceStartedEvent;

export function raceStartedEvent(timeOrigin: number): RaceStartedEvent {
  return { type: 'race-started', at: 0, startedAt: isoTime(timeOrigin), timeOrigin: ms(timeOrigin) };
}

export interface NdjsonContext {
  readonly target: RunTarget;
  /** 1-based, with `--count`. */
  readonly run?: number;
  readonly strategy?: StrategyName;
}

/** One line: `{"target":{"host":...,"port":...},"event":{...}}` and a newline. */
export function ndjsonLine(context: NdjsonContext, event: NdjsonEvent): string {
  const record = {
    target: { host: context.target.host, port: context.target.port },
    ...(context.run === undefined ? {} : { run: context.run }),
    ...(context.strategy === undefined ? {} : { strategy: context.strategy }),
    event: roundTimes(event),
  };
  return `${JSON.stringify(record)}\n`;
}
