// Builds dist/: the library (dist/index.js, its dependencies left to npm), the CLI (dist/cli.cjs, one file
// with its dependencies inside, run by bin/eyeball.js), the CLI's lookup process (dist/lookup-child.cjs,
// which the CLI runs beside it) and the type declarations (dist/types/, by tsc).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { LOOKUP_CHILD_BUILD } from './lookup-child-build.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  build({
    ...common,
    // CommonJS, as bin/eyeball.js is: a CLI start that never sets up Node's ES module loader keeps
    // within the start-up guard (bench/startup.mjs).
    format: 'cjs',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    // Whitespace and syntax only: less source for V8 to compile at every start (bench/startup.mjs), and the
    // names in a stack trace stay the source's.
    minifyWhitespace: true,
    minifySyntax: true,
    // --version prints package.json's version, read here so that the CLI never opens package.json.
    define: { __EYEBALL_VERSION__: JSON.stringify(version) },
  }),
  build(LOOKUP_CHILD_BUILD),
]);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
