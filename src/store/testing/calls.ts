/**
 * Test support: the one CallInfo builder of the history, call-label and name tests (each file had
 * its own literal). The defaults are an ordinary call to bob that ended; a test says what differs.
 */
import type { CallInfo } from '../../sip/call-state';

export const BOB = 'sip:bob@umphone.test';

export function callInfo(over: Partial<CallInfo> = {}): CallInfo {
  return {
    id: 'c1',
    direction: 'outgoing',
    purpose: 'call',
    state: 'ended',
    peerUri: BOB,
    urgent: false,
    muted: false,
    held: false,
    startedAt: 1_000,
    ...over,
  };
}
