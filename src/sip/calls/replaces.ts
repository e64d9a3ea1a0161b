/**
 * An INVITE with Replaces (RFC 3891): the last step of an attended transfer, where the transferee
 * calls us in place of the transferor's consultation call with us.
 *
 * SIP.js 0.21 (with `sipExtensionReplaces` Supported, connection/user-agent.ts) matches the
 * Replaces header to a dialog before our onInvite runs: no match is answered 481, an early-only
 * match of a confirmed dialog 486 (RFC 3891 §3), and a match sets `invitation.replacee`. What it
 * does not do is decide whether the caller may take the call over; that is here: only a call of
 * ours that is established, and only when the proxy-asserted Referred-By names the party at the
 * other end of it (src/protocol replacementAllowed). Accepted, the new call is answered at once
 * (nobody is asked twice) and SIP.js sends BYE on the replaced one.
 */
import type { Invitation } from 'sip.js';
import type { SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { replacementAllowed } from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import { errorText } from '../reasons';
import type { CallRegistry } from './call-registry';
import { audioOptions, type InCallControls } from './in-call-controls';

/** Handles `invitation` if it replaces a call; returns false when it replaces nothing. */
export function takeOverReplacedCall(
  invitation: Invitation,
  calls: CallRegistry,
  settings: PhoneSettings,
  controls: Pick<InCallControls, 'holdOthers' | 'answerHeld' | 'setMuted'>,
  refused: (status: number, reason: string) => void,
): boolean {
  const replacee = invitation.replacee;
  if (!replacee) return false;
  const reject = (statusCode: number, reasonPhrase: string) => {
    void invitation.reject({ statusCode, reasonPhrase }).catch(() => undefined);
    refused(statusCode, reasonPhrase);
  };
  const replaced = calls.all().find((call) => call.session === replacee);
  if (!replaced) {
    reject(481, 'Call/Transaction Does Not Exist');
    return true;
  }
  const verdict = replacementAllowed({
    state: replaced.info.state,
    peerUri: replaced.info.peerUri,
    referredBy: invitation.request.getHeader('referred-by'),
  });
  if (!verdict.allowed) {
    reject(verdict.status, verdict.reason);
    return true;
  }
  replaced.info = { ...replaced.info, ended: { kind: 'transferred' } };
  const call = calls.track(invitation, {
    direction: 'incoming',
    purpose: 'call',
    // Not 'ringing': nobody needs to answer it (no ringtone, no Answer button).
    state: 'calling',
    peerUri: invitation.remoteIdentity.uri.toString(),
    peerName: invitation.remoteIdentity.displayName || undefined,
    urgent: false,
    transferredBy: replaced.info.peerUri,
    sipCallId: invitation.request.callId,
  });
  // One active call: the new call takes the replaced one's place as it was. Replacing a call the
  // user holds gives a held call (answered sendonly: RFC 3264 §8.4, the far end told at once), not
  // a second live one beside the call the user is in; replacing the active call holds the others,
  // as answering does. Muted stays muted.
  const held = replaced.info.held || replaced.info.state === 'held';
  if (held) controls.answerHeld(call.info.id);
  else controls.holdOthers(call.info.id);
  if (replaced.info.muted) controls.setMuted(call.info.id, true);
  const answer: SessionDescriptionHandlerOptions = { ...audioOptions(settings), hold: held };
  invitation
    .accept({ sessionDescriptionHandlerOptions: answer })
    .catch((e: unknown) => calls.finish(call, { kind: 'answer-failed', error: errorText(e) }));
  return true;
}
