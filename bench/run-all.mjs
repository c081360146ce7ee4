#!/usr/bin/env node
// Runs every benchmark in bench/ one after another (never two at once: they measure time on the same
// CPUs), each in its own process with the flags it needs, and stops at the first that fails. The results
// go to stdout as Markdown; docs/benchmarks.md explains them.
//
//   npm run build && node bench/run-all.mjs      (`npm run bench` does both)
//
// bench/lab.mjs is not run here: it needs root and the tools of .ci/lab-deps.sh (`sudo node bench/lab.mjs`).
import { spawnSync } from 'node:child_process';
import { ROOT } from './support.mjs';

const BENCHMARKS = [
  { file: 'bench/startup.mjs', flags: [] },
  { file: 'bench/engine-scale.mjs', flags: ['--expose-gc'] },
  { file: 'bench/connect-overhead.mjs', flags: [] },
  { file: 'bench/many-targets.mjs', flags: [] },
];

for (const { file, flags } of BENCHMARKS) {
  console.log(`\n$ node ${[...flags, file].join(' ')}\n`);
  const result = spawnSync(process.execPath, [...flags, file], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
