import { useEffect, useEffectEvent, useRef } from 'react';
import { useT } from '../../i18n';
import { usePhoneStoreApi, type PhoneState } from '../../store';
import { isRingingIncoming } from '../labels';
import { callNotification, showNotification } from './notifications';

function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/**
 * While the tab is hidden, each ringing call gets a desktop notification; it closes when the call
 * stops ringing or the tab is shown. A click brings the tab forward with Answer focused.
 */
export function CallNotifier() {
  const store = usePhoneStoreApi();
  const t = useT();
  const anchor = useRef<HTMLSpanElement>(null);

  const focusAnswer = useEffectEvent(() => {
    window.focus();
    // The phone may live in a shadow root (embedded): look for Answer from where we are rendered.
    const root = anchor.current?.getRootNode() as ParentNode | undefined;
    root?.querySelector<HTMLButtonElement>('[data-answer-call]')?.focus();
  });

  const catalogue = useEffectEvent(() => t);

  useEffect(() => {
    const open = new Map<string, () => void>();
    const sync = (state: PhoneState) => {
      const ringing = pageHidden() ? state.calls.filter(isRingingIncoming) : [];
      const ids = new Set(ringing.map((c) => c.id));
      for (const [id, close] of open) {
        if (ids.has(id)) continue;
        close();
        open.delete(id);
      }
      for (const call of ringing) {
        if (open.has(call.id)) continue;
        const close = showNotification(callNotification(call, catalogue()), focusAnswer);
        if (close) open.set(call.id, close);
      }
    };
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.calls !== prev.calls) sync(state);
    });
    const onVisibility = () => sync(store.getState());
    document.addEventListener('visibilitychange', onVisibility);
    sync(store.getState());
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisibility);
      for (const close of open.values()) close();
    };
  }, [store]);

  return <span ref={anchor} hidden />;
}
