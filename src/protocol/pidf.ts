import { DEFAULT_PRESENCE_NOTES, isPresenceState, type PresenceState } from './presence';
import { displaySafeText } from './display-text';

/**
 * Presence documents: PIDF (RFC 3863, `application/pidf+xml`) with RPID activities (RFC 4480).
 *
 * How the six states travel (RFC 4480 has no "Do Not Disturb" or "Be Right Back", so those two add
 * an `<rpid:other>` token beside the nearest standard activity; a watcher that ignores it still
 * sees "busy" / "away"):
 *
 * | state     | basic  | rpid:activities                          |
 * |-----------|--------|------------------------------------------|
 * | available | open   | (none)                                   |
 * | busy      | open   | busy                                     |
 * | dnd       | open   | busy + other "do-not-disturb"            |
 * | brb       | open   | away + other "be-right-back"             |
 * | away      | open   | away                                     |
 * | offline   | closed | (none) — Appear Offline looks like signed out |
 *
 * Pure and DOM-free (runs in Node tests too); parsing is tolerant and never throws.
 */
export const PIDF_CONTENT_TYPE = 'application/pidf+xml';

/** The longest note kept from a remote document (characters). */
export const MAX_NOTE_LENGTH = 200;

const OTHER_TOKEN: Partial<Record<PresenceState, string>> = { dnd: 'do-not-disturb', brb: 'be-right-back' };
const ACTIVITY: Partial<Record<PresenceState, 'busy' | 'away'>> = {
  busy: 'busy',
  dnd: 'busy',
  brb: 'away',
  away: 'away',
};

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** XML 1.0 forbids most C0 controls even escaped: they are dropped from what we send. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export interface PidfInput {
  /** The presentity, our own AOR (`sip:alice@example.com`). */
  entity: string;
  state: PresenceState;
  /** Free text for watchers; default DEFAULT_PRESENCE_NOTES[state]. */
  note?: string;
  /**
   * Tuple id (an XML ID: letter first); default "um-phone". One per phone: the presence server
   * aggregates every publication of the presentity, and may fold tuples that share an id.
   */
  tupleId?: string;
  /** When the state was set (ISO 8601); watchers let the newest publication win. */
  timestamp?: string;
}

/** The PIDF document that PUBLISHes `state` for `entity`. */
export function buildPidf(input: PidfInput): string {
  const clean = (s: string) => xmlEscape(s.replace(XML_INVALID, ''));
  const entity = clean(input.entity);
  const note = clean((input.note ?? DEFAULT_PRESENCE_NOTES[input.state]).slice(0, MAX_NOTE_LENGTH));
  const tupleId = /^[A-Za-z_][\w.-]*$/.test(input.tupleId ?? '') ? input.tupleId! : 'um-phone';
  const basic = input.state === 'offline' ? 'closed' : 'open';
  const activity = ACTIVITY[input.state];
  const other = OTHER_TOKEN[input.state];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="${entity}">`,
    `  <tuple id="${tupleId}">`,
    `    <status><basic>${basic}</basic></status>`,
    `    <note>${note}</note>`,
  ];
  const timestamp =
    input.timestamp && !Number.isNaN(Date.parse(input.timestamp)) ? clean(input.timestamp) : '';
  if (timestamp) lines.push(`    <timestamp>${timestamp}</timestamp>`);
  lines.push('  </tuple>', `  <dm:person id="p-${tupleId}">`);
  if (activity)
    lines.push(
      `    <rpid:activities><rpid:${activity}/>${other ? `<rpid:other>${other}</rpid:other>` : ''}</rpid:activities>`,
    );
  lines.push(`    <dm:note>${note}</dm:note>`);
  if (timestamp) lines.push(`    <dm:timestamp>${timestamp}</dm:timestamp>`);
  lines.push('  </dm:person>', '</presence>');
  return lines.join('\r\n');
}

export interface ParsedPresence {
  state: PresenceState;
  /** The first `<note>` of the document, unescaped and made safe to show; may be empty. */
  note: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/*
 * The document is a watched user's PUBLISH, relayed by the presence server: text anyone signed in
 * writes. Every scan below is linear in its length. A lazy regular expression from each opening
 * tag to its closing one rescans the rest of the document for every unclosed tag (quadratic: a
 * 64 KB body of unclosed `<tuple>` or `<!--` held the page for 90-160 ms per NOTIFY); an attribute
 * list may not contain `<` (XML 1.0 §3.1), so no tag match runs past the next tag.
 */

/** An opening tag of `localName` with any namespace prefix, up to (not including) its `>` or `/>`. */
function tagStart(localName: string): string {
  return `<(?:[\\w.-]+:)?${localName}(?:\\s[^<>]*)?`;
}

/** Element content by local name, any namespace prefix: `<x:name attr>…</x:name>`. */
function elements(xml: string, localName: string): string[] {
  const open = new RegExp(`${tagStart(localName)}>`, 'gi');
  const close = new RegExp(`</(?:[\\w.-]+:)?${localName}\\s*>`, 'gi');
  const found: string[] = [];
  for (let tag = open.exec(xml); tag; tag = open.exec(xml)) {
    close.lastIndex = open.lastIndex;
    const end = close.exec(xml);
    // No closing tag after this opening one: none after any later one either.
    if (!end) break;
    found.push(xml.slice(open.lastIndex, end.index));
    open.lastIndex = close.lastIndex;
  }
  return found;
}

/** `text` without what lies between `start` and `end`, or its content kept (CDATA); unterminated: to the end. */
function cutSections(text: string, start: string, end: string, keepContent: boolean): string {
  let out = '';
  let at = 0;
  for (;;) {
    const from = text.indexOf(start, at);
    if (from < 0) return out + text.slice(at);
    out += text.slice(at, from);
    const to = text.indexOf(end, from + start.length);
    if (to < 0) return keepContent ? out + text.slice(from + start.length) : out;
    if (keepContent) out += text.slice(from + start.length, to);
    at = to + end.length;
  }
}

/** A tuple's or person's `<timestamp>` in ms, or -Infinity. */
function stampOf(block: string): number {
  const t = Date.parse((elements(block, 'timestamp')[0] ?? '').trim());
  return Number.isNaN(t) ? -Infinity : t;
}

function newest(blocks: readonly string[]): string {
  return blocks.reduce((best, b) => (stampOf(b) > stampOf(best) ? b : best));
}

/** Self-closing or empty element present: `<rpid:busy/>` or `<busy></busy>`. */
function hasElement(xml: string, localName: string): boolean {
  return new RegExp(`${tagStart(localName)}/?>`, 'i').test(xml);
}

/**
 * What a watcher shows for a presence document (a NOTIFY body). An empty or unreadable body is
 * `offline`: the presence server sends that when the presentity has published nothing (signed
 * out, or its publication expired). Several tuples (several devices or publications): when they
 * carry timestamps the newest tuple and person decide (a closed browser's publication lingers until
 * it expires and must not outvote a fresh Appear Offline); without, open if any is open.
 */
export function parsePidf(body: string | undefined): ParsedPresence {
  try {
    // XML 1.0 §2.5: an unterminated comment runs to the end (the document is not well-formed).
    let xml = cutSections(body ?? '', '<!--', '-->', false);
    const tuples = elements(xml, 'tuple');
    const stamped = tuples.filter((t) => stampOf(t) > -Infinity);
    let activitiesXml = xml;
    if (stamped.length > 0) {
      xml = newest(stamped);
      const persons = elements(activitiesXml, 'person').filter((p) => stampOf(p) > -Infinity);
      activitiesXml = persons.length > 0 ? newest(persons) : '';
    }
    const basics = elements(xml, 'basic').map((b) => b.trim().toLowerCase());
    const open = basics.includes('open');
    const rawNote = elements(xml, 'note')[0] ?? '';
    const note = displaySafeText(xmlUnescape(cutSections(rawNote, '<![CDATA[', ']]>', true)))
      .trim()
      .slice(0, MAX_NOTE_LENGTH);
    if (!open) return { state: 'offline', note };
    const activities = elements(activitiesXml, 'activities').join(' ');
    const others = elements(activities, 'other').map((o) => xmlUnescape(o).trim().toLowerCase());
    let state: PresenceState = 'available';
    if (others.includes('do-not-disturb') || others.includes('dnd')) state = 'dnd';
    else if (others.includes('be-right-back') || others.includes('brb')) state = 'brb';
    else if (
      hasElement(activities, 'busy') ||
      hasElement(activities, 'on-the-phone') ||
      hasElement(activities, 'meeting')
    )
      state = 'busy';
    else if (hasElement(activities, 'away') || hasElement(activities, 'sleeping')) state = 'away';
    return { state: isPresenceState(state) ? state : 'available', note };
  } catch {
    return { state: 'offline', note: '' };
  }
}
