/**
 * The common command line, parsed without commander: one target (`HOST PORT`, `host:port`, a URL) and
 * at most `--json` and `--no-color`. Loading commander and declaring its options costs a run a few
 * milliseconds (docs/benchmarks.md, "Start-up"). commander stays THE parser: anything else, and anything
 * wrong, is left to it (null), and what is parsed here goes through the same `buildCommand`, so the
 * result is the one commander's path gives (test/cli/common-case.test.ts holds both to that).
 */
import { buildCommand } from './build-command.js';
import type { ParsedCommand } from './program.js';

/** Words that commander reads as a subcommand (`help` is its implicit one), not as a host. */
const SUBCOMMANDS: ReadonlySet<string> = new Set(['demo', 'help']);

/** The flags taken here; each is a boolean that commander would read the same wherever it stands. */
const FLAGS: ReadonlySet<string> = new Set(['--json', '--no-color']);

/**
 * The command for `argv` when it is the common case and valid, else null (ask commander).
 *
 * @example
 * parseCommonCase(['example.com', '443', '--json']) // { kind: 'connect', ... }, as parseArgs gives
 * parseCommonCase(['example.com', '443', '-4'])     // null: commander parses it
 */
export function parseCommonCase(argv: readonly string[]): ParsedCommand | null {
  const targets: string[] = [];
  const flags = new Set<string>();
  for (const arg of argv) {
    if (FLAGS.has(arg)) flags.add(arg);
    else if (arg.startsWith('-')) return null;
    else targets.push(arg);
  }
  if (targets.length === 0 || targets.length > 2 || SUBCOMMANDS.has(targets[0] ?? '')) return null;
  let command: ParsedCommand;
  try {
    command = buildCommand(targets, { json: flags.has('--json'), color: !flags.has('--no-color') });
  } catch {
    // commander's path gives the error, with its wording.
    return null;
  }
  return command.kind === 'connect' ? command : null;
}
