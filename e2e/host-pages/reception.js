import { logPhoneEvents, signInAs } from './lab-phone.js';

logPhoneEvents(document.getElementById('event-log'));
for (const phone of document.querySelectorAll('um-phone')) signInAs(phone, phone.dataset.user);
