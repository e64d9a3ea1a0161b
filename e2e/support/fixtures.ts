import { test as base } from '@playwright/test';
import { labUsers, type LabUser } from '../../lab/lab';
import { E2E_LAB, E2E_UM_HTTP_URL, E2E_WS_URL } from './e2e-config';
import { PhonePage } from './phone-page';
import { startUmPeer, type UmPeer } from './um-peer';

export interface PhoneOptions {
  serverUrl?: string;
  voicemailApiUrl?: string;
  /** Contacts whose presence the phone watches (sign-in, Advanced). */
  contacts?: string[];
}

interface Fixtures {
  /** The lab's users (alice, bob, …) with their credentials. */
  users: Record<string, LabUser>;
  /** Opens UM Phone in a fresh browser context, signs `user` in and waits for Registered. */
  phoneFor: (user: string, options?: PhoneOptions) => Promise<PhonePage>;
  /** A SIP-over-TLS stand-in for the voicemail server at the lab's trusted UM address. */
  umPeer: UmPeer;
}

export const test = base.extend<Fixtures>({
  users: async ({}, use) => {
    const all = labUsers(undefined, E2E_LAB.domain);
    await use(Object.fromEntries(all.map((u) => [u.name, u])));
  },
  phoneFor: async ({ browser, users }, use) => {
    const opened: PhonePage[] = [];
    await use(async (name, options = {}) => {
      const user = users[name];
      if (!user) throw new Error(`no lab user ${name}`);
      const phone = await PhonePage.open(browser);
      opened.push(phone);
      await phone.signIn({
        serverUrl: options.serverUrl ?? E2E_WS_URL,
        voicemailApiUrl: options.voicemailApiUrl ?? E2E_UM_HTTP_URL,
        aor: user.aor,
        password: user.password,
        displayName: user.displayName,
        contacts: options.contacts,
      });
      await phone.expectRegistered();
      return phone;
    });
    for (const phone of opened) await phone.close();
  },
  umPeer: async ({}, use) => {
    const cert = process.env.UM_E2E_CERT;
    const key = process.env.UM_E2E_KEY;
    if (!cert || !key) throw new Error('the lab certificate is missing: globalSetup did not run');
    const peer = await startUmPeer({
      host: E2E_LAB.umAddr,
      port: E2E_LAB.umPort,
      proxy: { host: '127.0.0.1', port: E2E_LAB.peerTlsPort },
      domain: E2E_LAB.domain,
      cert,
      key,
    });
    await use(peer);
    await peer.close();
  },
});

export { expect } from '@playwright/test';
