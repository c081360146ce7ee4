/**
 * `--targets FILE`: one target per line, in any form the command line takes for a single target. A `#` at
 * the start of a line or after a space starts a comment (so a URL's `#fragment` is not one).
 */
import { MAX_TARGETS_FILE_BYTES } from './process/input-limits.js';
import { readUserFile } from './read-file.js';
import type { RunTarget } from './report.js';
import { parseTarget, quote } from './target.js';
import { UsageError } from './usage-error.js';

const COMMENT = /(?:^|\s)#.*$/u;
const DIGITS = /^\d+$/u;

/** Parses the text of a targets file; `name` is how error messages name the file. */
export function parseTargetsFile(text: string, name: string): RunTarget[] {
  const targets: RunTarget[] = [];
  // A byte order mark is not part of the first target.
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  lines.forEach((line, index) => {
    const content = line.replace(COMMENT, '').trim();
    if (content === '') return;
    try {
      targets.push(parseLine(content));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`${name} line ${index + 1}: ${error.message}`);
    }
  });
  if (targets.length === 0) throw new UsageError(`${name} has no targets (one per line; '#' starts a comment)`);
  return targets;
}

/** Reads and parses a targets file; `-` is standard input. */
export function readTargetsFile(path: string): RunTarget[] {
  const name = path === '-' ? 'standard input' : quote(path);
  const text = readUserFile(path, `--targets ${name}`, MAX_TARGETS_FILE_BYTES);
  return parseTargetsFile(text, path === '-' ? name : `--targets ${name}`);
}

function parseLine(content: string): RunTarget {
  const words = content.split(/\s+/u);
  const [host = '', port] = words;
  if (words.length > 2 || (port !== undefined && !DIGITS.test(port))) {
    throw new UsageError(`one target per line, got ${quote(content)}`);
  }
  return parseTarget(host, port);
}
