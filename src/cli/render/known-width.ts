/**
 * The width of the text cli-table3 measures, when it is plain enough to know without `string-width`:
 * printable ASCII and `…` (cli-table3's truncation mark), one column each. `string-width` would give the
 * same (test/cli/render/known-width.test.ts), but its first call compiles a large emoji regular
 * expression, about 3 ms of a CLI start. scripts/build.mjs puts this in front of `string-width` for
 * cli-table3 in the CLI bundle; anything else (wide letters, emoji, controls) still goes to it. table.ts
 * draws tables of such text itself, without cli-table3.
 */

/** Characters of one column each that take no part in an ANSI sequence or an emoji. */
const ONE_COLUMN_EACH = /^[\u0020-\u007e\u2026]*$/u;

/** The width of `text` in terminal columns, or null when only `string-width` can say. */
export function knownWidth(text: unknown): number | null {
  return typeof text === 'string' && ONE_COLUMN_EACH.test(text) ? text.length : null;
}
