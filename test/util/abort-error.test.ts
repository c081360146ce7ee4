import { describe, expect, it } from 'vitest';
import { abortError } from '../../src/util/abort-error.js';

describe('abortError', () => {
  it('is an AbortError DOMException with the message', () => {
    const error = abortError('another attempt won the race');
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError', message: 'another attempt won the race', code: 20 });
  });

  it('works as an abort reason: the signal carries it unchanged', () => {
    const controller = new AbortController();
    const reason = abortError('the connection attempt ended');
    controller.abort(reason);
    expect(controller.signal.reason).toBe(reason);
  });
});
