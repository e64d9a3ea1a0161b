import { logPhoneEvents, signInAs } from './lab-phone.js';

// Counted for the test: any violation of the page's policy (inline script, eval, inline style …).
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.cspViolations.push(
    `${e.effectiveDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
  ),
);
logPhoneEvents(document.getElementById('event-log'));
signInAs(document.getElementById('phone'), new URLSearchParams(location.search).get('user') ?? 'alice');
