/**
 * The live view: while the race runs, the terminal shows its events as they happen, redrawn in place.
 * When the race ends, `stop()` erases the frame, so the final report takes its place.
 */
import type { TraceEvent } from '../../trace/events.js';
import { createTheme } from '../render/theme.js';
import { renderLiveFrame } from './live-frame.js';

const LIVE_TICK_MS = 100;

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const CLEAR_TO_END = '\u001b[J';

interface LiveViewOptions {
  readonly write: (text: string) => void;
  readonly title: string;
  readonly color: boolean;
  readonly width: number;
  readonly height: number;
  readonly targetPort?: number;
  /** ms since the race started. @default performance.now() from when the view starts */
  readonly now?: () => number;
}

export interface LiveView {
  readonly onEvent: (event: TraceEvent) => void;
  /** Erases the frame and gives the cursor back. Safe to call twice. */
  readonly stop: () => void;
}

export function startLiveView(options: LiveViewOptions): LiveView {
  const origin = performance.now();
  const now = options.now ?? ((): number => performance.now() - origin);
  const theme = createTheme(options.color);
  const events: TraceEvent[] = [];
  let drawn = 0;
  let tick = 0;
  let isStopped = false;
  let pending: NodeJS.Immediate | null = null;

  const erase = (): string => (drawn === 0 ? CLEAR_TO_END : `\u001b[${drawn}F${CLEAR_TO_END}`);
  const draw = (): void => {
    if (isStopped) return;
    const lines = renderLiveFrame(events, now(), tick, { ...options, theme });
    options.write(`${erase()}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(() => {
    tick++;
    draw();
  }, LIVE_TICK_MS);
  timer.unref();
  options.write(HIDE_CURSOR);
  draw();

  return {
    onEvent(event) {
      events.push(event);
      // Events come in bursts (a query and its answer, an attempt and the next one): one redraw for each burst.
      pending ??= setImmediate(() => {
        pending = null;
        draw();
      });
    },
    stop() {
      if (isStopped) return;
      clearInterval(timer);
      if (pending !== null) clearImmediate(pending);
      options.write(`${erase()}${SHOW_CURSOR}`);
      isStopped = true;
    },
  };
}
