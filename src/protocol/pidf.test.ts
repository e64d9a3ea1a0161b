import { describe, expect, it } from 'vitest';
import { PRESENCE_STATES } from './presence';
import { buildPidf, parsePidf, xmlEscape } from './pidf';

describe('buildPidf / parsePidf', () => {
  it.each(PRESENCE_STATES)('round-trips %s', (state) => {
    const body = buildPidf({ entity: 'sip:alice@umphone.test', state });
    expect(parsePidf(body).state).toBe(state);
  });

  it('publishes Appear Offline as basic closed, the others as open', () => {
    expect(buildPidf({ entity: 'sip:a@x', state: 'offline' })).toContain('<basic>closed</basic>');
    expect(buildPidf({ entity: 'sip:a@x', state: 'offline' })).not.toContain('activities');
    expect(buildPidf({ entity: 'sip:a@x', state: 'busy' })).toContain('<basic>open</basic>');
    expect(buildPidf({ entity: 'sip:a@x', state: 'busy' })).toContain(
      '<rpid:activities><rpid:busy/></rpid:activities>',
    );
    expect(buildPidf({ entity: 'sip:a@x', state: 'dnd' })).toContain(
      '<rpid:other>do-not-disturb</rpid:other>',
    );
  });

  it('escapes the entity and the note, and drops characters XML cannot carry', () => {
    const body = buildPidf({ entity: 'sip:a"b@x', state: 'available', note: '<b>&"\'</b>\u0001' });
    expect(body).toContain('entity="sip:a&quot;b@x"');
    expect(body).toContain('<note>&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;</note>');
    expect(parsePidf(body).note).toBe('<b>&"\'</b>');
    expect(xmlEscape('a<b')).toBe('a&lt;b');
  });

  it('defaults the note to the state name', () => {
    expect(parsePidf(buildPidf({ entity: 'sip:a@x', state: 'brb' })).note).toBe('Be Right Back');
  });

  it('reads other clients’ documents: prefixes, attributes, several tuples', () => {
    const body = `<?xml version="1.0"?>
<p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" xmlns:r="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:bob@x">
 <p:tuple id="t1"><p:status><p:basic>closed</p:basic></p:status></p:tuple>
 <p:tuple id="t2"><p:status><p:basic> OPEN </p:basic></p:status><p:note xml:lang="en">On a call &#x263A;</p:note></p:tuple>
 <dm:person><r:activities><r:on-the-phone/></r:activities></dm:person>
</p:presence>`;
    expect(parsePidf(body)).toEqual({ state: 'busy', note: 'On a call ☺' });
  });

  it('treats an empty, closed or unreadable body as offline and never throws', () => {
    expect(parsePidf(undefined)).toEqual({ state: 'offline', note: '' });
    expect(parsePidf('')).toEqual({ state: 'offline', note: '' });
    expect(parsePidf('<<<not xml &#99999999;')).toEqual({ state: 'offline', note: '' });
    expect(parsePidf('<presence><tuple><status><basic>open</basic></status></tuple></presence>').state).toBe(
      'available',
    );
  });

  it('makes remote notes safe to show: no bidi overrides or control characters, bounded length', () => {
    const body = `<presence><tuple><status><basic>open</basic></status><note>a\u202Eb&#10;c${'x'.repeat(500)}</note></tuple></presence>`;
    const { note } = parsePidf(body);
    expect(note.startsWith('ab c')).toBe(true);
    expect(note.length).toBe(200);
  });

  it('lets the newest publication win when the server aggregates several (timestamps)', () => {
    const stale = buildPidf({
      entity: 'sip:b@x',
      state: 'available',
      tupleId: 'old',
      timestamp: '2026-01-01T10:00:00Z',
    });
    const busy = buildPidf({
      entity: 'sip:b@x',
      state: 'busy',
      tupleId: 'new',
      timestamp: '2026-01-01T10:05:00Z',
    });
    const offline = buildPidf({
      entity: 'sip:b@x',
      state: 'offline',
      tupleId: 'new',
      timestamp: '2026-01-01T10:06:00Z',
    });
    const avail = buildPidf({
      entity: 'sip:b@x',
      state: 'available',
      tupleId: 'new',
      timestamp: '2026-01-01T10:07:00Z',
    });
    const aggregate = (...docs: string[]) =>
      `<presence>${docs.map((d) => d.replace(/^[\s\S]*?<presence[^>]*>|<\/presence>$/g, '')).join('')}</presence>`;
    expect(parsePidf(aggregate(stale, busy)).state).toBe('busy');
    expect(parsePidf(aggregate(busy, stale)).state).toBe('busy');
    expect(parsePidf(aggregate(stale, offline)).state).toBe('offline');
    expect(parsePidf(aggregate(busy, avail)).state).toBe('available');
    expect(buildPidf({ entity: 'sip:b@x', state: 'busy', timestamp: 'not a date' })).not.toContain(
      'timestamp',
    );
  });

  it('ignores commented-out markup', () => {
    expect(parsePidf('<presence><!-- <basic>open</basic> --><basic>closed</basic></presence>').state).toBe(
      'offline',
    );
  });

  it('reads a comment that never ends as running to the end of the document (XML 1.0 §2.5)', () => {
    expect(parsePidf('<presence><!-- hidden <tuple><status><basic>open</basic></status></tuple>').state).toBe(
      'offline',
    );
    expect(parsePidf('<presence><!--'.repeat(100)).state).toBe('offline');
  });

  it('reads a note in CDATA, and one whose CDATA never ends up to the end', () => {
    const open = (note: string) => `<tuple><status><basic>open</basic></status><note>${note}</note></tuple>`;
    expect(parsePidf(open('<![CDATA[at <lunch>]]> & back')).note).toBe('at <lunch> & back');
    expect(parsePidf(open('<![CDATA[at lunch')).note).toBe('at lunch');
  });

  it('reads the tuples that close; unclosed ones after them are not tuples', () => {
    const tuple =
      '<tuple><timestamp>2026-01-01T00:00:00Z</timestamp><status><basic>open</basic></status></tuple>';
    expect(parsePidf(`${tuple}${'<tuple>'.repeat(50)}<basic>closed</basic>`).state).toBe('available');
  });
});
