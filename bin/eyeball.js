#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS start spares Node's ES module loader (docs/benchmarks.md, "Start-up").
require('../dist/cli.cjs');
