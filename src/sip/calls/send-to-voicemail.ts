/**
 * "Send to voicemail" on a ringing call: the caller lands in the user's own mailbox with the
 * INVITE they sent (its Subject and Priority, MS-OCEXUM 2.2.3 and 2.2.4).
 *
 * Why a `302` naming the user's own voicemail address rather than a refusal (e.g. `603`) that the
 * proxy diverts: MS-EUMR 3.1 lets the proxy route a call to voice mail on its own rules (MS-SIPRE
 * 3.8.5) or when an INVITE names a voice-mail-gruu (`;opaque=app:voicemail`), and 3.1.5.3 has the
 * proxy process a redirect itself, "without sending it back to the caller". A 302 whose one
 * Contact is the callee's own voice-mail-gruu says exactly "take this caller to my voicemail":
 * - the proxy continues the same INVITE transaction to the UM server (3.1.5 steps 1-8, Diversion
 *   naming this user with reason `deflection`), so the caller's own INVITE arrives there with its
 *   Subject, Priority and the identity the proxy asserted; nothing depends on the caller's phone;
 * - a refusal could not be told from Decline: a 603 diverts only where the proxy diverts every
 *   refusal (the lab's LAB_VOICEMAIL_DIVERSION), and then Decline and Send to voicemail are the
 *   same button; with a 302 the lab sends the caller to voicemail with diversion on or off;
 * - a proxy that knows nothing of it hands the 302 to the caller, whose phone may follow it
 *   (RFC 3261 §8.1.3.4) to the same mailbox: the intent survives, a silent decline would not.
 * The lab proxy accepts such a 302 only when its Contact is the called user's own voicemail
 * (lab/kamailio/kamailio.cfg, route[SEND_TO_VM]) and never for a private-no-diversion INVITE.
 */
import { Invitation } from 'sip.js';
import { mayDivertToVoicemail, voicemailUri } from '../../protocol';
import { PhoneError } from '../reasons';
import type { CallRegistry } from './call-registry';

export function sendToVoicemail(calls: CallRegistry, aor: string, callId: string): void {
  const call = calls.get(callId);
  if (!(call.session instanceof Invitation) || call.info.state !== 'ringing')
    throw new PhoneError({ kind: 'not-ringing' });
  // MS-OCEXUM 3.2: a Play-On-Phone call (or any private-no-diversion INVITE) is never diverted.
  if (!mayDivertToVoicemail({ purpose: call.info.purpose, noDiversion: call.info.facts?.noDiversion }))
    throw new PhoneError({ kind: 'no-diversion' });
  call.info = { ...call.info, ended: { kind: 'sent-to-voicemail' } };
  void call.session
    .reject({
      statusCode: 302,
      reasonPhrase: 'Moved Temporarily',
      extraHeaders: [`Contact: <${voicemailUri(aor)}>`],
    })
    .catch(() => undefined);
}
