import { describe, expect, it } from 'vitest';
import { renderLiveFrame, SPINNER, SPINNER_AFTER_MS } from '../../../src/cli/live/live-frame.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { blackHoleRescued, HOSTILE } from '../render/fixtures.js';
import { aliasChain, targetNameWon } from '../render/service-fixtures.js';

const plain = { title: 'eyeball demo.eyeball.test port 40123', theme: createTheme(false), width: 80, height: 24 };
/** The demo's events up to the start of the first attempt, which then gets no answer. */
const waiting = blackHoleRescued().events.slice(0, 6);

describe('renderLiveFrame', () => {
  it('the events so far, one line each, under the title', () => {
    expect(renderLiveFrame(waiting, 50, 0, plain)).toEqual([
      'eyeball demo.eyeball.test port 40123',
      '    0.4 ms  AAAA query sent (dns resolver)',
      '    0.4 ms  A query sent (dns resolver)',
      '    1.9 ms  AAAA answered: ::1 (TTL 60 s)',
      '    2.1 ms  order: ::1',
      '    2.1 ms  #0 ::1 (IPv6) started',
    ]);
  });

  it(`a spinner once something has waited ${SPINNER_AFTER_MS} ms: the oldest wait, and for how long`, () => {
    const at = 2.106 + SPINNER_AFTER_MS;
    // The A query, asked at 0.431, is the oldest thing still pending.
    expect(renderLiveFrame(waiting, at, 0, plain).at(-1)).toBe(`${SPINNER[0]} waiting ${(at - 0.431).toFixed(1)} ms for the A answer`);
    const later = blackHoleRescued().events.slice(0, 8);
    expect(renderLiveFrame(later, 200, 3, plain).at(-1)).toBe(`${SPINNER[3]} waiting 197.9 ms for #0 ::1`);
  });

  it("waits are kept per name: the host's AAAA answer does not end the wait for backend.example's", () => {
    const events = targetNameWon().events;
    // Up to the host's A answer at 9.2 ms: both queries of backend.example (sent at 3.1 ms) are still out.
    const upToHostAnswers = events.slice(0, events.findIndex((event) => event.type === 'dns-answer' && event.family === 4) + 1);
    expect(renderLiveFrame(upToHostAnswers, 150, 0, plain).at(-1)).toBe(`${SPINNER[0]} waiting 146.9 ms for the AAAA answer for backend.example`);
    // And the lines say whose answer each one is, and the port of an endpoint on another one.
    const lines = renderLiveFrame(events, 2000, 0, { ...plain, width: 120, targetPort: 443 });
    expect(lines).toContain('   10.4 ms  AAAA backend.example answered: 2001:db8::443 (TTL 60 s)');
    expect(lines.at(-1)).toBe('   51.3 ms  connected to 192.0.2.43:8443 (IPv4, service backend.example, priority 1)');
  });

  it('an AliasMode follow-up still out is a wait of its own', () => {
    const events = aliasChain().events;
    // Up to the host's A answer at 6.6 ms: only the follow-up to edge.example (sent at 5.2 ms) is still out.
    const followUp = events.slice(0, events.findIndex((event) => event.type === 'dns-answer' && event.family === 4) + 1);
    expect(renderLiveFrame(followUp, 150, 0, plain).at(-1)).toBe(`${SPINNER[0]} waiting 144.8 ms for the HTTPS answer for edge.example`);
  });

  it('no spinner after the end', () => {
    const all = blackHoleRescued().events;
    expect(renderLiveFrame(all, 2000, 0, plain).at(-1)).toBe('  252.9 ms  connected to 127.0.0.1 (IPv4)');
  });

  it('keeps to the terminal height, newest events last, and to its width', () => {
    const all = blackHoleRescued().events;
    const lines = renderLiveFrame(all, 2000, 0, { ...plain, height: 8, width: 30 });
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toBe('… 8 earlier');
    expect(lines.at(-1)).toBe('  252.9 ms  connected to 127…');
    expect(lines.every((line) => line.length <= 29)).toBe(true);
  });

  it('cleans what came from the network', () => {
    const events: TraceEvent[] = [{ type: 'dns-answer', at: 1, family: 6, recordType: 'AAAA', addresses: [HOSTILE.address], ttl: null }];
    expect(renderLiveFrame(events, 2, 0, plain).join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/u);
  });
});
