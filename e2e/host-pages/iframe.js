import { connectPhoneFrame } from '/embed/um-phone.js';
import { labDomain, labServer, PHONE_EVENTS } from './lab-phone.js';

const query = new URLSearchParams(location.search);
// Where UM Phone is deployed (another origin), and who is signed in to this portal.
const app = new URL(query.get('app') ?? 'http://127.0.0.1:5173/');
const user = query.get('user') ?? 'alice';

const frame = document.getElementById('phone-frame');
app.searchParams.set('embed', 'iframe');
// Normally this page's own origin; `?allowedOrigins=` lets the tests frame it from a site it doesn't trust.
app.searchParams.set('allowedOrigins', query.get('allowedOrigins') ?? location.origin);
frame.src = app.href;

const phone = connectPhoneFrame(frame, { origin: app.origin });
window.umPhone = phone;
window.umPhoneEvents = [];
const log = document.getElementById('event-log');
for (const type of ['ready', ...PHONE_EVENTS])
  phone.addEventListener(type, (event) => {
    window.umPhoneEvents.push({ source: 'frame', type, detail: event.detail });
    const item = document.createElement('li');
    item.textContent = `${type} ${JSON.stringify(event.detail ?? {})}`;
    log.prepend(item);
  });

const aor = `sip:${user}@${labDomain}`;
const credentials = await (await fetch(`/sip-credentials?aor=${encodeURIComponent(aor)}`)).json();
await phone.signIn({ server: labServer, aor }, credentials);

document
  .getElementById('call-bob')
  .addEventListener('click', () =>
    phone.call(`sip:bob@${labDomain}`, { subject: 'CRM record: Bob Example' }),
  );
