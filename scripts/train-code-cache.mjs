// Makes dist/cli-main.cache (src/cli/code-cache.ts): runs the CLI bundle once, as dist/cli.cjs would, with
// the arguments given (scripts/build.mjs passes a loopback run against its own listener, with a coloured
// report), and when the process exits saves V8's code cache of the bundle, which then holds every
// function that run compiled.
//
//   FORCE_COLOR=1 node scripts/train-code-cache.mjs 127.0.0.1 <port>
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli-main.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('../dist/cli-main.cache', import.meta.url));

// The cache is written by the module that reads it, bundled in memory (it is TypeScript).
const { outputFiles } = await build({ entryPoints: ['src/cli/code-cache.ts'], bundle: true, platform: 'node', format: 'esm', write: false });
const { codeCacheFile, compileWithCodeCache } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);

const source = readFileSync(bundle);
const { script } = compileWithCodeCache(source, null, bundle);
// The bundle ends the process itself once its report is out; the cache is taken then.
process.on('exit', (code) => {
  if (code === 0) writeFileSync(cacheFile, codeCacheFile(source, script.createCachedData()));
});
script.runInThisContext()(createRequire(new URL('../dist/cli.cjs', import.meta.url)));
