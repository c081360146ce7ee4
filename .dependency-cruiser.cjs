/**
 * The layers of src/, checked by `npm run lint:layers` (part of `npm test`). docs/design.md draws them.
 *
 *   base  <  trace  <  errors  <  util  <  race  <  dns  <  connect  <  agents  <  index.ts   (the library)
 *   dns-server  <  cli (with cli/compare/ and cli/demo/)                                    (the command line)
 *
 * A folder imports only from the folders below it; the library never imports the command line.
 */
const LIBRARY = '^src/(base|trace|errors|util|race|dns|connect|agents)/|^src/index[.]ts$';

/** A rule that forbids `from` to import anything matching `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'No import cycles, of values or of types.', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'base-imports-nothing-of-ours',
      comment: 'src/base/ is the shared vocabulary: it imports nothing of ours outside itself.',
      severity: 'error',
      from: { path: '^src/base/' },
      to: { path: '^src/', pathNot: '^src/base/' },
    },
    forbid('trace-is-low', 'trace/ imports only base/.', '^src/trace/', '^src/(errors|util|race|dns|connect|agents|cli|dns-server)/'),
    forbid('errors-are-low', 'errors/ imports only base/ and trace/.', '^src/errors/', '^src/(util|race|dns|connect|agents|cli|dns-server)/'),
    forbid('race-knows-no-network', 'The engine knows no DNS and no sockets.', '^src/race/', '^src/(dns|connect|agents|cli|dns-server)/|^(node:)?(net|tls|dns|dgram)$'),
    forbid('dns-below-connect', 'dns/ resolves; connect/ uses it, never the other way.', '^src/dns/', '^src/(connect|agents|cli|dns-server)/'),
    forbid('connect-below-agents', 'connect/ does not know the adapters above it.', '^src/connect/', '^src/(agents|cli|dns-server)/'),
    forbid('library-not-cli', 'The library never imports the command line or its helpers.', LIBRARY, '^src/(cli|dns-server)/'),
    forbid('dns-server-not-cli', 'The DNS server (the demo\'s, and the tests\') does not import the CLI.', '^src/dns-server/', '^src/cli/'),
    forbid('util-is-low', 'util/ (validation, abort errors) imports only base/, trace/ and errors/.', '^src/util/', '^src/(race|dns|connect|agents|cli|dns-server)/'),
    {
      name: 'only-connect-opens-tls',
      comment: 'src/connect/ is where connections are made: no other library folder imports node:tls.',
      severity: 'error',
      from: { path: LIBRARY, pathNot: '^src/connect/' },
      to: { path: '^(node:)?tls$', dependencyTypes: ['core'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
