// Replaced by scripts/build.mjs (esbuild `define`) with package.json's version; absent under vitest.
declare const __EYEBALL_VERSION__: string | undefined;

/** The version `eyeball --version` prints: package.json's, read at build time so the CLI never opens it. */
export const VERSION = typeof __EYEBALL_VERSION__ === 'string' ? __EYEBALL_VERSION__ : '0.0.0-dev';
