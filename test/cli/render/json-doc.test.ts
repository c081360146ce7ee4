/**
 * docs/json.md cannot drift from the `--json` output: every field the renderer writes is documented
 * with a type its values fit, every documented field is written by some run, and the example is the
 * renderer's real output for the demo.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME_ORIGIN } from './report-builder.js';
import type { RunReport } from '../../../src/cli/report.js';
import { toJsonDocument } from '../../../src/cli/render/json.js';
import { blackHoleRescued, DEFAULT_SETTINGS, SCENARIOS } from './fixtures.js';
import { collectFields, matchesType, readDocumentedFields, readExampleDocument } from './json-doc-fields.js';
import { SERVICE_SCENARIOS } from './service-fixtures.js';
import { TLS_NAT64_SCENARIOS } from './tls-nat64-fixtures.js';

/** A Resolution Delay the run ended during: the only way to see its `null` end and reason. */
function delayStillRunning(): RunReport {
  return {
    target: { host: 'cut.example', port: 443, input: 'cut.example' },
    settings: { ...DEFAULT_SETTINGS, timeout: 30 },
    events: [
      { type: 'dns-query', at: 0.2, family: 6, recordType: 'AAAA', resolver: 'system' },
      { type: 'dns-query', at: 0.3, family: 4, recordType: 'A', resolver: 'system' },
      { type: 'dns-answer', at: 4, family: 4, recordType: 'A', addresses: ['192.0.2.1'], ttl: null },
      { type: 'resolution-delay-started', at: 4.2, delay: 50 },
      { type: 'dns-cancelled', at: 30.1, family: 6, recordType: 'AAAA' },
      { type: 'dns-cancelled', at: 30.1, family: 4, recordType: 'A' },
    ],
    outcome: { ok: false, reason: 'timeout', error: { code: 'EYEBALL_TIMEOUT', message: 'could not connect to cut.example:443 within 30 ms' } },
    elapsed: 30.2,
    timeOrigin: FIXTURE_TIME_ORIGIN,
  };
}

const documents = [
  ...Object.values(SCENARIOS).map((make) => toJsonDocument(make())),
  toJsonDocument(delayStillRunning()),
  // TLS, NAT64 and HTTPS records: the fields only those runs write.
  ...Object.values(TLS_NAT64_SCENARIOS).map((make) => toJsonDocument(make())),
  // HTTPS records that lead to other names, ports and AliasMode chains.
  ...Object.values(SERVICE_SCENARIOS).map((make) => toJsonDocument(make())),
];

function mergedFields(): Map<string, unknown[]> {
  const merged = new Map<string, unknown[]>();
  for (const document of documents) {
    for (const [path, values] of collectFields(document)) merged.set(path, [...(merged.get(path) ?? []), ...values]);
  }
  return merged;
}

describe('docs/json.md', () => {
  const documented = readDocumentedFields();
  const emitted = mergedFields();

  it('lists each field once, and reads as a table of paths and types', () => {
    const paths = documented.map((field) => field.path);
    expect(new Set(paths).size).toBe(paths.length);
    // A sanity floor: a parser that silently read nothing would make the checks below vacuous.
    expect(paths).toEqual(expect.arrayContaining(['schemaVersion', 'attempts[].startedAt', 'dns[].error.code', 'winner.at']));
  });

  it('documents every field the renderer writes, and nothing it does not write', () => {
    expect([...emitted.keys()].sort()).toEqual(documented.map((field) => field.path).sort());
  });

  it('every value written fits the documented type of its field', () => {
    for (const field of documented) {
      const misfits = (emitted.get(field.path) ?? []).filter((value) => !matchesType(value, field.types));
      expect({ path: field.path, misfits }).toEqual({ path: field.path, misfits: [] });
    }
  });

  it('every alternative of a documented type shows up in some run (no dead enum values, no dead null)', () => {
    for (const field of documented) {
      const values = emitted.get(field.path) ?? [];
      const unseen = field.types.filter((type) => !values.some((value) => matchesType(value, [type])));
      // Literal alternatives (enum values, null) must each be produced by some scenario; `family: 0|4|6`
      // in settings is set by the user, and only `0` appears in these runs.
      const mustSee = unseen.filter((type) => type !== 'number' && type !== 'string' && field.path !== 'settings.family');
      expect({ path: field.path, mustSee }).toEqual({ path: field.path, mustSee: [] });
    }
  });

  it('the example is the real document of the demo run', () => {
    expect(readExampleDocument()).toStrictEqual(JSON.parse(JSON.stringify(toJsonDocument(blackHoleRescued()))));
  });
});
