/**
 * Placing calls: ordinary calls and deposits with Subject/Priority (MS-OCEXUM 2.2.3, 2.2.4), and
 * subscriber access to the user's own mailbox with skip-pin only over a trusted transport
 * (MS-OCEXUM 2.2.1, 3.1, 4.1).
 */
import { Inviter, UserAgent, type Core } from 'sip.js';
import { isTrustedTransport, outgoingCallHeaders, resolveDialTarget, voicemailUri } from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import type { CallInfo } from '../call-state';
import type { OutgoingCallOptions } from '../phone-client-like';
import { errorText } from '../connection/connector';
import type { CallRegistry } from './call-registry';
import { describeFailure } from './describe-failure';
import { audioOptions, type InCallControls } from './in-call-controls';

export interface OutgoingCallsHooks {
  /** The live connection's UserAgent; throws when there is none. */
  userAgent(): UserAgent;
  registered(): boolean;
}

export class OutgoingCalls {
  constructor(
    private readonly settings: PhoneSettings,
    private readonly calls: CallRegistry,
    private readonly controls: InCallControls,
    private readonly hooks: OutgoingCallsHooks,
  ) {}

  call(target: string, options: OutgoingCallOptions): string {
    const peer = resolveDialTarget(target, this.settings.aor);
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
    // MS-OCEXUM 2.2.1: skip-pin only over a trusted transport, whatever the setting says.
    const skipPin = this.settings.skipPin && isTrustedTransport(this.settings.serverUrl);
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
    if (!this.hooks.registered()) throw new Error('Not registered: the call cannot be placed.');
    const target = UserAgent.makeURI(uri);
    if (!target) throw new Error(`“${uri}” is not a valid SIP address.`);
    // Call waiting: a new call puts the current one on hold.
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
    inviter
      .invite({
        requestDelegate: {
          onReject: (response: Core.IncomingResponse) => {
            const status = response.message.statusCode ?? 0;
            call.info = {
              ...call.info,
              endStatus: status,
              endReason: describeFailure(status, response.message.reasonPhrase ?? ''),
            };
          },
        },
      })
      .catch((e: unknown) => this.calls.finish(call, `Call failed: ${errorText(e)}`));
    return call.info.id;
  }
}
