/**
 * The lab needs root and a few tools (see requirements.ts). Without them the lab suite skips and says
 * why; in CI it fails instead, because CI runs as root and the lab must never be skipped there silently.
 */
import { describe, it } from 'vitest';
import { isCi, type LabNeeds, missingForLab } from './requirements.js';

/**
 * `describe` for lab suites: runs them when the lab can run; otherwise skips them with a console line
 * that says why, or, in CI, replaces them with one failing test that says why.
 */
export function describeLab(title: string, body: () => void, needs: LabNeeds = {}): void {
  const missing = missingForLab(needs);
  if (missing !== null && isCi()) {
    describe(title, () => {
      it('has what the lab needs (CI must run the lab, never skip it)', () => {
        throw new Error(`the lab cannot run: ${missing}`);
      });
    });
    return;
  }
  if (missing !== null) console.warn(`[eyeball lab] skipping "${title}": ${missing}`);
  describe.skipIf(missing !== null)(title, body);
}
