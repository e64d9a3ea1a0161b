/**
 * Shared by the example host pages. A real portal would write its phone's attributes into the page
 * and hand out credentials from its own backend after single sign-on; here the lab server plays
 * that backend (`/sip-credentials`), and `?server=` / `?domain=` point the pages at a lab.
 */
const query = new URLSearchParams(location.search);
export const labServer = query.get('server') ?? 'ws://127.0.0.1:5066';
export const labDomain = query.get('domain') ?? 'umphone.test';

/** Points `phone` at the lab as `user` (alice, bob, …). Credentials go through the property only. */
export function signInAs(phone, user) {
  const aor = `sip:${user}@${labDomain}`;
  phone.setAttribute('server', labServer);
  phone.setAttribute('aor', aor);
  // Asked at every sign-in, so it answers for the aor the element has then (attributes can change).
  phone.credentials = async () => {
    const current = phone.getAttribute('aor');
    const response = await fetch(`/sip-credentials?aor=${encodeURIComponent(current)}`);
    if (!response.ok) throw new Error(`no credentials for ${current}`);
    return response.json();
  };
}

export const PHONE_EVENTS = [
  'registered',
  'unregistered',
  'incoming',
  'play-on-phone',
  'call-ended',
  'error',
];

/**
 * Shows every phone event in `list` (text only: Subjects and names are remote text) and keeps
 * them in `window.umPhoneEvents` for the browser console and the tests.
 */
export function logPhoneEvents(list) {
  window.umPhoneEvents = [];
  for (const type of PHONE_EVENTS)
    document.addEventListener(type, (event) => {
      if (!(event instanceof CustomEvent)) return;
      const source = event.target instanceof Element ? event.target.id || event.target.localName : 'frame';
      window.umPhoneEvents.push({ source, type, detail: event.detail });
      if (!list) return;
      const item = document.createElement('li');
      item.textContent = `${source}: ${type} ${JSON.stringify(event.detail)}`;
      list.prepend(item);
    });
}
