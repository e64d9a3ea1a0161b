/**
 * The held party is told: when the far end's re-INVITE offers `sendonly` or `inactive` audio
 * (RFC 3264 §8.4, read by src/protocol/sdp-hold), the call is marked `remoteHeld`; an offer
 * with audio flowing our way again clears it. An offerless re-INVITE puts the far end's answer in
 * its ACK, which is read the same way. A re-INVITE we refused (SIP.js answered 488) changes
 * nothing, and neither does an offer that cannot be read one way.
 */
import type { Core } from 'sip.js';
import { remoteHoldFromOffer } from '../../protocol';
import type { ManagedCall } from './call-registry';

export interface RemoteHoldHooks {
  /** The far end put the call on hold (`true`) or took it off hold. */
  changed(call: ManagedCall, remoteHeld: boolean): void;
  /** The far end's re-INVITE is over (ACKed): a re-INVITE of ours may go now. */
  settled(call: ManagedCall): void;
}

/** Reads the far end's re-INVITEs on `call` (keeping any delegate another part installed). */
export function watchRemoteHold(call: ManagedCall, hooks: RemoteHoldHooks): void {
  const session = call.session;
  const previous = session.delegate;
  const read = (body: string | undefined) => {
    const state = remoteHoldFromOffer(body);
    if (state === undefined) return;
    const remoteHeld = state === 'held';
    if (remoteHeld !== (call.info.remoteHeld ?? false)) hooks.changed(call, remoteHeld);
  };
  session.delegate = {
    ...previous,
    onInvite: (request: Core.IncomingRequestMessage, response: string, statusCode: number) => {
      previous?.onInvite?.(request, response, statusCode);
      if (statusCode >= 200 && statusCode < 300 && request.body) read(request.body);
    },
    onAck: (ack) => {
      previous?.onAck?.(ack);
      const body = ack.request.body;
      if (body) read(body);
      hooks.settled(call);
    },
  };
}
