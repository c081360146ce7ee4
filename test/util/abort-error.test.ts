import { describe, expect, it } from 'vitest';
import { abortError } from '../../src/util/abort-error.js';

describe('abortError', () => {
  it('is an AbortError DOMException with the message and no stack frames', () => {
    const error = abortError('another attempt won the race');
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError', message: 'another attempt won the race', code: 20 });
    expect(String(error.stack)).not.toContain('\n    at ');
  });

  it('leaves Error.stackTraceLimit as it was, so other errors keep their stacks', () => {
    const before = Error.stackTraceLimit;
    abortError('x');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('y').stack).toContain('\n    at ');
  });

  it('works as an abort reason: the signal carries it unchanged', () => {
    const controller = new AbortController();
    const reason = abortError('the connection attempt ended');
    controller.abort(reason);
    expect(controller.signal.reason).toBe(reason);
  });
});
