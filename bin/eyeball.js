#!/usr/bin/env node
// The `eyeball` and `eyeballs` commands: the CLI bundle that `npm run build` writes to dist/. CommonJS
// (bin/package.json), like the bundle, for the start-up guard (bench/startup.mjs).
const { existsSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write('eyeball: not built yet: run `npm run build` first\n');
  process.exit(2);
}
// Node 22+ keeps compiled code on disk between runs; Node 20 has no compile cache.
enableCompileCache?.();
require(cli);
