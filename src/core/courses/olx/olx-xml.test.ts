import { describe, expect, it } from 'vitest';
import { childElements, parseXml, serializeChildren, textOf, XmlError, type XmlElement } from './olx-xml';

function refusal(text: string): XmlError {
  try {
    parseXml(text, 'x.xml');
  } catch (error) {
    expect(error).toBeInstanceOf(XmlError);
    return error as XmlError;
  }
  throw new Error('expected the parser to refuse the text');
}

describe('the OLX XML parser', () => {
  it('reads elements, attributes, text, CDATA and the option namespace', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<hastexo xmlns:option="http://code.edx.org/xblock/option" stack_user_name="training" display_name="Lab &amp; more">
  <option:tests><![CDATA[
    - |
      echo "a" >&2
  ]]></option:tests>
  <port name="server1" number='22'/>
</hastexo>`,
      'hastexo/lab.xml',
    );
    expect(root.local).toBe('hastexo');
    expect(Object.fromEntries(root.attributes)).toEqual({ stack_user_name: 'training', display_name: 'Lab & more' });
    const [tests, port] = childElements(root) as [XmlElement, XmlElement];
    expect(tests).toMatchObject({ prefix: 'option', local: 'tests', namespace: 'http://code.edx.org/xblock/option', line: 4, column: 3 });
    expect(textOf(tests)).toContain('echo "a" >&2');
    expect(tests.children[0]).toMatchObject({ kind: 'text', cdata: true });
    expect(port.attributes.get('number')).toBe('22');
  });

  it('decodes the five entities and character references', () => {
    const root = parseXml('<p a="&#x41;&#66;">&lt;b&gt; &quot;x&quot; &apos;y&apos; &#8212;</p>', 'p.xml');
    expect(root.attributes.get('a')).toBe('AB');
    expect(textOf(root)).toBe(`<b> "x" 'y' —`);
  });

  it('refuses a DOCTYPE with an entity bomb before expanding anything', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<vertical>&lol2;</vertical>`;
    const error = refusal(bomb);
    expect(error).toMatchObject({ line: 2, column: 1 });
    expect(error.message).toMatch(/DOCTYPE is refused.*entity expansion or external entities/);
  });

  it('refuses an external entity, and an entity used without a declaration', () => {
    expect(refusal('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>').message).toMatch(/DOCTYPE is refused/);
    const undeclared = refusal('<html>\n  <p>&nbsp;&xxe;</p>\n</html>');
    expect(undeclared).toMatchObject({ line: 2, column: 6 });
    expect(undeclared.message).toMatch(/entity "&nbsp;" is refused/);
  });

  it('names the file, line and column of malformed markup', () => {
    expect(refusal('<a>\n <b></a>').message).toBe('x.xml:2:5 </a> closes <b> (opened at line 2)');
    expect(refusal('<a>\n  <b>').message).toMatch(/^x\.xml:2:3 <b> is never closed/);
    expect(refusal('<a x="1" x="2"/>').message).toMatch(/attribute "x" appears twice/);
    expect(refusal('<a/><b/>').message).toMatch(/only one root element/);
    expect(refusal('<a>AT&T</a>').message).toMatch(/must start an entity/);
    expect(refusal('').message).toMatch(/no root element/);
  });

  it('stops at the depth and node limits', () => {
    const deep = '<a>'.repeat(50) + '</a>'.repeat(50);
    expect(() => parseXml(deep, 'd.xml', { maxDepth: 20, maxNodes: 1000, maxAttributes: 10 })).toThrow(/nested deeper than 20/);
    const wide = `<a>${'<b/>'.repeat(100)}</a>`;
    expect(() => parseXml(wide, 'w.xml', { maxDepth: 20, maxNodes: 50, maxAttributes: 10 })).toThrow(/more than 50 XML nodes/);
  });

  it('writes embedded HTML back as markup, void elements without an end tag', () => {
    const root = parseXml('<html>The above has <b>x &amp; y</b><br/>next <img src="/static/a.png"/></html>', 'h.xml');
    expect(serializeChildren(root)).toBe('The above has <b>x &amp; y</b><br>next <img src="/static/a.png">');
  });
});
