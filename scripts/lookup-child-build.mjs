// The esbuild options of the CLI's lookup process (src/cli/lookup-process/child.ts): a file of its own,
// dist/lookup-child.cjs, beside dist/cli.cjs. Shared by scripts/build.mjs and the unit tests' global setup,
// which builds it afresh so that the tests never start a child older than its source.
export const LOOKUP_CHILD_BUILD = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  entryPoints: ['src/cli/lookup-process/child.ts'],
  outfile: 'dist/lookup-child.cjs',
  minifyWhitespace: true,
  minifySyntax: true,
};
