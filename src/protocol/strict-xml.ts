/**
 * A strict reader for the small XML documents of the protocols here (MS-EUMR user notifications):
 * elements, attributes, character data, the five predefined entities, character references,
 * comments and CDATA. A DOCTYPE or a processing instruction other than the XML declaration is
 * refused, so no entity expansion can happen; anything malformed throws XmlError. Plus two schema
 * helpers: simple xs:string content, and an xs:sequence with minOccurs.
 *
 * Pure functions on strings, no DOM (src/protocol runs in Node and the browser alike).
 */

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element. */
  text: string;
}

/** Input that is not the XML this reader accepts. */
export class XmlError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*/;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError('bare "&" in character data');
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff)))
        throw new XmlError(`character reference ${whole} is not an XML character`);
      return String.fromCodePoint(code);
    }
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const value = named[ref];
    if (value === undefined) throw new XmlError(`unknown entity ${whole}`);
    return value;
  });
}

/** The document element of `source`; throws XmlError for anything outside the subset above. */
export function readXml(source: string): XmlElement {
  let pos = 0;
  const text = source.replace(/^\uFEFF/, '');
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(text.slice(pos));
      pos += ws ? ws[0].length : 0;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        pos = end + 3;
      } else return;
    }
  };
  if (text.startsWith('<?xml', pos)) {
    const end = text.indexOf('?>', pos);
    if (end < 0) throw new XmlError('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  if (text.startsWith('<!DOCTYPE', pos) || text.startsWith('<?', pos))
    throw new XmlError('DOCTYPE and processing instructions are not allowed');

  const readElement = (): XmlElement => {
    if (text[pos] !== '<') throw new XmlError(`expected an element at offset ${pos}`);
    pos += 1;
    const nameMatch = NAME.exec(text.slice(pos));
    if (!nameMatch) throw new XmlError(`bad element name at offset ${pos}`);
    const element: XmlElement = { name: nameMatch[0], attributes: new Map(), children: [], text: '' };
    pos += nameMatch[0].length;
    for (;;) {
      const ws = /^\s*/.exec(text.slice(pos));
      pos += ws ? ws[0].length : 0;
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return element;
      }
      if (text[pos] === '>') {
        pos += 1;
        break;
      }
      const attr = /^([A-Za-z_][A-Za-z0-9._:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(pos));
      if (!attr || !ws || ws[0].length === 0) throw new XmlError(`bad attribute in <${element.name}>`);
      const attrName = attr[1] ?? '';
      if (element.attributes.has(attrName)) throw new XmlError(`duplicate attribute ${attrName}`);
      element.attributes.set(attrName, decodeEntities(attr[3] ?? attr[4] ?? ''));
      pos += attr[0].length;
    }
    for (;;) {
      if (pos >= text.length) throw new XmlError(`<${element.name}> is not closed`);
      if (text.startsWith('</', pos)) {
        const close = /^<\/([A-Za-z_][A-Za-z0-9._:-]*)\s*>/.exec(text.slice(pos));
        if (!close || close[1] !== element.name) throw new XmlError(`</${element.name}> expected`);
        pos += close[0].length;
        return element;
      }
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) throw new XmlError('unterminated CDATA section');
        element.text += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text[pos] === '<') {
        element.children.push(readElement());
      } else {
        const next = text.indexOf('<', pos);
        const chunk = text.slice(pos, next < 0 ? text.length : next);
        element.text += decodeEntities(chunk);
        pos += chunk.length;
      }
    }
  };
  const root = readElement();
  skipMisc();
  if (pos !== text.length) throw new XmlError('content after the root element');
  return root;
}

/** Reads a simple-content xs:string element: no attributes, no child elements. */
export function simpleText(element: XmlElement, errors: string[]): string {
  if (element.attributes.size > 0) errors.push(`<${element.name}> takes no attributes`);
  if (element.children.length > 0) errors.push(`<${element.name}> has simple content only`);
  return element.text;
}

/** Matches `children` against a sequence; returns name → element, reporting order/occurrence errors. */
export function matchSequence(
  parent: XmlElement,
  sequence: readonly { name: string; optional: boolean }[],
  errors: string[],
): Map<string, XmlElement> {
  const found = new Map<string, XmlElement>();
  if (parent.text.trim() !== '') errors.push(`<${parent.name}> must not contain text`);
  let index = 0;
  for (const child of parent.children) {
    const at = sequence.findIndex((item, i) => i >= index && item.name === child.name);
    if (at < 0) {
      const known = sequence.some((item) => item.name === child.name);
      errors.push(
        known
          ? `<${child.name}> is out of order or repeated in <${parent.name}>`
          : `unexpected element <${child.name}> in <${parent.name}>`,
      );
      continue;
    }
    for (let i = index; i < at; i++) {
      const skipped = sequence[i];
      if (skipped && !skipped.optional) errors.push(`<${parent.name}> lacks <${skipped.name}>`);
    }
    found.set(child.name, child);
    index = at + 1;
  }
  for (let i = index; i < sequence.length; i++) {
    const missing = sequence[i];
    if (missing && !missing.optional) errors.push(`<${parent.name}> lacks <${missing.name}>`);
  }
  return found;
}
