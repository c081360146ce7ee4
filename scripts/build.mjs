// Builds dist/: the library (dist/index.js) and the CLI bundle (dist/cli.js) with esbuild,
// then the type declarations (dist/types/) with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

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
  // The CLI is one file with its dependencies inside; what only `demo` needs is split off and loaded lazily.
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    splitting: true,
    // --version prints this; read at build time so the CLI never opens package.json.
    define: { __EYEBALL_VERSION__: JSON.stringify(version) },
    chunkNames: 'chunks/[name]-[hash]',
    // chalk and commander are ESM; cli-table3 is CommonJS and needs `require`.
    banner: { js: "import { createRequire as __eyeballCreateRequire } from 'node:module'; const require = __eyeballCreateRequire(import.meta.url);" },
  }),
]);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
