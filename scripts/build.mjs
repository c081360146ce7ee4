// Builds dist/: the library (dist/index.js, its dependencies left to npm), the CLI (dist/cli.js, one file
// with its dependencies inside, run by bin/eyeball.js) and the type declarations (dist/types/, by tsc).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    // --version prints package.json's version, read here so that the CLI never opens package.json.
    define: { __EYEBALL_VERSION__: JSON.stringify(version) },
    // commander and cli-table3 are CommonJS and `require` Node's modules, which an ES module has no
    // `require` for: give the bundle one.
    banner: { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" },
  }),
]);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
