import { logPhoneEvents, signInAs } from './lab-phone.js';

// Who is signed in to the portal decides the phone's user; `?user=` stands in for single sign-on.
const user = new URLSearchParams(location.search).get('user') ?? 'alice';
const phone = document.getElementById('phone');
logPhoneEvents(document.getElementById('event-log'));
signInAs(phone, user);
