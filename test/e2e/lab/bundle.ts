/**
 * Bundles a TypeScript entry point (the lab daemon, the benchmark's library probe) into one ESM file with
 * esbuild, so that plain `node` can run it inside a namespace without a loader.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface Bundles {
  /** The directory holding the bundles; removed by `remove()`. */
  readonly dir: string;
  /** Bundles `entry` (the path of a .ts file) to `<dir>/<name>.mjs` and returns that path. */
  bundle(entry: string): Promise<string>;
  remove(): void;
}

/** A fresh temporary directory to bundle into. */
export function createBundles(): Bundles {
  const dir = mkdtempSync(join(tmpdir(), 'eyeball-lab-bundle-'));
  return {
    dir,
    async bundle(entry: string): Promise<string> {
      const outfile = join(dir, `${basename(entry, '.ts')}.mjs`);
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        logLevel: 'silent',
        // dns-packet is CommonJS and calls require() for Node's modules.
        banner: {
          js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);",
        },
      });
      return outfile;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
