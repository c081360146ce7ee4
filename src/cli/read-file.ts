/**
 * Reading a file the command line names: its text, or one usage-error line saying why it cannot be read.
 * Every read stops once past its size cap, so that `--targets /dev/zero` is refused instead of filling the memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from './usage-error.js';

const CHUNK_BYTES = 64 * 1024;

/** The UTF-8 text of `path` (`-`: standard input), at most `maxBytes` bytes of it; `what` names the file in errors. */
export function readUserFile(path: string, what: string, maxBytes: number): string {
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, maxBytes + 1);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UsageError(`cannot read ${what}: ${why}`);
  }
  if (bytes.length > maxBytes) throw new UsageError(`${what} is larger than ${formatBytes(maxBytes)}`);
  return bytes.toString('utf8');
}

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
