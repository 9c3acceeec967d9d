/**
 * A small, tolerant reader of XML elements with their offsets, enough for Maven's pom.xml: elements,
 * attributes, text (entities and CDATA decoded); comments, processing instructions and the DOCTYPE
 * skipped. A document that is not well-formed is read as far as it makes sense: an end tag closes
 * the nearest open element of its name, and elements left open end where the text ends.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, decoded, without the text of its children. */
  text: string;
  /** Offsets [start, end) of the element, from `<` of its start tag to `>` of its end tag. */
  start: number;
  end: number;
  /** Offsets [start, end) of its content between the tags (empty for `<a/>`). */
  contentStart: number;
  contentEnd: number;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name] ?? whole;
  });
}

/** The root element of the text; undefined when it has none. */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '', start: 0, end: text.length, contentStart: 0, contentEnd: text.length };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1];
    top.text += decode(text.slice(i, lt < 0 ? text.length : lt));
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) { i = skipPast(text, lt, '-->'); continue; }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      top.text += text.slice(lt + 9, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) { i = skipPast(text, lt, '?>'); continue; }
    if (text.startsWith('<!', lt)) { i = skipPast(text, lt, '>'); continue; }
    const tagEnd = text.indexOf('>', lt);
    if (tagEnd < 0) break;
    const tag = text.slice(lt + 1, tagEnd);
    i = tagEnd + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const index = stack.map((element) => element.name).lastIndexOf(name);
      if (index <= 0) continue;
      // Elements left open inside it end where it ends.
      while (stack.length > index + 1) {
        const inner = stack.pop()!;
        inner.contentEnd = lt;
        inner.end = lt;
      }
      const closed = stack.pop()!;
      closed.contentEnd = lt;
      closed.end = i;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/>]+/.exec(body)?.[0];
    if (!name) continue;
    const element: XmlElement = {
      name, attributes: attributes(body.slice(name.length)), children: [], text: '', start: lt, end: i, contentStart: i, contentEnd: i,
    };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  for (const open of stack.slice(1)) {
    open.end = text.length;
    open.contentEnd = text.length;
  }
  return root.children.find(() => true);
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? text.length : end + terminator.length;
}

function attributes(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) result[match[1]] = decode(match[3] ?? match[4]);
  return result;
}

/** The first child element of a name (`<parent>` of `<project>`), namespace prefixes ignored. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => localName(candidate.name) === name);
}

/** All child elements of a name. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => localName(candidate.name) === name) ?? [];
}

export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
