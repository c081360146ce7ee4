/**
 * Reads docs/json.md as data: the field table (path, type) and the example document, so tests can hold
 * the `--json` output and its documentation to each other. Usable by any test that has a document.
 */
import { readFileSync } from 'node:fs';

export const JSON_DOC_URL = new URL('../../../docs/json.md', import.meta.url);

export interface DocumentedField {
  /** `attempts[].startedAt` */
  readonly path: string;
  /** The alternatives of the type column: `number`, `null`, `"A"`, `4`, ... */
  readonly types: readonly string[];
}

/**
 * The rows of a field table, in order: `## Fields` (the race document) unless another section is named
 * (`Fields: --each`). A path written with a brace group, `strategies.{node,sequential}.ok`, stands for
 * each of its alternatives.
 */
export function readDocumentedFields(markdown = readFileSync(JSON_DOC_URL, 'utf8'), title = 'Fields'): DocumentedField[] {
  const section = sectionOf(markdown, title);
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => {
    // Cells are split on `|` not escaped as `\|` (type unions are written `string \| null`).
    const cells = row.split(/(?<!\\)\|/u).map((cell) => cell.trim().replaceAll('\\|', '|'));
    const path = /^`([^`]+)`$/u.exec(cells[1] ?? '')?.[1];
    const type = /^`([^`]+)`$/u.exec(cells[2] ?? '')?.[1];
    if (!path || !type) throw new Error(`docs/json.md: cannot read the row ${row}`);
    const types = type.split('|').map((alternative) => alternative.trim());
    return expandBraces(path).map((expanded) => ({ path: expanded, types }));
  });
}

/** The JSON code block of the `## Example` section, parsed. */
export function readExampleDocument(markdown = readFileSync(JSON_DOC_URL, 'utf8')): unknown {
  const block = /```json\n([\s\S]*?)\n```/u.exec(sectionOf(markdown, 'Example'))?.[1];
  if (block === undefined) throw new Error('docs/json.md: no json block under ## Example');
  return JSON.parse(block);
}

function expandBraces(path: string): string[] {
  const group = /\{([^}]*)\}/u.exec(path);
  if (group === null) return [path];
  return (group[1] ?? '').split(',').flatMap((choice) => expandBraces(path.replace(group[0], choice)));
}

function sectionOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/json.md: no section ## ${title}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Every field of a document with its value, as `path → values` (array elements under `path[]`). */
export function collectFields(document: unknown): Map<string, unknown[]> {
  const fields = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (path !== '') fields.set(path, [...(fields.get(path) ?? []), value]);
    if (Array.isArray(value)) {
      for (const item of value) visit(item, `${path}[]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path === '' ? key : `${path}.${key}`);
    }
  };
  visit(document, '');
  return fields;
}

/** Whether a value is one of a field's documented alternatives. */
export function matchesType(value: unknown, types: readonly string[]): boolean {
  return types.some((type) => {
    switch (type) {
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'string':
      case 'boolean':
        return typeof value === type;
      case 'null':
        return value === null;
      case 'object':
        return value !== null && typeof value === 'object' && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      default:
        // A literal: "connected", 4, ...
        return JSON.stringify(value) === type;
    }
  });
}
