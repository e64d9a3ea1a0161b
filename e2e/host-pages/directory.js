import { enableClickToDial } from '/embed/um-phone.js';
import { logPhoneEvents, signInAs } from './lab-phone.js';

const user = new URLSearchParams(location.search).get('user') ?? 'alice';
const phone = document.getElementById('phone');
logPhoneEvents(document.getElementById('event-log'));
signInAs(phone, user);
// Every sip:, sips: and tel: link on the page, now and later, calls through this phone.
enableClickToDial(document, phone);
