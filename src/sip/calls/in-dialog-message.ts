/**
 * A MESSAGE inside a call (RFC 3428). The phone shows no instant messages, so it is refused with
 * 405 and the methods the phone takes (RFC 3261 §8.2.1), as one from outside a call is
 * (protocol/incoming-call-decision), instead of SIP.js's default: accepted with a 200 and dropped,
 * so that its sender believes it was read.
 */
import { PHONE_ALLOW_HEADER } from '../../protocol';
import type { ManagedCall } from './call-registry';

export function refuseInDialogMessages(call: ManagedCall): void {
  call.session.delegate = {
    ...call.session.delegate,
    onMessage: (message) => {
      void message.reject({ statusCode: 405, extraHeaders: [PHONE_ALLOW_HEADER] }).catch(() => undefined);
    },
  };
}
