/**
 * What an element shows: React, the whole UI and its stylesheet, in a chunk of its own
 * (vite.embed.config.ts) that the element (um-phone-element.ts) loads beside the SIP chunk. The
 * element itself (its store, attributes, credentials, public API) needs none of it, so a phone
 * that signs in by itself opens its WebSocket while this chunk is still loading (issue 17).
 */
import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../app/App';
import { PhoneScreen } from '../features/phone/phone-screen';
import appCss from '../app/app.css?inline';
import type { PhoneStore } from '../store/phone-store';
import { shadowCss } from './embed-css';

let sharedSheet: CSSStyleSheet | undefined;

/**
 * One constructable stylesheet for every element on the page: no <style> element, so a strict
 * `style-src` needs no 'unsafe-inline', and the CSS is parsed once.
 */
function phoneSheet(): CSSStyleSheet {
  if (!sharedSheet) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(shadowCss(appCss));
  }
  return sharedSheet;
}

/** One element's view: its React root in `container`, inside `shadow`. */
export interface PhoneView {
  /**
   * Renders the phone; `key` changes when the sign-in form must show new attribute values (it
   * keeps its own form state). `asTransition`: React renders in slices of a few ms, so socket
   * events and the REGISTER exchange run between them (a first render while signing in).
   */
  render(store: PhoneStore, key: number, asTransition: boolean): void;
  unmount(): void;
}

export function mountPhoneView(shadow: ShadowRoot, container: HTMLElement): PhoneView {
  if (!shadow.adoptedStyleSheets.includes(phoneSheet()))
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, phoneSheet()];
  const root = createRoot(container);
  return {
    render(store, key, asTransition) {
      const draw = () => root.render(<App key={key} store={store} phoneScreen={PhoneScreen} />);
      if (asTransition) startTransition(draw);
      else draw();
    },
    unmount: () => root.unmount(),
  };
}
