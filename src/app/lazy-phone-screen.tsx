import { useEffect, useState, type ComponentType } from 'react';

type Screen = ComponentType;

let loaded: Screen | undefined;
let loading: Promise<Screen> | undefined;

/**
 * Fetches the signed-in phone (dialer, calls, voicemail, history: most of the UI) in a chunk of its
 * own, so the sign-in form does not wait for it to be parsed (issue 17); main.tsx calls this in
 * idle time while the form is up. A failure is forgotten, so the next call tries again.
 */
export function preloadPhoneScreen(): Promise<Screen> {
  loading ??= import('../features/phone/phone-screen').then(
    (m) => (loaded = m.PhoneScreen),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * The signed-in phone once its chunk is in: at once when it was fetched while the form was up
 * (the usual case: no extra render, no fallback), else as soon as it arrives (nothing meanwhile;
 * the header already says where the sign-in is).
 */
export function LazyPhoneScreen() {
  const [Screen, setScreen] = useState<Screen | undefined>(() => loaded);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (Screen) return;
    let live = true;
    preloadPhoneScreen().then(
      (s) => live && setScreen(() => s),
      // Offline when it was needed: try again once the browser is back online.
      () => {
        const retry = () => live && setAttempt((n) => n + 1);
        window.addEventListener('online', retry, { once: true });
      },
    );
    return () => {
      live = false;
    };
  }, [Screen, attempt]);
  return Screen ? <Screen /> : null;
}
