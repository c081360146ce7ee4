/**
 * The CLI bundle's entry (dist/cli.cjs, which bin/eyeball.js requires): answers `--version` at once and
 * otherwise runs the rest of the CLI (src/cli/main.ts, built as the single script dist/cli-main.cjs).
 * Kept apart so that `--version` does not pay for reading the whole bundle. See docs/benchmarks.md,
 * "Start-up".
 *
 * Built as CommonJS, where `require` and `__dirname` exist: a CommonJS entry spares Node's ES module
 * loader. The bundle is a function expression, compiled with `vm.Script` and V8's code cache of it
 * (dist/cli-main.cache, made by scripts/build.mjs, which also carries the bundle's source;
 * src/cli/code-cache.ts says when each is used), then called with this `require`, for Node's built-in modules.
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
// Scripts ask for the version often; answer without loading even the parser. (commander handles the rest.)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  runBundle();
}

function runBundle(): void {
  const { script } = loadBundle(join(__dirname, 'cli-main.cjs'), join(__dirname, 'cli-main.cache'));
  (script.runInThisContext() as (require: NodeJS.Require) => void)(require);
}
