/**
 * A small, strict XML 1.0 reader for tests: it accepts a document only if it is well-formed (one root,
 * properly nested and closed elements, quoted and unique attributes, no raw `<` or stray `&`, only
 * characters XML allows, only the predefined entities and character references) and throws naming the
 * offset otherwise. No DTDs, no namespaces processing: what a JUnit report needs, checked strictly.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (character data and CDATA), references decoded. */
  readonly text: string;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a whole document and returns its root element; throws on the first well-formedness error. */
export function parseXml(source: string): XmlElement {
  if (!XML_CHAR.test(source)) throw new Error('XML: a character XML 1.0 does not allow');
  let at = 0;

  const fail = (why: string): never => {
    throw new Error(`XML at ${at}: ${why} (near ${JSON.stringify(source.slice(at, at + 30))})`);
  };
  const skipSpace = (): boolean => {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    const moved = SPACE.lastIndex > at;
    at = SPACE.lastIndex;
    return moved;
  };
  const expect = (text: string): void => {
    if (!source.startsWith(text, at)) fail(`expected ${JSON.stringify(text)}`);
    at += text.length;
  };
  const readName = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (match === null) return fail('expected a name');
    at = NAME.lastIndex;
    return match[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);/gu, (_, reference: string) => {
      const numeric = /^#(?:x([0-9a-fA-F]+)|(\d+))$/u.exec(reference);
      if (numeric) {
        const code = numeric[1] === undefined ? Number(numeric[2]) : Number.parseInt(numeric[1], 16);
        const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
        if (char === '' || !XML_CHAR.test(char)) fail(`character reference &${reference}; is not an XML character`);
        return char;
      }
      const entity = ENTITIES[reference];
      return entity ?? fail(`unknown entity &${reference};`);
    });
  const checkAmpersands = (raw: string): void => {
    if (/&(?![^;\s&<]+;)/u.test(raw)) fail("a '&' that does not start a reference");
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('unterminated comment');
        if (source.slice(at + 4, end).includes('--')) fail("'--' inside a comment");
        at = end + 3;
      } else {
        return;
      }
    }
  };

  const readElement = (): XmlElement => {
    expect('<');
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[at] === '>') {
        at += 1;
        break;
      }
      if (!hadSpace) fail('expected a space before an attribute');
      const attribute = readName();
      if (attribute in attributes) fail(`attribute ${attribute} twice`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") return fail('an attribute value must be quoted');
      const end = source.indexOf(quote, at + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = source.slice(at + 1, end);
      if (raw.includes('<')) fail("'<' in an attribute value");
      checkAmpersands(raw);
      // Attribute-value normalisation (XML 1.0 §3.3.3): literal white space becomes a space.
      attributes[attribute] = decode(raw.replace(/[\t\n\r]/gu, ' '));
      at = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (at >= source.length) fail(`<${name}> is never closed`);
      if (source.startsWith('</', at)) {
        at += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        expect('>');
        return { name, attributes, children, text };
      }
      if (source.startsWith('<!--', at)) {
        skipMisc();
      } else if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unterminated CDATA');
        text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source[at] === '<') {
        children.push(readElement());
      } else {
        const end = source.indexOf('<', at);
        const raw = source.slice(at, end < 0 ? source.length : end);
        if (raw.includes(']]>')) fail("']]>' in text");
        checkAmpersands(raw);
        text += decode(raw);
        at += raw.length;
      }
    }
  };

  if (source.startsWith('<?xml', at)) {
    const end = source.indexOf('?>', at);
    if (end < 0) fail('unterminated XML declaration');
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][\w.-]*")?( standalone="(yes|no)")? ?$/u.test(source.slice(at, end))) {
      fail('a malformed XML declaration');
    }
    at = end + 2;
  }
  skipMisc();
  const root = readElement();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

/** Every element under `root` (itself included) with this name, in document order. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  return [...(root.name === name ? [root] : []), ...root.children.flatMap((child) => findAll(child, name))];
}
