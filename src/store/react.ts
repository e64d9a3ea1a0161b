import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PhoneActions, PhoneState, PhoneStore } from './phone-store';

/** One store per mounted phone, handed down through context (the embed needs one per element). */
export const PhoneStoreContext = createContext<PhoneStore | null>(null);

/** The store itself, for subscriptions that need the previous state (e.g. announcing changes). */
export function usePhoneStoreApi(): PhoneStore {
  const store = useContext(PhoneStoreContext);
  if (!store)
    throw new Error('PhoneStoreContext is missing: wrap the app in <PhoneStoreContext value={store}>');
  return store;
}

export function usePhone<T>(selector: (state: PhoneState) => T): T {
  return useStore(usePhoneStoreApi(), selector);
}

export function usePhoneActions(): PhoneActions {
  return useStore(usePhoneStoreApi(), (s) => s.actions);
}
