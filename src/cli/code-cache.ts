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
  if (cacheFile === null) return { script: compile(source, undefined, filename), cache: 'none' };
  const parts = partsOf(cacheFile);
  if (parts === undefined || !parts.source.equals(source)) return { script: compile(source, undefined, filename), cache: 'stale' };
  return compileWithData(source, parts.cachedData, filename);
}

function compile(source: Buffer, cachedData: Buffer | undefined, filename: string): Script {
  return new Script(source.toString('utf8'), { filename, ...(cachedData === undefined ? {} : { cachedData }) });
}

/** `source` with V8's data made from it: `used`, or `rejected` when V8 will not take it. */
function compileWithData(source: Buffer, cachedData: Buffer, filename: string): CompiledBundle {
  const script = compile(source, cachedData, filename);
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

/** The cache file's copy of the source and V8's data, or undefined when the file is cut short. */
function partsOf(cacheFile: Buffer): { source: Buffer; cachedData: Buffer } | undefined {
  if (cacheFile.length < LENGTH_BYTES) return undefined;
  const end = LENGTH_BYTES + cacheFile.readUInt32LE(0);
  if (cacheFile.length <= end) return undefined;
  return { source: cacheFile.subarray(LENGTH_BYTES, end), cachedData: cacheFile.subarray(end) };
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
    const parts = partsOf(cacheFile);
    const bundle = statSync(bundlePath);
    // The copy is the source, so it is compiled with its data without comparing it to anything.
    if (parts !== undefined && bundle.size === parts.source.length && bundle.mtimeMs <= statSync(cachePath).mtimeMs) {
      return compileWithData(parts.source, parts.cachedData, bundlePath);
    }
  } catch {
    // No cache file, or no bundle to look at: reading the bundle below says what there is.
  }
  return compileWithCodeCache(readFileSync(bundlePath), cacheFile, bundlePath);
}
