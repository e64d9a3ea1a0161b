import { test, expect } from '../support/fixtures';
import { FakeProxy } from '../support/fake-proxy';
import { hideTabAndWatchNotifications, shown } from '../support/notifications';
import type { PhonePage } from '../support/phone-page';

/** Classic XSS payloads; each would set window.__xss or open a dialog if it ever ran. */
const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror=window.__xss=1>',
  '<img src="x" onerror="alert(1)">',
  '<svg onload=window.__xss=1>',
  '<svg><script>window.__xss=1</script></svg>',
  '<iframe src="javascript:window.top.__xss=1"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<body onload=window.__xss=1>',
  '<details open ontoggle=window.__xss=1>',
  '<video><source onerror=window.__xss=1></video>',
  '<audio src=x onerror=window.__xss=1>',
  '<input autofocus onfocus=window.__xss=1>',
  '<select autofocus onfocus=window.__xss=1>',
  '<textarea autofocus onfocus=window.__xss=1></textarea>',
  '<marquee onstart=window.__xss=1>',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<a href="javascript:window.__xss=1">click</a>',
  '<math><mtext><img src=x onerror=window.__xss=1></mtext></math>',
  '<style>@import "javascript:window.__xss=1"</style>',
  '<link rel=stylesheet href="javascript:window.__xss=1">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<base href="javascript:window.__xss=1//">',
  '<form><button formaction=javascript:window.__xss=1>x</button></form>',
  '"><script>window.__xss=1</script>',
  "'><img src=x onerror=window.__xss=1>",
  '</title><script>window.__xss=1</script>',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '<IMG SRC=JaVaScRiPt:window.__xss=1>',
  '<img src=x:alert(1) onerror=eval(src)>',
  '<div style="background:url(javascript:window.__xss=1)">',
  '<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
  'javascript:window.__xss=1',
  '<img src=x onerror=&#119;indow.__xss=1>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
];

/** RFC 3261 §25.1 quoted-string: `\` and `"` as quoted-pairs. */
const quoted = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

async function injected(phone: PhonePage): Promise<string[]> {
  return phone.page.evaluate(() => {
    const found: string[] = [];
    const dangerous = new Set([
      'SCRIPT',
      'IFRAME',
      'OBJECT',
      'EMBED',
      'IMG',
      'VIDEO',
      'AUDIO',
      'BASE',
      'MATH',
      'MARQUEE',
      'STYLE',
      'LINK',
      'META',
      'FRAME',
      'NOSCRIPT',
    ]);
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (dangerous.has(el.tagName.toUpperCase())) found.push(el.tagName);
      for (const a of Array.from(el.attributes)) {
        if (
          /^on/i.test(a.name) ||
          (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|data)$/i.test(a.name))
        )
          found.push(`${el.tagName}[${a.name}]`);
      }
    }
    return found;
  });
}

test(`${XSS_PAYLOADS.length} XSS payloads in From display name, Subject, Priority and Contact: shown as text, nothing runs or is injected`, async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const proxy = await FakeProxy.start();
  try {
    const bob = await phoneFor('bob', { serverUrl: proxy.url });
    const before = await injected(bob);
    let rang = 0;
    for (const payload of XSS_PAYLOADS) {
      const call = proxy.invite({
        from: `${quoted(payload)} <sip:mallory@umphone.test>`,
        contact: `${quoted(payload)} <sip:mallory@fake-proxy.invalid;transport=ws>`,
        extra: [`Subject: ${payload}`, `Priority: ${payload}`],
      });
      const first = await proxy.responseTo(call.callId, (r) => r.status === 180 || r.status >= 300);
      if (first.status !== 180) continue;
      rang++;
      const card = bob.incoming();
      await expect(card.getByTestId('call-subject')).toHaveText(payload);
      await expect(card.getByText(payload, { exact: true }).first()).toBeVisible();
      proxy.cancel(call);
      await proxy.responseTo(call.callId, (r) => r.status === 487);
      await expect(card).toHaveCount(0);
    }
    // Let anything that was injected (an image's onerror, a meta refresh) have its chance to run.
    await bob.page.waitForTimeout(500);
    expect(await injected(bob)).toEqual(before);
    expect(await bob.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(bob.dialogs).toEqual([]);
    expect(bob.pageErrors).toEqual([]);
    console.log(
      `XSS: ${XSS_PAYLOADS.length} payloads × 4 fields; ${rang} calls rang and showed them as text; none ran`,
    );
    expect(rang).toBe(XSS_PAYLOADS.length);
  } finally {
    await proxy.close();
  }
});

test('a 64 KB Subject and bidi overrides do not break the layout: clamped, full text in the title, overrides neutralised', async ({
  phoneFor,
}) => {
  const proxy = await FakeProxy.start();
  try {
    const bob = await phoneFor('bob', { serverUrl: proxy.url });
    const words = 'Quarterly numbers and the long story behind them ';
    const long = words.repeat(Math.ceil(65536 / words.length)).slice(0, 65536);
    const huge = proxy.invite({
      from: `${quoted('W'.repeat(5000))} <sip:wide@umphone.test>`,
      extra: [`Subject: ${long}`],
    });
    await proxy.responseTo(huge.callId, (r) => r.status === 180);
    const subject = bob.incoming().getByTestId('call-subject');
    await expect(subject).toBeVisible();
    const clamp = subject.locator('.clamp');
    expect(await clamp.getAttribute('title')).toHaveLength(long.trim().length);
    const box = await bob.incoming().boundingBox();
    const viewport = bob.page.viewportSize()!;
    expect(box!.width).toBeLessThanOrEqual(viewport.width);
    expect((await clamp.boundingBox())!.height).toBeLessThan(120);
    expect(
      await bob.page.evaluate(
        () => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth,
      ),
    ).toBe(true);
    proxy.cancel(huge);
    await expect(bob.incoming()).toHaveCount(0);

    // Bidi overrides, and a line separator (U+2028) faking a second line under the name. Shown
    // outside the page too, where nothing isolates it: the tab's title, and the notification a
    // hidden tab raises.
    await hideTabAndWatchNotifications(bob);
    const bidi = proxy.invite({
      from: `${quoted('\u202Eevil\u202C Mallory\u2028Subject: password expired')} <sip:mallory@umphone.test>`,
      extra: ['Subject: Invoice \u202Egpj.exe\u2066 and \u2067more\u2069'],
    });
    await proxy.responseTo(bidi.callId, (r) => r.status === 180);
    const card = bob.incoming();
    await expect(card.getByTestId('call-subject')).toHaveText('Invoice gpj.exe and more');
    const text = (await card.textContent()) ?? '';
    const lying = /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
    expect(text).not.toMatch(lying);
    expect(text).toContain('evil Mallory Subject: password expired');
    expect(await card.locator('bdi').count()).toBeGreaterThan(0);
    await expect.poll(() => bob.page.title()).toContain('evil Mallory Subject: password expired');
    expect(await bob.page.title()).not.toMatch(lying);
    await expect.poll(() => shown(bob)).toHaveLength(1);
    const [n] = await shown(bob);
    expect(n!.title).toBe('evil Mallory Subject: password expired is calling');
    expect(`${n!.title}\n${n!.body}`).not.toMatch(lying);
    proxy.cancel(bidi);
    await expect(bob.incoming()).toHaveCount(0);
    expect(bob.pageErrors).toEqual([]);
  } finally {
    await proxy.close();
  }
});
