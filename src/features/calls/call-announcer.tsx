import { useT } from '../../i18n';
import { useEffect, useState } from 'react';
import { usePhoneStoreApi } from '../../store';
import { LiveRegion } from '../../ui/live-region';
import { describeCallChanges } from './announce';

/** Speaks call changes through a polite live region (registration has its own role="status"). */
export function CallAnnouncer() {
  const store = usePhoneStoreApi();
  const [message, setMessage] = useState('');
  const t = useT();
  useEffect(() => {
    return store.subscribe((state, prev) => {
      if (state.calls === prev.calls) return;
      const messages = describeCallChanges(prev.calls, state.calls, state.lastEnded, t);
      if (messages.length > 0) setMessage(messages.join('. '));
    });
  }, [store, t]);
  return <LiveRegion message={message} testId="call-announcer" />;
}
