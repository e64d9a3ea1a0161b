import { startTransition } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from '../app/App';
import appCss from '../app/app.css?inline';
import { createPhoneStore, type PhoneStore } from '../store';
import { afterSipClientStarted, embedPhoneClient } from './sip-client-loader';
import { createVoicemailApi } from '../um-api/voicemail-api-failover';
import { shadowCss } from './embed-css';
import { historyOnlyStorage, pageStorage } from './embed-storage';
import { configFromAttributes, CONFIG_ATTRIBUTES, type ConfigAttributes } from './element-config';
import { createPhoneCommands } from './phone-commands';
import { publicCalls, watchPhoneEvents } from './phone-events';
import type {
  UmPhoneApi,
  UmPhoneCall,
  UmPhoneCallOptions,
  UmPhoneCredentials,
  UmPhoneCredentialsProvider,
  UmPhoneElementApi,
  UmPhonePresence,
  UmPhoneRegistration,
} from './um-phone-api';

let sharedSheet: CSSStyleSheet | undefined;

/** How long at most a phone that signs in at once waits for its SIP client before it first renders. */
const FIRST_RENDER_WAIT_MS = 200;

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

/**
 * `<um-phone>`: the whole phone in a shadow root, with a store of its own. Attributes configure it
 * (see CONFIG_ATTRIBUTES); credentials come only through the `credentials` or `password` property.
 * With server, aor and credentials it signs in by itself; otherwise it shows the sign-in screen.
 */
export class UmPhoneElement extends HTMLElement implements UmPhoneElementApi {
  static readonly observedAttributes: readonly string[] = [...CONFIG_ATTRIBUTES, 'lang'];

  readonly #store: PhoneStore;
  readonly #commands: UmPhoneApi;
  readonly #container: HTMLDivElement;
  #root: Root | undefined;
  #unwatch: (() => void) | undefined;
  #credentials: UmPhoneCredentialsProvider | null = null;
  #password: string | null = null;
  /** The settings + credentials generation the phone is signed in with; a change signs in again. */
  #signedInWith: string | undefined;
  #credentialsGeneration = 0;
  #reconfigureQueued = false;
  #reconfigureSeq = 0;
  /** Bumped when the sign-in screen must show new attribute values (it keeps its own form state). */
  #formKey = 0;
  /** The first render waits for the SIP client to start connecting (#holdFirstRender). */
  #renderHeld = false;

  constructor() {
    super();
    this.#store = createPhoneStore({
      createClient: embedPhoneClient,
      createVoicemailApi: (urls, credentials) => createVoicemailApi(urls, credentials),
      // The call history survives a reload; settings are not remembered (the attributes are they).
      storage: historyOnlyStorage(pageStorage()),
    });
    this.#commands = createPhoneCommands(this.#store);
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [phoneSheet()];
    this.#container = document.createElement('div');
    this.#container.className = 'um-phone';
    this.#container.part.add('phone');
    shadow.append(this.#container);
  }

  connectedCallback(): void {
    // Properties set before this script upgraded the element sit on the instance: re-apply them.
    const own = this as unknown as Record<string, unknown>;
    for (const name of ['credentials', 'password'] as const) {
      if (Object.prototype.hasOwnProperty.call(own, name)) {
        const value = own[name];
        delete own[name];
        own[name] = value;
      }
    }
    this.#syncLang();
    if (!this.#root) {
      this.#root = createRoot(this.#container);
      this.#unwatch = watchPhoneEvents(this.#store, (e) =>
        this.dispatchEvent(new CustomEvent(e.type, { detail: e.detail, bubbles: true, composed: true })),
      );
      if (this.hasAttribute('server') && this.hasAttribute('aor')) this.#holdFirstRender();
    }
    this.#render();
    this.#queueReconfigure();
  }

  disconnectedCallback(): void {
    // Moving the element (remove + insert in one task) must not drop its calls: tear down later.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#unwatch?.();
      this.#unwatch = undefined;
      this.#store.getState().actions.signOut();
      this.#signedInWith = undefined;
      this.#root?.unmount();
      this.#root = undefined;
    });
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after) return;
    if (name === 'lang') this.#syncLang();
    else this.#queueReconfigure();
  }

  get credentials(): UmPhoneCredentialsProvider | null {
    return this.#credentials;
  }
  set credentials(provider: UmPhoneCredentialsProvider | null) {
    if (provider !== null && typeof provider !== 'function')
      throw new TypeError('credentials must be a function returning { user, password }');
    this.#credentials = provider;
    this.#credentialsGeneration++;
    this.#queueReconfigure();
  }

  /** Always null when read: the password is not something a page should read back. */
  get password(): string | null {
    return null;
  }
  set password(password: string | null) {
    if (password !== null && typeof password !== 'string') throw new TypeError('password must be a string');
    this.#password = password;
    this.#credentialsGeneration++;
    this.#queueReconfigure();
  }

  get registration(): UmPhoneRegistration {
    return this.#store.getState().registration;
  }
  get presence(): UmPhonePresence {
    return this.#store.getState().presence;
  }
  get calls(): readonly UmPhoneCall[] {
    return publicCalls(this.#store.getState().calls);
  }

  call(target: string, options?: UmPhoneCallOptions): void {
    this.#commands.call(target, options);
  }
  callVoicemail(): void {
    this.#commands.callVoicemail();
  }
  answer(callId?: string): void {
    this.#commands.answer(callId);
  }
  decline(callId?: string): void {
    this.#commands.decline(callId);
  }
  hangup(callId?: string): void {
    this.#commands.hangup(callId);
  }
  setPresence(state: UmPhonePresence): void {
    this.#commands.setPresence(state);
  }
  signOut(): void {
    this.#signedInWith = undefined;
    this.#commands.signOut();
  }

  /**
   * A phone with a server and an address signs in as soon as its credentials arrive (usually in
   * the same task as its definition): its WebSocket opens first, and React's first render (tens of
   * ms of main thread on a cold page) comes after, as a transition, which React renders in slices
   * of a few ms, so the socket's events and the REGISTER exchange run between them instead of
   * waiting for the whole render (issue 17, load → Registered). The host page sees nothing of it
   * but a phone that shows up a few ms later, at most FIRST_RENDER_WAIT_MS.
   */
  #holdFirstRender(): void {
    this.#renderHeld = true;
    void afterSipClientStarted(FIRST_RENDER_WAIT_MS).then(() => {
      this.#renderHeld = false;
      startTransition(() => this.#render());
    });
  }

  #render(): void {
    if (this.#renderHeld) return;
    this.#root?.render(<App key={this.#formKey} store={this.#store} />);
  }

  /** `lang` picks the phone's language (the host page's own is left alone); absent: the browser's. */
  #syncLang(): void {
    this.#store.getState().actions.setLanguage(this.getAttribute('lang') ?? undefined);
  }

  /** Several attributes usually change together (parsing, a framework's render): apply them once. */
  #queueReconfigure(): void {
    if (this.#reconfigureQueued) return;
    this.#reconfigureQueued = true;
    queueMicrotask(() => {
      this.#reconfigureQueued = false;
      if (this.isConnected) void this.#reconfigure();
    });
  }

  async #reconfigure(): Promise<void> {
    const seq = ++this.#reconfigureSeq;
    const attrs: ConfigAttributes = {};
    for (const name of CONFIG_ATTRIBUTES) attrs[name] = this.getAttribute(name);
    const { settings, complete, errors } = configFromAttributes(attrs);
    const { actions, registration } = this.#store.getState();
    for (const message of errors) this.#emitError(message);

    const hasCredentials = this.#credentials !== null || this.#password !== null;
    if (!hasCredentials && registration !== 'signed-out' && this.#signedInWith === undefined) {
      // Signed in by hand on the sign-in screen: keep the session; the new values fill the form next time.
      actions.updateSettings(settings);
      return;
    }
    if (!complete || !hasCredentials) {
      // Not enough to sign in: show the sign-in screen, prefilled with what the attributes say.
      if (registration !== 'signed-out') actions.signOut();
      this.#signedInWith = undefined;
      actions.updateSettings(settings);
      this.#formKey++;
      this.#render();
      return;
    }

    const generation = `${JSON.stringify(settings)}#${this.#credentialsGeneration}`;
    if (generation === this.#signedInWith && registration !== 'signed-out') return;
    let credentials: UmPhoneCredentials;
    try {
      credentials = await this.#resolveCredentials();
    } catch (e) {
      if (seq === this.#reconfigureSeq)
        this.#emitError(`Could not get credentials: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // A newer change arrived while the credentials were fetched: that one wins.
    if (seq !== this.#reconfigureSeq || !this.isConnected) return;
    const user = credentials.user?.trim();
    this.#signedInWith = generation;
    actions.signIn({ ...settings, authUser: user ? user : settings.authUser }, credentials.password);
  }

  async #resolveCredentials(): Promise<UmPhoneCredentials> {
    const value = this.#credentials ? await this.#credentials() : { password: this.#password ?? '' };
    if (typeof value !== 'object' || value === null || typeof value.password !== 'string')
      throw new TypeError('credentials() must return { user?, password }');
    if (value.user !== undefined && typeof value.user !== 'string')
      throw new TypeError('credentials().user must be a string');
    return value;
  }

  #emitError(message: string): void {
    this.dispatchEvent(new CustomEvent('error', { detail: { message }, bubbles: true, composed: true }));
  }
}
