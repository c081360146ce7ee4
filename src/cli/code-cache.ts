/**
 * V8's code cache for the CLI bundle, from userland (Node 20 has no `module.enableCompileCache`): the
 * build runs dist/cli-main.cjs once and saves what V8 compiled (dist/cli-main.cache); a run hands that
 * to `vm.Script` and skips parsing the 560 kB bundle and compiling the functions a run uses. See
 * docs/benchmarks.md, "Start-up".
 *
 * V8 checks the cache against its own version and flags, but of the source it checks only the length.
 * The cache file therefore carries the exact source it was made from and is used only for that source,
 * byte for byte: an edited bundle, a cache of another build or a truncated file is ignored, and a cache
 * that V8 rejects (another Node version) is ignored by V8. Either way the bundle is compiled as usual.
 *
 * The file: the source's length in bytes (uint32, little-endian), the source, then V8's data. Since it
 * carries the source, a start reads only this file when the bundle is unchanged since the cache was made
 * (`loadBundle`).
 */
import { readFileSync, statSync } from 'node:fs';
import { Script } from 'node:vm';

const LENGTH_BYTES = 4;

/** What became of the cache: `used` by V8, `rejected` by V8, `stale` (not made from this source), or `none`. */
export type CodeCacheStatus = 'used' | 'rejected' | 'stale' | 'none';

export interface CompiledBundle {
  readonly script: Script;
  readonly cache: CodeCacheStatus;
}

/**
 * Compiles `source` (the bundle's bytes, UTF-8) with the cache in `cacheFile` (its bytes, or null when
 * there is none) when, and only when, that cache was made from exactly this source.
 */
export function compileWithCodeCache(source: Buffer, cacheFile: Buffer | null, filename: string): CompiledBundle {
  const cachedData = cacheFile === null ? undefined : cachedDataFor(source, cacheFile);
  const script = new Script(source.toString('utf8'), { filename, ...(cachedData === undefined ? {} : { cachedData }) });
  if (cacheFile === null) return { script, cache: 'none' };
  if (cachedData === undefined) return { script, cache: 'stale' };
  return { script, cache: script.cachedDataRejected === true ? 'rejected' : 'used' };
}

/**
 * The cache file for `source` holding V8's `cachedData` for it (`script.createCachedData()`, best taken
 * after a run, so that it also holds the functions that run compiled: scripts/train-code-cache.mjs).
 */
export function codeCacheFile(source: Buffer, cachedData: Buffer): Buffer {
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(source.length);
  return Buffer.concat([length, source, cachedData]);
}

/** V8's part of the cache file, or undefined unless the file was made from exactly `source`. */
function cachedDataFor(source: Buffer, cacheFile: Buffer): Buffer | undefined {
  const start = LENGTH_BYTES + source.length;
  if (cacheFile.length <= start || cacheFile.readUInt32LE(0) !== source.length) return undefined;
  return cacheFile.subarray(LENGTH_BYTES, start).equals(source) ? cacheFile.subarray(start) : undefined;
}

/**
 * Compiles the bundle at `bundlePath` with the cache file at `cachePath`, reading the bundle only when it
 * must: a bundle as long as the cache's copy of its source and not written after the cache is the build's
 * own, and the copy is compiled in its place (reading the 600 kB bundle too cost a start about 1 ms). The
 * script then runs exactly the source V8's data was made from. A bundle that is newer or of another length
 * is read and compared byte for byte, as `compileWithCodeCache` does; without a cache it is compiled as is.
 */
export function loadBundle(bundlePath: string, cachePath: string): CompiledBundle {
  let cacheFile: Buffer | null = null;
  try {
    cacheFile = readFileSync(cachePath);
    const copy = unchangedSource(cacheFile, statSync(cachePath).mtimeMs, bundlePath);
    if (copy !== undefined) return compileWithCodeCache(copy, cacheFile, bundlePath);
  } catch {
    // No cache file, or no bundle to look at: reading the bundle below says what there is.
  }
  return compileWithCodeCache(readFileSync(bundlePath), cacheFile, bundlePath);
}

/** The cache's copy of the source, when the bundle has its length and was not written after the cache. */
function unchangedSource(cacheFile: Buffer, cacheWrittenAt: number, bundlePath: string): Buffer | undefined {
  if (cacheFile.length <= LENGTH_BYTES) return undefined;
  const length = cacheFile.readUInt32LE(0);
  const bundle = statSync(bundlePath);
  if (bundle.size !== length || bundle.mtimeMs > cacheWrittenAt || cacheFile.length <= LENGTH_BYTES + length) return undefined;
  return cacheFile.subarray(LENGTH_BYTES, LENGTH_BYTES + length);
}
