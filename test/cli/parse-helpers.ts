import { expect } from 'vitest';
import { type ParsedCommand, parseArgs } from '../../src/cli/program.js';
import { UsageError } from '../../src/cli/usage-error.js';

/** The command of a kind that `argv` must parse to. */
export function parsedAs<K extends ParsedCommand['kind']>(kind: K, argv: string[]): Extract<ParsedCommand, { kind: K }> {
  const command = parseArgs(argv);
  if (command.kind !== kind) throw new Error(`expected ${kind} from ${JSON.stringify(argv)}, got ${command.kind}`);
  return command as Extract<ParsedCommand, { kind: K }>;
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
