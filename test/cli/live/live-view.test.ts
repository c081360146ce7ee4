import { afterEach, describe, expect, it } from 'vitest';
import { type LiveView, startLiveView } from '../../../src/cli/live/live-view.js';
import { blackHoleRescued } from '../render/fixtures.js';

const views: LiveView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.stop();
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function start(): { view: LiveView; written: string[] } {
  const written: string[] = [];
  const view = startLiveView({ write: (text) => written.push(text), title: 'eyeball x port 1', color: false, width: 80, height: 24, now: () => 10 });
  views.push(view);
  return { view, written };
}

describe('startLiveView', () => {
  it('hides the cursor and draws the title at once', () => {
    const { written } = start();
    expect(written).toEqual(['\u001b[?25l', '\u001b[Jeyeball x port 1\n']);
  });

  it('a burst of events is one redraw, over the previous frame', async () => {
    const { view, written } = start();
    const [first, second] = blackHoleRescued().events;
    view.onEvent(first!);
    view.onEvent(second!);
    expect(written).toHaveLength(2);
    await nextTurn();
    // One line was drawn: go up one line, clear, draw three.
    expect(written[2]).toBe(
      '\u001b[1F\u001b[Jeyeball x port 1\n    0.4 ms  AAAA query sent (dns resolver)\n    0.4 ms  A query sent (dns resolver)\n',
    );
  });

  it('stop() erases the frame and gives the cursor back, once', async () => {
    const { view, written } = start();
    view.onEvent(blackHoleRescued().events[0]!);
    await nextTurn();
    view.stop();
    view.stop();
    expect(written.at(-1)).toBe('\u001b[2F\u001b[J\u001b[?25h');
    expect(written.filter((text) => text.includes('\u001b[?25h'))).toHaveLength(1);
  });

  it('events after stop() draw nothing', async () => {
    const { view, written } = start();
    view.stop();
    const count = written.length;
    view.onEvent(blackHoleRescued().events[0]!);
    await nextTurn();
    expect(written).toHaveLength(count);
  });
});
