/**
 * Where the lab finds the repository: from this file when it runs from source (vitest), and from the
 * working directory when it runs bundled somewhere else (bench/lab.mjs bundles it to a temp directory).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the directory of eyeball's package.json), with a trailing slash. */
export const ROOT = `${findRoot()}/`;
/** The CLI as users run it, and the bundle it loads. */
export const EYEBALL_BIN = `${ROOT}bin/eyeball.js`;
export const CLI_BUNDLE = `${ROOT}dist/cli.cjs`;
/** The lab's own sources that are bundled or compiled at start. */
export const LAB_DIR = `${ROOT}test/e2e/lab/`;

function findRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (isEyeballPackage(join(dir, 'package.json'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the eyeball repository: run from inside it');
}

function isEyeballPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'eyeballs';
  } catch {
    return false;
  }
}
