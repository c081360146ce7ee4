/**
 * The `eyeball` command (dist/cli-main.cjs, run by the bundle entry src/cli/entry.ts for everything but
 * `--version`). The only module that writes to stdout or stderr or sets the exit code. It ends the
 * process once its output has flushed: a system lookup of the family that lost cannot be cancelled (getaddrinfo runs on the thread
 * pool) and would otherwise keep the process alive for the resolver's whole timeout, seconds after the
 * answer was printed.
 *
 * Start-up time counts (docs/benchmarks.md): everything beyond this file is imported lazily (in one file,
 * initialised on first use), so that a usage error runs only the parser, and the demo runs only for `demo`;
 * the common command line is parsed without commander. Only modules of the bundle are imported lazily:
 * the bundle is a script (src/cli/entry.ts), where `import()` of anything else fails.
 */
import { writeFileSync } from 'node:fs';
import { EyeballError } from '../errors/eyeball-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { shouldUseColor } from './color.js';
import { EXIT_CONNECTED, EXIT_INTERRUPTED, EXIT_NOT_CONNECTED, EXIT_USAGE } from './exit-codes.js';
import type { CheckPlan } from './check-plan.js';
import type { OutputOptions, ParsedCommand } from './program.js';
import type { RunReport } from './report.js';
import { cleanForTerminal } from './sanitize.js';
import { UsageError } from './usage-error.js';

/** The report is laid out for this many columns when stdout is not a terminal and COLUMNS is not set. */
const DEFAULT_WIDTH = 80;
/** The live view keeps within this many rows when the terminal does not say. */
const DEFAULT_HEIGHT = 24;
const DEBUG_HINT = 'set EYEBALL_DEBUG=1 to see the stack';

type Render = (report: RunReport) => string;

async function main(argv: readonly string[]): Promise<number> {
  const command = await readOptionFiles(await parse(argv));
  if (command.kind === 'print') {
    process.stdout.write(command.text);
    return EXIT_CONNECTED;
  }
  if (command.kind === 'check') return runCheck(command.plan);
  // The renderer loads alongside the run's code and before the race starts: compiling it mid-race would
  // delay the handling of socket events and so distort the very timings the report shows.
  const [start, render] = await Promise.all([loadRun(command), loadRenderer(command.output)]);
  const report = await withInterrupt(start);
  process.stdout.write(render(report));
  return exitCodeFor(report);
}

/** The common case without loading commander (src/cli/common-case.ts); commander for everything else. */
async function parse(argv: readonly string[]): Promise<ParsedCommand> {
  const { parseCommonCase } = await import('./common-case.js');
  const common = parseCommonCase(argv);
  if (common !== null) return common;
  const { parseArgs } = await import('./program.js');
  return parseArgs(argv);
}

/** Reads the file `--ca` names, once, before anything runs: a missing or wrong file is a usage error. */
async function readOptionFiles(command: ParsedCommand): Promise<ParsedCommand> {
  if (command.kind !== 'connect' && command.kind !== 'check') return command;
  const settings = command.kind === 'connect' ? command.settings : command.plan.settings;
  if (settings.tls === undefined || settings.tls.caFile === null) return command;
  const { loadCaFile } = await import('./tls-settings.js');
  const loaded = loadCaFile(settings);
  return command.kind === 'connect' ? { ...command, settings: loaded } : { ...command, plan: { ...command.plan, settings: loaded } };
}

async function loadRun(command: Extract<ParsedCommand, { kind: 'connect' | 'demo' }>): Promise<(signal: AbortSignal) => Promise<RunReport>> {
  if (command.kind === 'connect') {
    const { runConnect } = await import('./run.js');
    const { target, settings, output } = command;
    const isTTY = process.stdout.isTTY === true;
    // Into a pipe (scripts, the benchmark) nothing of the live view is loaded.
    const isLive =
      isTTY &&
      (await import('./live/live-decision.js')).shouldShowLive({
        isTTY,
        env: process.env,
        format: output.json ? 'json' : 'human',
        live: true,
        targets: 1,
        mode: 'race',
        count: 1,
      });
    if (!isLive) return (signal) => runConnect(target, settings, { signal });
    // On a terminal the race is drawn as it runs; the final report then takes its place.
    const { startLiveView } = await import('./live/live-view.js');
    return async (signal) => {
      const view = startLiveView({
        write: (text) => process.stdout.write(text),
        title: `eyeball ${target.host} port ${target.port}`,
        targetPort: target.port,
        color: shouldUseColor({ noColorFlag: output.noColor, env: process.env, isTTY }),
        width: terminalWidth(),
        height: terminalHeight(),
      });
      try {
        return await runConnect(target, settings, { signal, onEvent: view.onEvent });
      } finally {
        view.stop();
      }
    };
  }
  const { runDemo } = await import('../demo/demo.js');
  return async (signal) => {
    const demo = await runDemo({ attemptDelay: command.attemptDelay, signal });
    // With --json, stdout holds the JSON document and nothing else.
    (command.output.json ? process.stderr : process.stdout).write(`${demo.note}\n`);
    return demo.report;
  };
}

/**
 * Runs `work` with a signal that the first Ctrl-C aborts: the race stops and the report shows what
 * happened so far. The handler is removed afterwards, so a second Ctrl-C ends the process at once.
 */
async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    controller.abort(Object.assign(new Error('interrupted by Ctrl-C'), { name: 'AbortError', code: 'SIGINT' }));
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

async function loadRenderer(output: OutputOptions): Promise<Render> {
  if (output.json) {
    const { renderJson } = await import('./render/json.js');
    return renderJson;
  }
  const { renderHuman } = await import('./render/human.js');
  const color = shouldUseColor({ noColorFlag: output.noColor, env: process.env, isTTY: process.stdout.isTTY === true });
  return (report) => renderHuman(report, { color, width: terminalWidth() });
}

/** Several targets, `--each`, `--compare`, `--count`, policies, NDJSON, JUnit: src/cli/commands/check.ts. */
async function runCheck(plan: CheckPlan): Promise<number> {
  const [{ runCheckCommand }, { readTargetsFile }] = await Promise.all([import('./commands/check.js'), import('./targets-file.js')]);
  const isTTY = process.stdout.isTTY === true;
  return withInterrupt((signal) =>
    runCheckCommand(plan, {
      signal,
      write: (text) => process.stdout.write(text),
      writeFile: (path, text) => writeFileSync(path, text),
      readTargets: readTargetsFile,
      // JSON and NDJSON are never coloured.
      color: plan.output.format === 'human' && shouldUseColor({ noColorFlag: plan.output.noColor, env: process.env, isTTY }),
      width: terminalWidth(),
      height: terminalHeight(),
      isTTY,
      env: process.env,
    }),
  );
}

/** Terminal rows; a pseudo-terminal may say 0. */
function terminalHeight(): number {
  const rows = process.stdout.rows;
  return Number.isInteger(rows) && rows > 0 ? rows : DEFAULT_HEIGHT;
}

function terminalWidth(): number {
  const columns = process.stdout.columns ?? Number(process.env['COLUMNS']);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

function exitCodeFor(report: RunReport): number {
  if (report.outcome.ok) return EXIT_CONNECTED;
  return report.outcome.reason === 'interrupted' ? EXIT_INTERRUPTED : EXIT_NOT_CONNECTED;
}

/** Everything that goes wrong ends as one line on stderr: usage errors with 2, the rest with 1. */
function reportError(error: unknown): number {
  if (error instanceof UsageError || error instanceof InvalidOptionError) {
    writeError(error.message);
    return EXIT_USAGE;
  }
  // Expected failures of the environment (the demo without IPv6 on loopback, ...) carry eyeball's code.
  if (error instanceof EyeballError) {
    writeError(error.message);
    return EXIT_NOT_CONNECTED;
  }
  if (process.env['EYEBALL_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack.split('\n').map(cleanForTerminal).join('\n')}\n`);
  } else {
    writeError(`unexpected error: ${error instanceof Error ? error.message : String(error)} (${DEBUG_HINT})`);
  }
  return EXIT_NOT_CONNECTED;
}

function writeError(message: string): void {
  process.stderr.write(`eyeball: ${cleanForTerminal(message.replace(/\s*\n\s*/gu, ' '))}\n`);
}

// `eyeball ... | head -1` closes the pipe early; that is not an error worth a message. Others are one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  writeError(`cannot write the report: ${error.message}`);
  process.exitCode = EXIT_NOT_CONNECTED;
});

// A throw from an event handler (a bug) still ends as one line; the process is then in an unknown
// state, so it ends once what was written has flushed.
const crash = (error: unknown): void => {
  exitWhenFlushed(reportError(error));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** Sets the exit code and ends the process as soon as everything written has reached stdout and stderr. */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => exitWhenFlushed(reportError(error)));
