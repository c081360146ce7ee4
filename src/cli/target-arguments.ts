/**
 * The target arguments of the command line, with no guessing: `eyeball HOST PORT`, two arguments whose
 * second has no `:`, is one target; otherwise every argument is a target of its own and must carry its
 * port (each such form has a `:`, a port alone never does).
 */
import type { RunTarget } from './report.js';
import { parseTarget, quote } from './target.js';
import { UsageError } from './usage-error.js';

const DIGITS = /^\d+$/u;
/** A host name rather than a mistyped port: a letter and a dot (`b.example`, but not `1e3` or `80.5`). */
const LOOKS_LIKE_A_NAME = /^(?=.*[a-z])(?=.*\.)/iu;

const EACH_TARGET_CARRIES_ITS_PORT = 'with several targets, each carries its own port (host:port, [IPv6]:port or a URL)';

/** Parses the target arguments (none is allowed here: `--targets FILE` may give them all). */
export function parseTargetArguments(args: readonly string[]): RunTarget[] {
  const [first, second] = args;
  if (first === undefined) return [];
  if (args.length === 1) return [parseTarget(first)];
  if (args.length === 2 && second !== undefined && !second.includes(':')) return [parseHostAndPort(first, second)];
  const port = args.find((arg) => DIGITS.test(arg));
  if (port !== undefined) {
    // The message starts as commander's own did for `eyeball host 80 443`, so scripts that match it still do.
    throw new UsageError(`too many arguments: ${quote(port)} looks like a port, but ${EACH_TARGET_CARRIES_ITS_PORT}`);
  }
  return args.map((arg) => {
    try {
      return parseTarget(arg);
    } catch (error) {
      if (error instanceof UsageError && error.message.startsWith('missing port')) {
        throw new UsageError(`missing port for ${quote(arg)}: ${EACH_TARGET_CARRIES_ITS_PORT}`);
      }
      throw error;
    }
  });
}

/** `eyeball HOST PORT`; a second argument that is a name gets a hint about the several-targets form. */
function parseHostAndPort(host: string, port: string): RunTarget {
  try {
    return parseTarget(host, port);
  } catch (error) {
    if (error instanceof UsageError && error.message.startsWith('invalid port') && LOOKS_LIKE_A_NAME.test(port)) {
      throw new UsageError(`${error.message} (${EACH_TARGET_CARRIES_ITS_PORT})`);
    }
    throw error;
  }
}
