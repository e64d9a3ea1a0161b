import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { en } from '../i18n/en';
import { de } from '../i18n/de';
import { HistoryList, type HistoryEntryView } from './history-list';

function entry(over: Partial<HistoryEntryView> = {}): HistoryEntryView {
  return {
    id: 'c1',
    kind: 'missed',
    kindLabel: 'Missed',
    name: 'Alice Example',
    address: 'sip:alice@umphone.test',
    when: '27 Nov 2026, 20:00',
    whenIso: '2026-11-27T20:00:00.000Z',
    urgent: false,
    ...over,
  };
}

const noop = () => undefined;
const rows = (html: string) => html.match(/data-testid="history-entry"/g)?.length ?? 0;

describe('the history list', () => {
  it('shows remote text as text, without bidi overrides, isolated and whole in its title', () => {
    const html = renderToStaticMarkup(
      <HistoryList
        entries={[
          entry({ name: '<img src=x onerror=alert(1)>\u202Eevil', subject: 'Invoice \u202Egpj.exe' }),
        ]}
        onCallBack={noop}
      />,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;evil');
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(html).toContain(
      'dir="auto" title="Invoice gpj.exe" data-testid="history-subject">Invoice gpj.exe</span>',
    );
  });

  it('names each "Call back" by its caller and carries the call to the one shared handler', () => {
    const html = renderToStaticMarkup(<HistoryList entries={[entry()]} onCallBack={noop} />);
    const describedBy = /aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(describedBy).toBeTruthy();
    expect(html).toContain(`id="${describedBy}"`);
    expect(html).toMatch(/<button[^>]*value="c1"[^>]*>.*Call back<\/button>/);
  });

  it('says how many calls it shows and offers the older ones while some are not shown', () => {
    const entries = [entry(), entry({ id: 'c2' })];
    const some = renderToStaticMarkup(
      <HistoryList entries={entries} total={57} onShowOlder={noop} onCallBack={noop} />,
    );
    expect(rows(some)).toBe(2);
    expect(some).toContain(en.history.shownOf(2, 57));
    expect(some).toMatch(
      /<button type="button"[^>]*data-testid="history-show-older"[^>]*>Show older calls<\/button>/,
    );

    const all = renderToStaticMarkup(
      <HistoryList entries={entries} total={2} onShowOlder={noop} onCallBack={noop} />,
    );
    expect(all).not.toContain('history-show-older');
    expect(all).not.toContain('history-shown');
  });

  it('says it in German too', () => {
    expect(de.history.showOlder).toBe('Ältere Anrufe anzeigen');
    expect(de.history.shownOf(20, 57)).toBe('Die neuesten 20 von 57 Anrufen');
  });

  it('says there are no calls yet when the history is empty', () => {
    expect(renderToStaticMarkup(<HistoryList entries={[]} onCallBack={noop} />)).toContain(en.history.empty);
  });
});
