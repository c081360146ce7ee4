import { describe, expect, it } from 'vitest';
import { processExitCode, type RunEnding } from '../../../src/cli/process/exit.js';

const plain: RunEnding = { stoppedBy: null, isReportLost: false };

describe('processExitCode', () => {
  it.each([
    ['connected', 0, plain, 0],
    ['not connected', 1, plain, 1],
    ['usage error', 2, plain, 2],
    ['stopped by SIGINT', 130, { stoppedBy: 'SIGINT', isReportLost: false }, 130],
    ['stopped by SIGTERM', 130, { stoppedBy: 'SIGTERM', isReportLost: false }, 143],
    ['stopped by SIGHUP', 130, { stoppedBy: 'SIGHUP', isReportLost: false }, 129],
    ['a signal after the run had ended', 0, { stoppedBy: 'SIGTERM', isReportLost: false }, 0],
    ['connected, report lost', 0, { stoppedBy: null, isReportLost: true }, 1],
    ['stopped by the lost report', 130, { stoppedBy: null, isReportLost: true }, 1],
    ['stopped by SIGTERM, then the report lost', 130, { stoppedBy: 'SIGTERM', isReportLost: true }, 1],
  ] as const)('%s: %i → %i', (_, runCode, ending: RunEnding, code) => {
    expect(processExitCode(runCode, ending)).toBe(code);
  });
});
