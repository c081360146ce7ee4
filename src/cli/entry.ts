/**
 * The CLI bundle's entry (dist/cli.js): answers `--version` at once and otherwise loads the rest of the
 * CLI (src/cli/main.ts, built as the single file dist/cli-main.js). Kept apart so that `--version`
 * does not pay for parsing the whole bundle. See docs/benchmarks.md, "Start-up".
 */
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
// Scripts ask for the version often; answer without loading even the parser. (commander handles the rest.)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  await import('./main.js');
}
