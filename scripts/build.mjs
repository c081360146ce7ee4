// Builds dist/: the library (dist/index.js) and the CLI (dist/cli.cjs, dist/cli-main.cjs and its code
// cache dist/cli-main.cache) with esbuild, then the type declarations (dist/types/) with tsc.
import { build } from 'esbuild';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

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

/**
 * Node's built-in modules that the CLI bundle loads only when a property of theirs is first used. In a
 * CommonJS bundle esbuild requires a module's imports when the module is initialised, and connect()
 * imports TLS, DNS, dgram and crypto for the runs that need them: an IP-literal run needs none (~10 ms).
 * Each must export a plain object (a module that is a function, like `events`, cannot be deferred so).
 */
const LAZY_BUILTINS = ['child_process', 'crypto', 'dgram', 'dns', 'net', 'os', 'tls', 'tty', 'vm', 'worker_threads'];

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(context) {
    const require = createRequire(import.meta.url);
    context.onResolve({ filter: /^(node:)?[a-z_]+$/ }, ({ path, namespace }) => {
      const name = path.replace(/^node:/, '');
      // The stand-in's own require of the real module stays external.
      if (namespace === 'lazy-builtin' || !LAZY_BUILTINS.includes(name)) return undefined;
      return { path: name, namespace: 'lazy-builtin' };
    });
    context.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => {
      const real = require(`node:${path}`);
      if (typeof real !== 'object') throw new Error(`node:${path} is not a plain object: it cannot be loaded lazily`);
      return { contents: lazyStandIn(`node:${path}`, Object.keys(real)), loader: 'js' };
    });
  },
};

/**
 * A module whose exports `keys` are getters that require `specifier` on the first read: a getter per
 * export, so that esbuild's CommonJS interop (which copies the exports) stays lazy too. When the real
 * module is a function (a class, like cli-table3's), the stand-in is one too, calling or constructing it.
 */
function lazyStandIn(specifier, keys, callable = false) {
  return (
    `let loaded; const load = () => (loaded ??= require(${JSON.stringify(specifier)}));\n` +
    (callable ? 'module.exports = function (...args) { return new.target === undefined ? load()(...args) : new (load())(...args); };\n' : '') +
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(module.exports, key, { get: () => load()[key], enumerable: true });\n`
  );
}

/**
 * Packages of the bundle that are initialised on first use rather than with their importer, for what a
 * run may not draw: chalk's set-up (its styles, and supports-color, which loads `tty`) is about 2 ms
 * that a report without colour never needs (src/cli/render/theme.ts does not touch chalk then), and
 * cli-table3 draws only the tables src/cli/render/table.ts does not draw itself. The real module stays
 * in the bundle, required by the stand-in.
 */
const LAZY_PACKAGES = ['chalk', 'cli-table3'];

const lazyPackages = {
  name: 'lazy-packages',
  setup(context) {
    context.onResolve({ filter: new RegExp(`^(${LAZY_PACKAGES.join('|')})$`) }, ({ path, importer, namespace }) =>
      namespace === 'file' ? { path: createRequire(importer).resolve(path), namespace: 'lazy-package' } : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async ({ path }) => {
      // Its exports: a CommonJS module's (cli-table3: a class), or an ES module's namespace (chalk), which
      // a Node before 20.19 cannot require.
      let real;
      try {
        real = createRequire(import.meta.url)(path);
      } catch (error) {
        if (error.code !== 'ERR_REQUIRE_ESM') throw error;
        real = await import(pathToFileURL(path).href);
      }
      const keys = Object.keys(real).filter((key) => key !== '__esModule');
      return { contents: lazyStandIn(path, keys, typeof real === 'function'), loader: 'js', resolveDir: dirname(path) };
    });
  },
};

/** cli-table3's `string-width`, with src/cli/render/known-width.ts answering first for plain text. */
const knownWidthFirst = {
  name: 'known-width-first',
  setup(context) {
    context.onResolve({ filter: /^string-width$/ }, ({ importer }) =>
      importer.includes('/node_modules/cli-table3/') ? { path: createRequire(importer).resolve('string-width'), namespace: 'known-width-first' } : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'known-width-first' }, ({ path }) => ({
      contents:
        `const { knownWidth } = require(${JSON.stringify(fileURLToPath(new URL('../src/cli/render/known-width.ts', import.meta.url)))});\n` +
        `const stringWidth = require(${JSON.stringify(path)});\n` +
        'module.exports = (text) => knownWidth(text) ?? stringWidth(text);\n',
      loader: 'js',
      resolveDir: dirname(path),
    }));
  },
};

/** The bundle runs as a script (src/cli/entry.ts), where `import()` of what is not bundled would fail. */
const noDynamicImportOfExternals = {
  name: 'no-dynamic-import-of-externals',
  setup(context) {
    context.onResolve({ filter: /^(node:)?[a-z_]+$/ }, ({ path, kind, importer }) =>
      kind === 'dynamic-import' ? { errors: [{ text: `import('${path}') in ${importer}: use a static import in the CLI` }] } : undefined,
    );
  },
};

const cliCommon = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir: 'dist',
  define,
  plugins: [noDynamicImportOfExternals, lazyBuiltins, lazyPackages, knownWidthFirst],
};

await Promise.all([
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  // The CLI is two files and a cache, all CommonJS (bin/package.json makes bin/eyeball.js CommonJS too):
  // Node's ES module loader costs a CLI start about 10 ms. dist/cli.cjs is tiny and answers --version on
  // its own; everything else is one script, dist/cli-main.cjs, with its dependencies inside: a bundle
  // wrapped in a function that src/cli/entry.ts compiles with V8's code cache (below) and calls with
  // `require`. No code splitting: esbuild keeps the targets of dynamic imports in that file but
  // initialises them only when imported. Why each of these choices: docs/benchmarks.md, "Start-up".
  build({ ...cliCommon, entryPoints: { cli: 'src/cli/entry.ts' } }),
  build({
    ...cliCommon,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    banner: { js: '(function (require) {' },
    footer: { js: '})' },
  }),
]);

// The CLI bundle in ASCII: esbuild escapes what is not ASCII in code, but keeps the comments of class
// members as they are (a `§` in their JSDoc), and one such character makes V8 hold the whole 600 kB source
// as a two-byte string, which a start decodes more slowly (docs/benchmarks.md, "Start-up"). Escaped the
// same way (`\u00a7`), in comments and anywhere else, it means the same.
const cliBundle = 'dist/cli-main.cjs';
writeFileSync(cliBundle, readFileSync(cliBundle, 'utf8').replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));

// V8's code cache of the bundle, made by this Node after one loopback run of the CLI, to a listener of
// its own (another Node version rejects the cache and compiles the bundle as usual). The run's report is
// coloured, so that the cache also holds chalk (which a report without colour never sets up): without
// it a coloured report compiled chalk's functions on every run (about 1.5 ms).
const listener = createServer((socket) => {
  socket.on('error', () => {});
  socket.end();
});
await new Promise((resolve) => listener.listen({ host: '127.0.0.1', port: 0 }, resolve));
try {
  const args = ['scripts/train-code-cache.mjs', '127.0.0.1', String(listener.address().port)];
  await promisify(execFile)(process.execPath, args, { env: { ...process.env, FORCE_COLOR: '1' } });
} finally {
  listener.close();
}

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
