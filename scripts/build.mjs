// Builds dist/: the library (dist/index.js) and the CLI bundle (dist/cli.js) with esbuild,
// then the type declarations (dist/types/) with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

// --version prints this; read at build time so the CLI never opens package.json.
const define = { __EYEBALL_VERSION__: JSON.stringify(version) };

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  // The CLI is two files. dist/cli.js is tiny and answers --version on its own; everything else is one
  // file, dist/cli-main.js, with its dependencies inside. No code splitting: esbuild keeps the targets of
  // dynamic imports in that file but initialises them only when imported, and one file loads faster than
  // the ~34 chunks splitting made (each an ES module the loader resolves, links and evaluates). The
  // numbers are in docs/benchmarks.md, "Start-up".
  build({
    ...common,
    entryPoints: { cli: 'src/cli/entry.ts' },
    outdir: 'dist',
    define,
    plugins: [{
      name: 'cli-main-external',
      setup(context) {
        context.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './cli-main.js', external: true }));
      },
    }],
  }),
  build({
    ...common,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir: 'dist',
    define,
    // chalk and commander are ESM; cli-table3 is CommonJS and needs `require`.
    banner: { js: "import { createRequire as __eyeballCreateRequire } from 'node:module'; const require = __eyeballCreateRequire(import.meta.url);" },
  }),
]);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
