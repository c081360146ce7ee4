/**
 * The command line: `eyeball <host> [port] [options]` and `eyeball demo`. `parseArgs` only reads its
 * arguments and returns what to do; it prints nothing and exits nothing, so tests call it directly and
 * src/cli/main.ts does the I/O.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from '../connect/options.js';
import { EXIT_CONNECTED, EXIT_INTERRUPTED, EXIT_NOT_CONNECTED, EXIT_USAGE } from './exit-codes.js';
import { CLI_DEFAULT_TIMEOUT_MS, type RaceOptionValues, buildSettings, checkTargetFamily, parseAttemptDelay } from './options.js';
import type { RunSettings, RunTarget } from './report.js';
import { cleanForTerminal } from './sanitize.js';
import { parseTarget } from './target.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export interface OutputOptions {
  /** `--json`: one JSON document on stdout instead of the human report. */
  readonly json: boolean;
  /** `--no-color` was given (the rest of the colour decision needs the environment: src/cli/color.ts). */
  readonly noColor: boolean;
}

/** What the command line asks for. */
export type ParsedCommand =
  | { readonly kind: 'connect'; readonly target: RunTarget; readonly settings: RunSettings; readonly output: OutputOptions }
  | { readonly kind: 'demo'; readonly attemptDelay: number; readonly output: OutputOptions }
  /** `--help` or `--version`: print `text` on stdout and exit 0. */
  | { readonly kind: 'print'; readonly text: string };

const EXAMPLES = `
Examples:
  $ eyeball demo                        watch Happy Eyeballs on this machine, no network needed
  $ eyeball example.com 443
  $ eyeball https://example.com/        the port comes from the URL (http 80, https 443)
  $ eyeball '[2001:db8::1]:443'
  $ eyeball example.com 443 --delay 100 --resolver dns --dns-server 9.9.9.9
  $ eyeball example.com 443 --json | jq .winner

Exit codes:
  ${EXIT_CONNECTED}    connected
  ${EXIT_NOT_CONNECTED}    could not connect (DNS failure, every attempt failed, timeout)
  ${EXIT_USAGE}    usage error (bad option or target)
  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C)
`;

/**
 * Parses the arguments after `eyeball` (`process.argv.slice(2)`).
 *
 * @throws {UsageError} with a one-line message for anything wrong on the command line.
 * @example
 * parseArgs(['example.com:443', '--json']) // { kind: 'connect', target: { host: 'example.com', port: 443, ... }, ... }
 */
export function parseArgs(argv: readonly string[]): ParsedCommand {
  let parsed: ParsedCommand | undefined;
  let printed = '';
  const program = new Command('eyeball')
    // `demo --delay 100` belongs to demo: the program's options count only before a subcommand's name.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        printed += text;
      },
      // Errors come back as CommanderError and become one UsageError line; nothing is written here.
      writeErr: () => {},
      outputError: () => {},
    })
    .description('Connect to HOST:PORT the Happy Eyeballs way (RFC 8305) and show how the race went.')
    .usage('[options] <host> [port]\n       eyeball demo [options]')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('<host>', 'a name, an IP address, host:port, [IPv6]:port, or a URL')
    .argument('[port]', 'the TCP port, unless the host argument gives it');
  addRaceOptions(program);
  addOutputOptions(program);
  program.addHelpText('after', EXAMPLES).action((host: string, port: string | undefined, values: RaceOptionValues & OutputValues) => {
    const target = parseTarget(host, port);
    const settings = buildSettings(values);
    checkTargetFamily(target, settings);
    parsed = { kind: 'connect', target, settings, output: toOutput(values) };
  });

  const demo = program
    .command('demo')
    .description('race a local IPv6 black hole against a local IPv4 listener (no network, no root)')
    .option('--delay <ms>', `how long the IPv4 attempt waits for the black hole (${MIN_CONNECTION_ATTEMPT_DELAY_MS}-${MAX_CONNECTION_ATTEMPT_DELAY_MS}; default ${DEFAULT_CONNECTION_ATTEMPT_DELAY_MS})`);
  addOutputOptions(demo);
  demo.action((values: { delay?: string } & OutputValues) => {
    parsed = { kind: 'demo', attemptDelay: parseAttemptDelay(values.delay), output: toOutput(values) };
  });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { kind: 'print', text: printed };
    const hint = error.code === 'commander.missingArgument' ? ' (see eyeball --help; eyeball demo runs without one)' : '';
    throw new UsageError(`${oneLine(error.message.replace(/^error: /u, ''))}${hint}`);
  }
  // Commander either runs one of the actions or throws; no action means there is nothing to run.
  if (parsed === undefined) throw new UsageError('nothing to do (see eyeball --help)');
  return parsed;
}

interface OutputValues {
  readonly json?: boolean;
  readonly color?: boolean;
}

function addRaceOptions(command: Command): void {
  command
    .option('--delay <ms>', `connection attempt delay, RFC 8305 §5 (${MIN_CONNECTION_ATTEMPT_DELAY_MS}-${MAX_CONNECTION_ATTEMPT_DELAY_MS}; default ${DEFAULT_CONNECTION_ATTEMPT_DELAY_MS})`)
    .option('--resolution-delay <ms>', `how long to wait for AAAA after A answered first, RFC 8305 §3 (default ${DEFAULT_RESOLUTION_DELAY_MS})`)
    .option('--family-count <n>', `addresses of the first family before the other gets a turn, RFC 8305 §4 (default ${DEFAULT_FIRST_ADDRESS_FAMILY_COUNT})`)
    .option('--timeout <ms>', `give up after this long overall, DNS included; 0 for never (default ${CLI_DEFAULT_TIMEOUT_MS})`)
    .option('--attempt-timeout <ms>', "give up on one attempt after this long (default: the OS's own timeout)")
    .option('-4, --ipv4', 'IPv4 only')
    .option('-6, --ipv6', 'IPv6 only')
    .addOption(new Option('--resolver <name>', 'system (the OS resolver) or dns (ask DNS servers directly, shows TTLs)').choices(['system', 'dns']))
    .option('--dns-server <ip[:port]>', 'the DNS server to ask (implies --resolver dns)')
    .option('--local-address <ip>', 'connect from this address');
}

function addOutputOptions(command: Command): void {
  command.option('--json', 'print one JSON document (docs/json.md) instead of the report').option('--no-color', 'no colour');
}

function toOutput(values: OutputValues): OutputOptions {
  return { json: values.json === true, noColor: values.color === false };
}

/** Commander puts suggestions on a second line ("(Did you mean --json?)"); the CLI prints one. */
function oneLine(message: string): string {
  return cleanForTerminal(message.replace(/\s*\n\s*/gu, ' ').trim());
}
