import type { CallInfo } from '../../sip/call-state';
import { peerDisplay } from '../labels';

function who(call: CallInfo): string {
  return peerDisplay(call).name;
}

/**
 * What the polite live region says when the calls change: new ringing calls, connects, holds and
 * ends. Worded differently from the visible labels ("Call ended: …") so a text lookup on the page
 * finds one element, not the announcement too.
 */
export function describeCallChanges(
  prev: readonly CallInfo[],
  next: readonly CallInfo[],
  lastEnded: CallInfo | undefined,
): string[] {
  const before = new Map(prev.map((c) => [c.id, c]));
  const messages: string[] = [];
  for (const call of next) {
    const old = before.get(call.id);
    if (old?.state === call.state) continue;
    switch (call.state) {
      case 'ringing':
        if (call.purpose === 'play-on-phone') messages.push('Voice message playback is ringing');
        else messages.push(`${call.urgent ? 'Urgent call: ' : ''}${who(call)} is calling`);
        break;
      case 'calling':
        messages.push(`Calling ${who(call)}`);
        break;
      case 'connected':
        messages.push(old?.state === 'held' ? `Call with ${who(call)} resumed` : `Connected to ${who(call)}`);
        break;
      case 'held':
        messages.push(`Call with ${who(call)} is on hold`);
        break;
      case 'ended':
        break;
    }
  }
  const stillLive = new Set(next.map((c) => c.id));
  for (const call of prev) {
    if (stillLive.has(call.id)) continue;
    const ended = lastEnded?.id === call.id ? lastEnded : undefined;
    const reason = ended?.endReason?.trim();
    messages.push(`Call with ${who(call)} is over${reason ? ` (${reason})` : ''}`);
  }
  return messages;
}
