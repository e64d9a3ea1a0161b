/**
 * Transfer (RFC 3515 REFER, RFC 5589): as the transferor, blind to an address or to someone's
 * mailbox (`;opaque=app:voicemail`), or attended (Refer-To with Replaces naming our consultation
 * call, RFC 3891); as the transferee, following a REFER that arrives inside one of our calls.
 *
 * SIP.js 0.21 follows any in-dialog REFER by itself when a session has no `onRefer` delegate
 * (Session.onReferRequest): every call we track gets one here, so a REFER is judged by
 * src/protocol's readReferTo first. An out-of-dialog REFER never reaches a call: SIP.js answers it
 * 405 (no UserAgent `onReferRequest`), which is the rule "only inside an existing dialog".
 */
import { Invitation, SessionState, type Core, type Referral } from 'sip.js';
import { readReferTo, sipUriEquals, sipfragStatus, voicemailUri, attendedReferTo } from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import { PhoneError, errorText, type PhoneProblem } from '../reasons';
import { referWithReferTo } from '../sipjs-internals';
import type { CallRegistry, ManagedCall } from './call-registry';
import { audioOptions } from './in-call-controls';
import { MAX_LIVE_CALLS } from './incoming-calls';
import { referrerOf } from './referred-by';

export interface TransferHooks {
  /** Resolves what the user typed to a SIP URI; throws PhoneError (as dialling does). */
  dialTarget(input: string): string;
  onError(problem: PhoneProblem): void;
  /** Ends a call from our side (BYE), with its reason already set. */
  hangUp(call: ManagedCall): void;
  /** Holds every call but `keep` (the one-active-call rule, InCallControls.holdOthers). */
  holdOthers(keep: string | undefined): void;
}

export interface BlindTransferOptions {
  /** Into the target's mailbox instead of to the target (MS-OCEXUM 2.2.3 voicemail URI). */
  toVoicemail?: boolean;
}

export class Transfers {
  constructor(
    private readonly calls: CallRegistry,
    private readonly settings: PhoneSettings,
    private readonly hooks: TransferHooks,
  ) {}

  /**
   * Every tracked call: its REFERs are ours to judge. And the transfer target's side: an ordinary
   * call that arrives through a transfer names its transferor (Referred-By), shown on the card and
   * in the history (before its first update goes up: CallRegistry calls this first).
   */
  watch(call: ManagedCall): void {
    call.session.delegate = {
      ...call.session.delegate,
      onRefer: (referral) => this.onRefer(call, referral),
    };
    if (call.session instanceof Invitation && call.info.purpose === 'call' && !call.info.transferredBy) {
      const transferredBy = referrerOf(call.session.request.getHeaders('referred-by'));
      if (transferredBy) call.info = { ...call.info, transferredBy };
    }
  }

  /** Blind transfer of a connected call to `target` (or to `target`'s mailbox). */
  blind(callId: string, target: string, options: BlindTransferOptions = {}): void {
    const call = this.established(callId);
    const peer = this.hooks.dialTarget(target);
    const uri = options.toVoicemail ? voicemailUri(peer) : peer;
    this.refer(call, `<${uri}>`);
  }

  /**
   * Attended transfer: `callId`'s peer is referred to the party of `consultCallId`, replacing our
   * consultation call with them (RFC 5589 §7).
   */
  attended(callId: string, consultCallId: string): void {
    const call = this.established(callId);
    const consult = this.established(consultCallId);
    const dialog = consult.session.dialog;
    if (call === consult || !dialog) throw new PhoneError({ kind: 'not-transferable' });
    // The consulted party's tags as it sees them: its local tag is our remote one (RFC 3891 §6.1).
    const referTo = attendedReferTo(consult.info.peerUri, {
      callId: dialog.callId,
      toTag: dialog.remoteTag,
      fromTag: dialog.localTag,
    });
    this.refer(call, referTo);
  }

  private established(callId: string): ManagedCall {
    const call = this.calls.get(callId);
    if (call.session.state !== SessionState.Established || call.info.purpose === 'play-on-phone')
      throw new PhoneError({ kind: 'not-transferable' });
    return call;
  }

  private refer(call: ManagedCall, referTo: string): void {
    referWithReferTo(call.session, referTo, {
      requestDelegate: {
        onReject: (response: Core.IncomingResponse) =>
          this.hooks.onError({ kind: 'transfer-refused', status: response.message.statusCode ?? 0 }),
      },
      // RFC 3515 §2.4.5: the transferee reports the referred call's progress as sipfrag NOTIFYs.
      onNotify: (notification) => {
        notification.accept().catch(() => undefined);
        const status = sipfragStatus(notification.request.body);
        if (status === undefined || status < 200) return;
        if (status < 300) {
          // RFC 5589 §6: the transfer worked; the transferor ends its own call.
          call.info = { ...call.info, ended: { kind: 'transferred' } };
          this.hooks.hangUp(call);
        } else {
          this.hooks.onError({ kind: 'transfer-refused', status });
        }
      },
    }).catch((e: unknown) => this.hooks.onError({ kind: 'transfer-failed', error: errorText(e) }));
  }

  /** The transferee's side: a REFER inside `call` (SIP.js calls this only while it is established). */
  private onRefer(call: ManagedCall, referral: Referral): void {
    const decline = (status: number, reasonPhrase: string) =>
      void referral.reject({ statusCode: status, reasonPhrase }).catch(() => undefined);
    const refers = referral.request.getHeaders('refer-to');
    if (refers.length !== 1) return decline(400, 'Bad Request (one Refer-To)');
    const decision = readReferTo(refers[0] ?? '', this.settings.aor);
    if (decision.action === 'refuse') return decline(decision.status, decision.reason);
    if (call.info.purpose === 'play-on-phone' || call.info.purpose === 'voicemail')
      return decline(403, 'Forbidden (not a person-to-person call)');
    // One reading: SIP.js will INVITE the URI it parsed, which must be the one we judged.
    let sipjsTarget: string;
    try {
      const uri = referral.referTo.uri.clone();
      uri.clearHeaders();
      sipjsTarget = uri.toString();
    } catch {
      return decline(400, 'Bad Request (Refer-To)');
    }
    if (!sipUriEquals(sipjsTarget, decision.target) || sipjsTarget.includes('?'))
      return decline(400, 'Bad Request (Refer-To read two ways)');
    if (this.calls.size >= MAX_LIVE_CALLS) return decline(486, 'Busy Here');

    void referral.accept().catch(() => undefined);
    // One active call, as placing a call does: every call goes on hold first, the transferor's
    // included (it ends once the referred call is up, RFC 5589 §6, or stays held if it does not).
    this.hooks.holdOthers(undefined);
    // Referred-By and Replaces are copied from the REFER by SIP.js; the referred call reports
    // its outcome to the transferor as sipfrag NOTIFYs (Inviter.notifyReferer).
    const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: audioOptions(this.settings) });
    const referred = this.calls.track(inviter, {
      direction: 'outgoing',
      purpose: decision.toVoicemail ? 'leave-message' : 'call',
      state: 'calling',
      peerUri: decision.peer,
      urgent: false,
      transferredBy: call.info.peerUri,
    });
    inviter
      .invite({
        requestDelegate: {
          onReject: (response: Core.IncomingResponse) => {
            const status = response.message.statusCode ?? 0;
            referred.info = {
              ...referred.info,
              endStatus: status,
              ended: { kind: 'rejected', status, reasonPhrase: response.message.reasonPhrase ?? '' },
            };
          },
        },
      })
      .catch((e: unknown) => this.calls.finish(referred, { kind: 'call-failed', error: errorText(e) }));
  }
}
