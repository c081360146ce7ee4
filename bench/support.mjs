// What the benchmarks in bench/ share: where the build is, percentiles, the machine's state, and the
// project's own TypeScript helpers (the DNS server) bundled for plain `node`.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Imports the built library, or exits with a hint when it is not built. `path` (relative to the project,
 * or absolute) lets a benchmark run against another build, e.g. one of an earlier commit for a before/after.
 */
export async function importLibrary(path = 'dist/index.js') {
  const resolved = isAbsolute(path) ? path : join(ROOT, path);
  if (!existsSync(resolved)) {
    console.error(`${resolved} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  return import(pathToFileURL(resolved).href);
}

/**
 * Bundles a module of src/ that the library does not export (src/dns-server/dns-server.ts) into
 * node_modules/.cache/eyeball-bench/, beside node_modules so its packages resolve, and imports it.
 */
export async function importSource(path) {
  const cacheDir = join(ROOT, 'node_modules/.cache/eyeball-bench');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `${path.replaceAll('/', '-').replace(/\.ts$/u, '')}.mjs`);
  await build({
    entryPoints: [join(ROOT, path)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** Linear-interpolated percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** n, median, p90, p99 and max of some samples. */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** One line on the machine: Node, CPUs, load average now. */
export function machineLine() {
  const cpu = cpus();
  return `node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

export const ms = (value, digits = 3) => `${value.toFixed(digits)} ms`;
