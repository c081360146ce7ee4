/**
 * The CLI bundle's code cache (src/cli/code-cache.ts): used only for the exact source it was made from,
 * and whatever becomes of it, the script compiles and runs the source it was given. The last test checks
 * the cache `npm run build` made: this Node accepts it for dist/cli-main.cjs.
 */
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheFile, compileWithCodeCache, loadBundle } from '../../src/cli/code-cache.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let sourceCount = 0;

/** A bundle-like script (a function expression) returning `answer`; each call's source is new to V8. */
function bundleSource(answer: string): Buffer {
  sourceCount += 1;
  return Buffer.from(`(function (input) { const id = ${sourceCount}; return [id, input, '${answer}']; })`);
}

/**
 * The cache as the build writes it, made in a `node` of its own after a run of the script (so that it
 * holds compiled functions). Not made here: V8 would then find the source in this process's own
 * compilation cache and never read the cache under test.
 */
function cacheAfterRun(source: Buffer): Buffer {
  const made = spawnSync(
    process.execPath,
    [
      '-e',
      `const script = new (require('node:vm').Script)(process.argv[1], { filename: 'bundle.cjs' });
       script.runInThisContext()('warm-up');
       process.stdout.write(script.createCachedData().toString('base64'));`,
      source.toString('utf8'),
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`making the cache failed: ${made.stderr}`);
  return codeCacheFile(source, Buffer.from(made.stdout, 'base64'));
}

function run(compiled: { script: Script }, input: string): unknown {
  return (compiled.script.runInThisContext() as (input: string) => unknown)(input);
}

describe('compileWithCodeCache', () => {
  it('uses a cache made from the same source, and the script runs that source', () => {
    const source = bundleSource('same');
    const cache = cacheAfterRun(source);
    const compiled = compileWithCodeCache(source, cache, 'bundle.cjs');
    expect(compiled.cache).toBe('used');
    expect(run(compiled, 'x')).toEqual([sourceCount, 'x', 'same']);
  });

  it('ignores a cache made from another source of the same length (V8 itself checks only the length)', () => {
    const original = bundleSource('old');
    const cache = cacheAfterRun(original);
    const edited = Buffer.from(original.toString('utf8').replace("'old'", "'new'"));
    expect(edited.length).toBe(original.length);
    const compiled = compileWithCodeCache(edited, cache, 'bundle.cjs');
    expect(compiled.cache).toBe('stale');
    expect(run(compiled, 'y')).toEqual([sourceCount, 'y', 'new']);
  });

  it('ignores a cache of another length, a truncated one and one of nothing but a header', () => {
    const source = bundleSource('short');
    const cache = cacheAfterRun(source);
    const longer = Buffer.concat([source, Buffer.from(' ')]);
    expect(compileWithCodeCache(longer, cache, 'bundle.cjs').cache).toBe('stale');
    expect(compileWithCodeCache(source, cache.subarray(0, 4 + source.length), 'bundle.cjs').cache).toBe('stale');
    expect(compileWithCodeCache(source, cache.subarray(0, 3), 'bundle.cjs').cache).toBe('stale');
  });

  it('compiles as usual when V8 rejects its part of the cache (another Node version, other flags)', () => {
    const source = bundleSource('rejected');
    const cache = Buffer.from(cacheAfterRun(source));
    // V8's data starts with a magic number and the hash of its version: as if another V8 had made it.
    const v8Start = 4 + source.length;
    for (let offset = v8Start; offset < v8Start + 8; offset++) cache[offset] = (cache[offset] ?? 0) ^ 0xff;
    const compiled = compileWithCodeCache(source, cache, 'bundle.cjs');
    expect(compiled.cache).toBe('rejected');
    expect(run(compiled, 'z')).toEqual([sourceCount, 'z', 'rejected']);
  });

  it('compiles without a cache when there is none', () => {
    const source = bundleSource('none');
    const compiled = compileWithCodeCache(source, null, 'bundle.cjs');
    expect(compiled.cache).toBe('none');
    expect(run(compiled, 'w')).toEqual([sourceCount, 'w', 'none']);
  });
});

describe('loadBundle', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A bundle and its cache as the build leaves them: the cache written after the bundle. */
  function built(answer: string): { bundle: string; cache: string; source: Buffer } {
    const dir = mkdtempSync(join(tmpdir(), 'eyeball-code-cache-'));
    dirs.push(dir);
    const source = bundleSource(answer);
    const bundle = join(dir, 'bundle.cjs');
    const cache = join(dir, 'bundle.cache');
    writeFileSync(bundle, source);
    writeFileSync(cache, cacheAfterRun(source));
    utimesSync(bundle, 1_000, 1_000);
    utimesSync(cache, 2_000, 2_000);
    return { bundle, cache, source };
  }

  it("runs the cache's copy of the source, with V8's data, when the bundle is the build's own", () => {
    const { bundle, cache } = built('built');
    const compiled = loadBundle(bundle, cache);
    expect(compiled.cache).toBe('used');
    expect(run(compiled, 'a')).toEqual([sourceCount, 'a', 'built']);
  });

  it('does not read the bundle then: what decides is its length and that it is not newer than the cache', () => {
    const { bundle, cache, source } = built('kept');
    // Same length, older than the cache: taken for the build's own, so the cache's copy runs.
    writeFileSync(bundle, Buffer.from(source.toString('utf8').replace("'kept'", "'KEPT'")));
    utimesSync(bundle, 1_000, 1_000);
    expect(run(loadBundle(bundle, cache), 'b')).toEqual([sourceCount, 'b', 'kept']);
  });

  it('reads a bundle written after the cache and runs it, without the cache unless it is the same source', () => {
    const { bundle, cache, source } = built('old');
    writeFileSync(bundle, Buffer.from(source.toString('utf8').replace("'old'", "'new'")));
    utimesSync(bundle, 3_000, 3_000);
    const edited = loadBundle(bundle, cache);
    expect(edited.cache).toBe('stale');
    expect(run(edited, 'c')).toEqual([sourceCount, 'c', 'new']);
    // Rewritten with the very same bytes: still the cache's source, so the cache is used.
    writeFileSync(bundle, source);
    utimesSync(bundle, 3_000, 3_000);
    expect(loadBundle(bundle, cache).cache).toBe('used');
  });

  it('reads a bundle of another length, and compiles the bundle alone when the cache is missing or cut short', () => {
    const { bundle, cache, source } = built('length');
    writeFileSync(bundle, Buffer.concat([source, Buffer.from(' ')]));
    utimesSync(bundle, 1_000, 1_000);
    expect(loadBundle(bundle, cache).cache).toBe('stale');
    writeFileSync(bundle, source);
    utimesSync(bundle, 1_000, 1_000);
    writeFileSync(cache, readFileSync(cache).subarray(0, 4 + source.length));
    utimesSync(cache, 2_000, 2_000);
    const cut = loadBundle(bundle, cache);
    expect(cut.cache).toBe('stale');
    expect(run(cut, 'd')).toEqual([sourceCount, 'd', 'length']);
    expect(loadBundle(bundle, join(cache, 'missing')).cache).toBe('none');
  });
});

describe('the cache the build made', () => {
  it('is made from dist/cli-main.cjs and accepted by this Node, in a process of its own like the CLI', () => {
    const bundle = `${ROOT}dist/cli-main.cjs`;
    const cacheFile = `${ROOT}dist/cli-main.cache`;
    if (!existsSync(bundle) || !existsSync(cacheFile)) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
    const source = readFileSync(bundle);
    const cache = readFileSync(cacheFile);
    // ASCII only (scripts/build.mjs escapes what esbuild leaves in comments): V8 keeps it as a one-byte string.
    expect(isAscii(source)).toBe(true);
    expect(cache.readUInt32LE(0)).toBe(source.length);
    expect(cache.subarray(4, 4 + source.length).equals(source)).toBe(true);
    // Compiled in a fresh `node` (the CLI's flags), not in this test process, whose V8 flags may differ.
    const check = spawnSync(
      process.execPath,
      [
        '-e',
        `const { Script } = require('node:vm'); const fs = require('node:fs');
         const source = fs.readFileSync(process.argv[1]); const cache = fs.readFileSync(process.argv[2]);
         const script = new Script(source.toString('utf8'), { filename: process.argv[1], cachedData: cache.subarray(4 + source.length) });
         process.stdout.write(String(script.cachedDataRejected));`,
        bundle,
        cacheFile,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('false');
  });
});
