/**
 * Reading a file the command line names (`--targets FILE`, `--ca FILE`): its text, or one usage-error line
 * saying why it cannot be read. `-` is standard input. Every read has a size cap and stops once past it, so
 * that `--targets /dev/zero` or an endless pipe is refused at once instead of filling the memory. The caps
 * are in src/cli/process/input-limits.ts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** How much is read from the file per call. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The UTF-8 text of `path` (`-`: standard input), at most `maxBytes` bytes of it.
 *
 * @param what Names the file in the error: `--targets "hosts.txt"`.
 * @param maxBytes The largest file accepted; reading stops at the first byte beyond it.
 * @throws {UsageError} `cannot read --ca "ca.pem": no such file`, or `--ca "ca.pem" is larger than 1 MiB`.
 */
export function readUserFile(path: string, what: string, maxBytes: number): string {
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, maxBytes + 1);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UsageError(`cannot read ${what}: ${why}`);
  }
  if (bytes.length > maxBytes) throw new UsageError(`${what} is larger than ${formatBytes(maxBytes)}`);
  return bytes.toString('utf8');
}

/** The first `limit` bytes of the file (all of it when shorter). */
function readAtMost(path: string, limit: number): Buffer {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, limit - total));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}

/** `1 MiB`, `4 MiB`, `512 bytes`. */
function formatBytes(bytes: number): string {
  const mebibyte = 1024 * 1024;
  return bytes % mebibyte === 0 ? `${bytes / mebibyte} MiB` : `${bytes} bytes`;
}
