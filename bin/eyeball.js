#!/usr/bin/env node
// The `eyeball` and `eyeballs` commands: the CLI bundle that `npm run build` writes to dist/.
import { existsSync } from 'node:fs';
import module from 'node:module';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('eyeball: not built yet: run `npm run build` first\n');
  process.exit(2);
}
// Node 22+ keeps compiled code on disk between runs; Node 20 has no compile cache.
module.enableCompileCache?.();
await import(cli.href);
