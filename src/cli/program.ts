/**
 * The command line: `eyeball <host> [port] [options]`, several targets, `--targets FILE`, and
 * `eyeball demo`. `parseArgs` only reads its arguments and returns the plan of what to do; it prints
 * nothing, exits nothing and reads no file. src/cli/run-plan.ts carries the plan out.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from '../connect/options.js';
import { type CheckValues, type OutputValues, buildCommand, toOutput } from './build-command.js';
import { DEFAULT_CONCURRENCY, DEFAULT_INTERVAL_MS, MAX_CONCURRENCY } from './check-plan.js';
import { EXIT_CONNECTED, EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_NOT_CONNECTED, EXIT_TERMINATED, EXIT_USAGE } from './exit-codes.js';
import { CLI_DEFAULT_TIMEOUT_MS, type RaceOptionValues, parseAttemptDelay } from './options.js';
import { cleanForTerminal } from './sanitize.js';
import { DEFAULT_ALPN } from './tls-settings.js';
import { UsageError } from './usage-error.js';
import type { Plan } from './plan.js';
import { VERSION } from './version.js';

const EXAMPLES = `
Targets: "HOST PORT" (two arguments) is one target. Several targets each carry
their own port: host:port, [IPv6]:port or a URL (a.example:443 b.test:80).

Examples:
  $ eyeball demo
      watch Happy Eyeballs on this machine, no network needed
  $ eyeball example.com 443
  $ eyeball https://example.com/
      the port comes from the URL (http 80, https 443); TLS too: version,
      ALPN, certificate and its expiry per attempt
  $ eyeball '[2001:db8::1]:443'
  $ eyeball example.com 443 --delay 100 --resolver dns --dns-server 9.9.9.9
  $ eyeball example.com 443 --json | jq .winner
  $ eyeball a.example:443 '[2001:db8::1]:443' https://c.example/
      three targets, checked at once
  $ eyeball --targets hosts.txt --concurrency 4 --junit eyeball.xml
      a list, and a report for CI
  $ eyeball example.com 443 --each
      every address on its own: which one is broken?
  $ eyeball example.com 443 --require both --max-time 500
      fail unless both families connect
  $ eyeball example.com 443 --compare
      eyeball vs Node's net.connect vs one address at a time
  $ eyeball example.com 443 --count 10 --interval 500
      like ping, with statistics
  $ eyeball example.com 443 --ndjson
      one event per line, as it happens
  $ eyeball https://localhost:8443/ --ca ca.pem
      trust your own CA
  $ eyeball https://localhost:8443/ -k
      report a certificate that does not verify instead of refusing it
  $ eyeball example.com 443 --alpn h2 --resolver dns
      also shows the HTTPS (SVCB) records
  $ eyeball example.com 443 --nat64-prefix 64:ff9b::/96
      IPv4-only names from an IPv6-only host

Exit codes:
  ${EXIT_CONNECTED}    connected
  ${EXIT_NOT_CONNECTED}    could not connect (no address, every attempt failed, timeout),
       or a check (--require, --max-time) failed
  ${EXIT_USAGE}    usage error (bad option or target)
  ${EXIT_HANGUP}  stopped by SIGHUP; what happened so far is reported
  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C); what happened so far is reported
  ${EXIT_TERMINATED}  stopped by SIGTERM; what happened so far is reported
With several targets or --count, 0 means that every one connected and passed
its checks. A report that could not be written exits 1.

Docs, in the package's docs/ folder (node_modules/eyeballs/docs/): cli.md (the
report, every option), json.md and ndjson.md (--json, --ndjson), ci.md (CI).
`;

/** Parses the arguments after `eyeball`; throws a one-line UsageError for anything wrong on the command line. */
export function parseArgs(argv: readonly string[]): Plan {
  let parsed: Plan | undefined;
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
    .usage(
      '[options] <host> [port]\n' +
        '       eyeball [options] <host:port|[IPv6]:port|URL>...\n' +
        '       eyeball [options] --targets <file>\n' +
        '       eyeball demo [options]',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[targets...]', 'a host and a port (a name, an IP address), or host:port, [IPv6]:port or a URL; several of those');
  addRaceOptions(program);
  addOutputOptions(program);
  addCheckOptions(program);
  program.addHelpText('after', EXAMPLES).action((args: string[], values: RaceOptionValues & OutputValues & CheckValues) => {
    parsed = buildCommand(args, values);
  });

  const demo = program
    .command('demo')
    .description('race a local IPv6 black hole against a local IPv4 listener (no network, no root)')
    .option(
      '--delay <ms>',
      `how long the IPv4 attempt waits for the black hole (${MIN_CONNECTION_ATTEMPT_DELAY_MS}-${MAX_CONNECTION_ATTEMPT_DELAY_MS}; default ${DEFAULT_CONNECTION_ATTEMPT_DELAY_MS})`,
    );
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
  if (parsed === undefined) throw new UsageError('nothing to do (see eyeball --help)');
  return parsed;
}

function addRaceOptions(command: Command): void {
  command
    .option(
      '--delay <ms>',
      `connection attempt delay, RFC 8305 §5 (${MIN_CONNECTION_ATTEMPT_DELAY_MS}-${MAX_CONNECTION_ATTEMPT_DELAY_MS}; default ${DEFAULT_CONNECTION_ATTEMPT_DELAY_MS})`,
    )
    .option('--resolution-delay <ms>', `how long to wait for AAAA after A answered first, RFC 8305 §3 (default ${DEFAULT_RESOLUTION_DELAY_MS})`)
    .option(
      '--family-count <n>',
      `addresses of the first family before the other gets a turn, RFC 8305 §4 (default ${DEFAULT_FIRST_ADDRESS_FAMILY_COUNT})`,
    )
    .option('--timeout <ms>', `give up after this long overall, DNS included; 0 for never (default ${CLI_DEFAULT_TIMEOUT_MS})`)
    .option('--attempt-timeout <ms>', "give up on one attempt after this long (default: the OS's own timeout)")
    .option('-4, --ipv4', 'IPv4 only')
    .option('-6, --ipv6', 'IPv6 only')
    .addOption(new Option('--resolver <name>', 'system (the OS resolver) or dns (ask DNS servers directly, shows TTLs)').choices(['system', 'dns']))
    .option('--dns-server <ip[:port]>', 'the DNS server to ask (implies --resolver dns)')
    .option('--local-address <ip>', 'connect from this address')
    .option('--tls', 'TLS after TCP: an attempt wins only once its handshake is done (default for https:// and wss:// targets)')
    .option('--no-tls', 'plain TCP, even for https:// targets')
    .option('--alpn <list>', `ALPN protocols to offer, most preferred first (implies --tls; default ${DEFAULT_ALPN.join(',')})`)
    .option('-k, --insecure', 'report a certificate that does not verify instead of refusing it (implies --tls)')
    .option('--ca <file>', "trust the CA certificates (PEM) in this file instead of Node's bundled ones (implies --tls)")
    .option('--servername <name>', 'the SNI to send and the name the certificate must be for (implies --tls; default: the host)')
    .option(
      '--no-https',
      'with --resolver dns: no HTTPS record query, plain RFC 8305 (default: ask for HTTPS records first and race with their address hints, Happy Eyeballs v3)',
    )
    .option('--nat64', 'on an IPv6-only host, reach IPv4 addresses through NAT64; the prefix is discovered via ipv4only.arpa (RFC 7050)')
    .option('--nat64-prefix <prefix>', 'the same with this NAT64 prefix (RFC 6052: /32, /40, /48, /56, /64 or /96), e.g. 64:ff9b::/96');
}

function addCheckOptions(command: Command): void {
  command
    .option('--targets <file>', "read targets from a file, one per line ('#' comments; '-' for standard input)")
    .option('--concurrency <n>', `how many targets to check at once (1-${MAX_CONCURRENCY}; default ${DEFAULT_CONCURRENCY})`)
    .option('--each', 'probe every address on its own, all at once, each with its own timeout (--attempt-timeout, else --timeout)')
    .option('--compare', "connect three ways side by side: eyeball's race, Node's net.connect (autoSelectFamily), one address after another")
    .addOption(
      new Option(
        '--require <family>',
        'fail unless this family connects: the race is won over it; with --each, one of its addresses connects (both implies --each)',
      ).choices(['ipv4', 'ipv6', 'both']),
    )
    .option('--max-time <ms>', 'fail unless the connection is made within this long (with --each: a slower address counts as unreachable)')
    .option('--count <n>', 'run the race this many times, like ping, with statistics at the end')
    .option('--interval <ms>', `with --count: time between the starts of two runs (default ${DEFAULT_INTERVAL_MS})`)
    .option('--ndjson', 'print one JSON object per event, as it happens (docs/ndjson.md)')
    .option('--junit <file>', 'also write the checks as JUnit XML to this file, for CI')
    .option('--no-live', 'on a terminal, do not draw the race while it runs; print the report at the end only');
}

function addOutputOptions(command: Command): void {
  command
    .option('-v, --verbose', 'also print the settings, the DNS answers and every attempt as tables')
    .option('--json', 'print one JSON document (docs/json.md) instead of the report')
    .option('--no-color', 'no colour');
}

/** Commander puts suggestions on a second line ("(Did you mean --json?)"); the CLI prints one. */
function oneLine(message: string): string {
  return cleanForTerminal(message.replace(/\s*\n\s*/gu, ' ').trim());
}
