// The esbuild options of dist/, shared by scripts/build.mjs and the unit tests' global setup (which builds the
// CLI's lookup process afresh, so that the tests never start a child older than its source).

/** Every bundle: Node 20 and up, warnings shown. */
export const COMMON = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' };

/**
 * The CLI's files, run by bin/eyeball.js. CommonJS, as bin/eyeball.js is: a CLI start that never sets up Node's
 * ES module loader keeps within the start-up guard (bench/startup.mjs). Minified for whitespace and syntax only:
 * less source for V8 to compile at every start, and the names in a stack trace stay the source's.
 */
export const CLI_BUNDLE = { ...COMMON, format: 'cjs', minifyWhitespace: true, minifySyntax: true };

/** The program of the CLI's lookup process (src/cli/lookup-process/), a file of its own beside dist/cli.cjs. */
export const LOOKUP_CHILD_BUILD = { ...CLI_BUNDLE, entryPoints: ['src/cli/lookup-process/child.ts'], outfile: 'dist/lookup-child.cjs' };
