import { describe, expect, it } from 'vitest';
import { findAll, parseXml } from './xml.js';

describe('parseXml: the strict reader the JUnit tests rely on', () => {
  it('reads elements, attributes, text and references', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; 2" y=\'&#10;\'><b/><b>t &lt;&#x41;&gt;</b><![CDATA[<raw>]]></a>\n');
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & 2', y: '\n' });
    expect(findAll(root, 'b').map((element) => element.text)).toEqual(['', 't <A>']);
    expect(root.text).toBe('<raw>');
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a wrong closing tag', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['a raw < in text', '<a>1 < 2</a>'],
    ['a stray &', '<a>R&D</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a raw < in an attribute', '<a x="<"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['attributes without a space', '<a x="1"y="2"/>'],
    ['a control character', '<a>\u0001</a>'],
    ['a reference to a control character', '<a>&#1;</a>'],
    ["']]>' in text", '<a>]]></a>'],
    ['text after the root', '<a/>x'],
    ['an empty document', ''],
    ['a malformed declaration', '<?xml versio="1.0"?><a/>'],
  ])('rejects %s', (_label, source) => {
    expect(() => parseXml(source)).toThrow(/XML/u);
  });
});
