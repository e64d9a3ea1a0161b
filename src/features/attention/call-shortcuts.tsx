import { useEffect } from 'react';
import { usePhoneStoreApi } from '../../store';
import { isActiveCall, isRingingIncoming } from '../labels';
import { callShortcut } from './shortcuts';

/**
 * Alt+Shift+A answers the call that rang first, Alt+Shift+D declines it, Alt+Shift+H hangs up the
 * call in progress (the connected one, else the one being placed). They work wherever focus is,
 * even in a text field, since no text entry uses Alt+Shift. The buttons announce them through
 * aria-keyshortcuts and their title.
 */
export function CallShortcuts() {
  const store = usePhoneStoreApi();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const shortcut = callShortcut(e);
      if (!shortcut) return;
      const { calls, actions } = store.getState();
      const ringing = calls.find(isRingingIncoming);
      const live = calls.find((c) => c.state === 'connected') ?? calls.find(isActiveCall);
      switch (shortcut) {
        case 'answer':
          if (!ringing) return;
          actions.answer(ringing.id);
          break;
        case 'decline':
          if (!ringing) return;
          actions.decline(ringing.id);
          break;
        case 'send-to-voicemail':
          // the same rule as the button (MS-OCEXUM 3.2): nothing for a call that must not be diverted
          if (!ringing || ringing.purpose === 'play-on-phone' || ringing.facts?.noDiversion === true) return;
          actions.sendToVoicemail(ringing.id);
          break;
        case 'hang-up':
          if (!live) return;
          actions.hangup(live.id);
          break;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
  return null;
}
