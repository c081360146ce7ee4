/** Reads one section out of a human report, for tests that check a section on its own. */

/** The section of the report that starts with `title` on a line of its own, up to the next blank line. */
export function section(output: string, title: string): string {
  const start = output.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = output.indexOf('\n\n', start + 1);
  return output.slice(start + 1, end < 0 ? undefined : end);
}
