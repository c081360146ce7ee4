import { expect } from 'vitest';
import type { CheckPlan } from '../../src/cli/check-plan.js';
import type { Plan } from '../../src/cli/plan.js';
import { parseArgs } from '../../src/cli/program.js';
import type { RunTarget } from '../../src/cli/report.js';
import { UsageError } from '../../src/cli/usage-error.js';

/** The command of a kind that `argv` must parse to. */
export function parsedAs<K extends Plan['kind']>(kind: K, argv: string[]): Extract<Plan, { kind: K }> {
  const command = parseArgs(argv);
  if (command.kind !== kind) throw new Error(`expected ${kind} from ${JSON.stringify(argv)}, got ${command.kind}`);
  return command as Extract<Plan, { kind: K }>;
}

/** The plan of a command line that names exactly one target, and that target. */
export function singleTarget(argv: string[]): CheckPlan & { readonly target: RunTarget } {
  const { plan } = parsedAs('check', argv);
  const [target, ...others] = plan.targets;
  if (target === undefined || others.length > 0) throw new Error(`expected one target from ${JSON.stringify(argv)}, got ${plan.targets.length}`);
  return { ...plan, target };
}

/** The message of the UsageError `argv` must raise. */
export function usageError(argv: string[]): string {
  return usageErrorOf(() => parseArgs(argv), `parseArgs(${JSON.stringify(argv)})`);
}

/** The message of the UsageError `run` must throw. */
export function usageErrorOf(run: () => unknown, what = 'the call'): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`${what} did not throw`);
}
