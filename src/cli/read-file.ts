/**
 * Reading a file the command line names (`--targets FILE`, `--ca FILE`): its text, or one usage-error line
 * saying why it cannot be read. `-` is standard input.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/**
 * The UTF-8 text of `path` (`-`: standard input).
 *
 * @param what Names the file in the error: `--targets "hosts.txt"`.
 * @throws {UsageError} `cannot read --ca "ca.pem": no such file`.
 */
export function readUserFile(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UsageError(`cannot read ${what}: ${why}`);
  }
}
