/**
 * One frame of the live view: the title, the events so far, and, while something has been waiting for a
 * while, a spinner line that says what and for how long. Pure, so any frame can be checked exactly.
 */
import type { TraceEvent } from '../../trace/events.js';
import { cleanForTerminal } from '../sanitize.js';
import { describeTraceEvent, timedLine } from '../render/event-line.js';
import { formatMs } from '../render/format.js';
import type { Theme } from '../render/theme.js';

/** A wait shorter than this needs no spinner: most answers on a healthy path come sooner. */
export const SPINNER_AFTER_MS = 100;
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

interface FrameOptions {
  readonly title: string;
  readonly theme: Theme;
  /** Terminal columns: every line is cut to fit, since a wrapped line would break the redraw. */
  readonly width: number;
  /** Terminal rows: the list keeps its latest events within them (the cursor cannot go above the screen). */
  readonly height: number;
  /** The port asked for: an endpoint on another one (an HTTPS record's `port`) shows its port. */
  readonly targetPort?: number;
}

/** The lines of the frame at `now` (ms since the race started); `tick` advances the spinner. */
export function renderLiveFrame(events: readonly TraceEvent[], now: number, tick: number, options: FrameOptions): string[] {
  const { theme, width } = options;
  const fit = (text: string): string => (text.length > width - 1 ? `${text.slice(0, Math.max(0, width - 2))}…` : text);
  const described = events.flatMap((event) => {
    const text = describeTraceEvent(event, options.targetPort);
    return text === null ? [] : [fit(cleanForTerminal(timedLine(event.at, text)))];
  });
  const waiting = longestWait(events, now);
  const status =
    waiting !== null && now - waiting.since >= SPINNER_AFTER_MS
      ? [fit(`${SPINNER[tick % SPINNER.length]} waiting ${formatMs(now - waiting.since)} for ${cleanForTerminal(waiting.what)}`)]
      : [];
  // Title, status, and the "earlier" line take three rows; one more stays free for the cursor.
  const room = Math.max(2, options.height - 4);
  const kept = room - 1;
  const shown =
    described.length > room ? [theme.dim(`… ${described.length - kept} earlier`), ...described.slice(described.length - kept)] : described;
  return [theme.title(fit(options.title)), ...shown, ...status.map((line) => theme.warn(line))];
}

/**
 * The oldest thing still pending: an attempt without an end, or a query without an answer. Queries are
 * keyed by name too: the host's A and a TargetName's A are different waits.
 */
function longestWait(events: readonly TraceEvent[], now: number): { since: number; what: string } | null {
  const pending = new Map<string, { since: number; what: string }>();
  const about = (name: string | undefined): string => (name === undefined ? '' : ` for ${name}`);
  for (const event of events) {
    switch (event.type) {
      case 'dns-query':
        pending.set(`dns${event.family} ${event.name ?? ''}`, { since: event.at, what: `the ${event.recordType} answer${about(event.name)}` });
        break;
      case 'dns-answer':
      case 'dns-error':
      case 'dns-cancelled':
        pending.delete(`dns${event.family} ${event.name ?? ''}`);
        break;
      case 'https-query':
        pending.set(`https ${event.name ?? ''}`, { since: event.at, what: `the HTTPS answer${about(event.name)}` });
        break;
      case 'https-answer':
      case 'https-error':
        pending.delete(`https ${event.name ?? ''}`);
        break;
      case 'https-cancelled':
        for (const key of [...pending.keys()]) if (key.startsWith('https ')) pending.delete(key);
        break;
      case 'attempt-started':
        pending.set(`attempt${event.index}`, { since: event.at, what: `#${event.index} ${event.address}` });
        break;
      case 'attempt-failed':
      case 'attempt-succeeded':
      case 'attempt-cancelled':
        pending.delete(`attempt${event.index}`);
        break;
      case 'connected':
      case 'failed':
        pending.clear();
        break;
      default:
        break;
    }
  }
  let oldest: { since: number; what: string } | null = null;
  for (const entry of pending.values()) if (entry.since <= now && (oldest === null || entry.since < oldest.since)) oldest = entry;
  return oldest;
}
