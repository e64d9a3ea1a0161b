import type { CallInfo } from '../../store';
import { en, type Catalogue } from '../../i18n';
import { endReasonText, peerDisplay } from '../labels';
import { leftVoiceMessage, shortName } from './call-labels';

/**
 * What the polite live region says when the calls change: new ringing calls, connects (a
 * voicemail answering says so), holds on either side and ends. Worded differently from the visible labels ("Call ended: …") so a text lookup on the page
 * finds one element, not the announcement too.
 */
export function describeCallChanges(
  prev: readonly CallInfo[],
  next: readonly CallInfo[],
  lastEnded: CallInfo | undefined,
  t: Catalogue = en,
): string[] {
  const who = (call: CallInfo) => peerDisplay(call, t).name;
  const before = new Map(prev.map((c) => [c.id, c]));
  const messages: string[] = [];
  for (const call of next) {
    const old = before.get(call.id);
    // The held party is told (RFC 3264 §8.4): the far end put us on hold, or took us off it.
    if (old && (old.remoteHeld ?? false) !== (call.remoteHeld ?? false))
      messages.push((call.remoteHeld ? t.announce.heldBy : t.announce.heldByOver)(shortName(call, t)));
    if (old?.state === call.state) continue;
    switch (call.state) {
      case 'ringing':
        if (call.purpose === 'play-on-phone') messages.push(t.announce.playbackRinging);
        else messages.push((call.urgent ? t.announce.urgentIsCalling : t.announce.isCalling)(who(call)));
        break;
      case 'calling':
        messages.push(t.announce.calling(who(call)));
        break;
      case 'connected':
        if (leftVoiceMessage(call) && old?.state === 'calling')
          messages.push(t.announce.voicemailAnswered(shortName(call, t)));
        else messages.push((old?.state === 'held' ? t.announce.resumed : t.announce.connected)(who(call)));
        break;
      case 'held':
        messages.push(t.announce.onHold(who(call)));
        break;
      case 'ended':
        break;
    }
  }
  const stillLive = new Set(next.map((c) => c.id));
  for (const call of prev) {
    if (stillLive.has(call.id)) continue;
    const ended = lastEnded?.id === call.id ? lastEnded : undefined;
    const reason = ended ? endReasonText(ended, t) : undefined;
    messages.push(reason ? t.announce.overWith(who(call), reason) : t.announce.over(who(call)));
  }
  return messages;
}
