// Builds dist/: the library (dist/index.js, its dependencies left to npm), the CLI (dist/cli.cjs, one file
// with its dependencies inside, run by bin/eyeball.js), the CLI's lookup process (dist/lookup-child.cjs,
// which the CLI runs beside it) and the type declarations (dist/types/, by tsc).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { CLI_BUNDLE, COMMON, LOOKUP_CHILD_BUILD } from './bundles.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

await Promise.all([
  build({ ...COMMON, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  build({
    ...CLI_BUNDLE,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    // --version prints package.json's version, read here so that the CLI never opens package.json.
    define: { __EYEBALL_VERSION__: JSON.stringify(version) },
  }),
  build(LOOKUP_CHILD_BUILD),
]);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
