import type { PhoneClientDelegate } from '../sip/phone-client-delegate';
import type { PhoneClientFactory } from '../sip/phone-client-like';

/** Runs `task` when the main thread is idle (within `timeout` ms at the latest). */
export function whenIdle(task: () => void, timeout = 5000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout });
  else setTimeout(task, Math.min(timeout, 500));
}

/**
 * Wraps a client factory so that, the first time a client it made is registered, `warmUp(aor)`
 * runs in idle time: work the first incoming call would otherwise do inside its ring path (issue
 * 17: a page that had never rung had a long task when its first calls came in). Once per factory:
 * what it compiles stays compiled for every later client on the page.
 */
export function warmUpAfterRegistration(
  factory: PhoneClientFactory,
  warmUp: (aor: string) => void,
  idle: (task: () => void) => void = whenIdle,
): PhoneClientFactory {
  let scheduled = false;
  return (init) => {
    const onRegistrationChange: PhoneClientDelegate['onRegistrationChange'] = (state, ...rest) => {
      init.delegate.onRegistrationChange?.(state, ...rest);
      if (state !== 'registered' || scheduled) return;
      scheduled = true;
      idle(() => {
        try {
          warmUp(init.settings.aor);
        } catch {
          // Only a warm-up: the real call path reports its own errors.
        }
      });
    };
    // Every other member of the store's delegate as it is (a Proxy: nothing to keep in step).
    const delegate = new Proxy(init.delegate, {
      get: (target, key) =>
        key === 'onRegistrationChange' ? onRegistrationChange : Reflect.get(target, key, target),
    });
    return factory({ ...init, delegate });
  };
}
