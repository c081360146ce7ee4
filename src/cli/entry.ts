/**
 * The CLI bundle's entry (dist/cli.js): answers `--version` at once and otherwise runs the rest of the
 * CLI (src/cli/main.ts, built as the single script dist/cli-main.cjs). Kept apart so that `--version`
 * does not pay for parsing the whole bundle. See docs/benchmarks.md, "Start-up".
 *
 * The bundle is a function expression compiled with `vm.Script` and V8's code cache of it
 * (dist/cli-main.cache, made by scripts/build.mjs; src/cli/code-cache.ts says when it is used), then
 * called with a `require` for Node's built-in modules.
 */
import { createRequire } from 'node:module';
import { compileWithCodeCache } from './code-cache.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
// Scripts ask for the version often; answer without loading even the parser. (commander handles the rest.)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  runBundle();
}

function runBundle(): void {
  // require, not import: an ES import of node:fs also loads its streams (~3 ms), which nothing here needs.
  const require = createRequire(import.meta.url);
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { fileURLToPath } = require('node:url') as typeof import('node:url');
  const bundle = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));
  const source = readFileSync(bundle);
  let cache: Buffer | null = null;
  try {
    cache = readFileSync(fileURLToPath(new URL('./cli-main.cache', import.meta.url)));
  } catch {
    // No cache (or it cannot be read): the bundle is compiled without one.
  }
  const { script } = compileWithCodeCache(source, cache, bundle);
  (script.runInThisContext() as (require: NodeJS.Require) => void)(require);
}
