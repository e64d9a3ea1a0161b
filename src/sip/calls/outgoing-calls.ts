/**
 * Placing calls: ordinary calls and deposits with Subject/Priority (MS-OCEXUM 2.2.3, 2.2.4), and
 * subscriber access to the user's own mailbox with skip-pin only over a trusted transport
 * (MS-OCEXUM 2.2.1, 3.1, 4.1).
 */
import { Inviter, UserAgent, type Core } from 'sip.js';
import {
  DialTargetError,
  isTrustedTransport,
  outgoingCallHeaders,
  resolveDialTarget,
  voicemailUri,
} from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import type { CallInfo } from '../call-state';
import type { OutgoingCallOptions } from '../phone-client-like';
import { PhoneError, errorText, type PhoneProblem } from '../reasons';
import type { CallRegistry, ManagedCall } from './call-registry';
import { audioOptions, type InCallControls } from './in-call-controls';

export interface OutgoingCallsHooks {
  /** The live connection's UserAgent; throws when there is none. */
  userAgent(): UserAgent;
  registered(): boolean;
  /** The server of the live connection (one of the list): skip-pin is judged per server in use. */
  server?(): string;
  /** A call was placed: its INVITE's Call-ID and CSeq, to read who answers it (answerer-watch.ts). */
  placed?(call: ManagedCall, callId: string, cseq: number): void;
}

export class OutgoingCalls {
  constructor(
    private readonly settings: PhoneSettings,
    private readonly calls: CallRegistry,
    private readonly controls: InCallControls,
    private readonly hooks: OutgoingCallsHooks,
  ) {}

  call(target: string, options: OutgoingCallOptions): string {
    const peer = dialTarget(target, this.settings.aor);
    const uri =
      options.purpose === 'leave-message'
        ? voicemailUri(peer) // MS-OCEXUM 2.2.3: deposit goes to the callee's voicemail URI
        : peer;
    const headers = outgoingCallHeaders({ subject: options.subject, priority: options.priority });
    return this.invite(uri, headers, {
      purpose: options.purpose,
      peerUri: peer,
      subject: options.subject?.trim() || undefined,
      priority: options.priority,
      urgent: options.priority === 'urgent' || options.priority === 'emergency',
    });
  }

  callVoicemail(): string {
    // MS-OCEXUM 2.2.1: skip-pin only over a trusted transport, whatever the setting says: the
    // transport this INVITE goes over, i.e. the server in use now (one of several, maybe).
    const server = this.hooks.server?.() ?? this.settings.serverUrl;
    const skipPin = this.settings.skipPin && isTrustedTransport(server);
    const mailbox = voicemailUri(this.settings.aor); // MS-OCEXUM 3.1 / 4.1: own AOR with opaque=app:voicemail
    return this.invite(mailbox, outgoingCallHeaders({ skipPin }), {
      purpose: 'voicemail',
      peerUri: mailbox,
      peerName: 'Voicemail',
      urgent: false,
      skipPin,
    });
  }

  private invite(
    uri: string,
    extraHeaders: string[],
    info: Pick<CallInfo, 'purpose' | 'peerUri' | 'subject' | 'priority' | 'urgent'> &
      Partial<Pick<CallInfo, 'peerName' | 'skipPin'>>,
  ): string {
    const ua = this.hooks.userAgent();
    if (!this.hooks.registered()) throw new PhoneError({ kind: 'not-registered' });
    const target = UserAgent.makeURI(uri);
    if (!target) throw new PhoneError({ kind: 'invalid-target', input: uri });
    // One active call: the current one (even one still ringing out) goes on hold first.
    this.controls.holdOthers(undefined);
    const inviter = new Inviter(ua, target, {
      extraHeaders,
      sessionDescriptionHandlerOptions: audioOptions(this.settings),
    });
    const call = this.calls.track(inviter, {
      ...info,
      direction: 'outgoing',
      state: 'calling',
    });
    this.hooks.placed?.(call, inviter.request.callId, inviter.request.cseq);
    inviter
      .invite({
        requestDelegate: {
          onReject: (response: Core.IncomingResponse) => {
            const status = response.message.statusCode ?? 0;
            call.info = {
              ...call.info,
              endStatus: status,
              ended: { kind: 'rejected', status, reasonPhrase: response.message.reasonPhrase ?? '' },
            };
          },
        },
      })
      .catch((e: unknown) => this.calls.finish(call, { kind: 'call-failed', error: errorText(e) }));
    return call.info.id;
  }
}

/** What the user typed as a SIP URI, or a PhoneError saying what is wrong with it. */
export function dialTarget(input: string, aor: string): string {
  try {
    return resolveDialTarget(input, aor);
  } catch (e) {
    if (!(e instanceof DialTargetError)) throw e;
    const problem: PhoneProblem =
      e.problem === 'empty'
        ? { kind: 'no-dial-target' }
        : e.problem === 'no-digits'
          ? { kind: 'no-digits' }
          : { kind: 'invalid-target', input: e.input };
    throw new PhoneError(problem);
  }
}
