import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

export interface SignIn {
  serverUrl: string;
  aor: string;
  password: string;
  displayName?: string;
  /** The voicemail web API (Advanced settings). */
  voicemailApiUrl?: string;
  /** Contacts whose presence is shown (Advanced settings), one per entry. */
  contacts?: string[];
}

/**
 * A person using UM Phone in their own browser context. Locators go by role and label,
 * the way the person finds things on screen.
 */
export class PhonePage {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('dialog', (d) => {
      this.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  static async open(browser: Browser): Promise<PhonePage> {
    const context = await browser.newContext({ permissions: ['microphone'], ignoreHTTPSErrors: true });
    // Keep every RTCPeerConnection the app creates, so audio can be checked through getStats.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const all: RTCPeerConnection[] = [];
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = all;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          all.push(this);
        }
      } as typeof RTCPeerConnection;
    });
    const page = await context.newPage();
    await page.goto('/');
    return new PhonePage(context, page);
  }

  async signIn(who: SignIn): Promise<void> {
    const p = this.page;
    await p.getByLabel('Server URL').fill(who.serverUrl);
    await p.getByLabel('SIP address', { exact: true }).fill(who.aor);
    await p.getByLabel('Auth user').fill('');
    await p.getByLabel('Password', { exact: true }).fill(who.password);
    await p.getByLabel('Display name').fill(who.displayName ?? '');
    if (who.voicemailApiUrl !== undefined) {
      const api = p.getByLabel('Voicemail web API');
      if (!(await api.isVisible())) await p.getByText('Advanced', { exact: true }).click();
      await api.fill(who.voicemailApiUrl);
    }
    if (who.contacts !== undefined) {
      const contacts = p.getByLabel('Contacts', { exact: true });
      if (!(await contacts.isVisible())) await p.getByText('Advanced', { exact: true }).click();
      await contacts.fill(who.contacts.join('\n'));
    }
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  registration(): Locator {
    return this.page.getByTestId('registration-status');
  }

  async expectRegistered(): Promise<void> {
    await expect(this.registration()).toHaveText('Registered', { timeout: 15_000 });
  }

  async setPresence(label: string): Promise<void> {
    await this.page.getByLabel('Presence').selectOption({ label });
  }

  async dial(target: string, opts: { subject?: string; priority?: 'Normal' | 'Urgent' } = {}): Promise<void> {
    await this.fillDialer(target, opts);
    await this.page.getByRole('button', { name: 'Call', exact: true }).click();
  }

  async leaveMessage(target: string, opts: { subject?: string; priority?: 'Normal' | 'Urgent' } = {}) {
    await this.fillDialer(target, opts);
    await this.page.getByRole('button', { name: 'Leave a voice message' }).click();
  }

  private async fillDialer(target: string, opts: { subject?: string; priority?: 'Normal' | 'Urgent' }) {
    const p = this.page;
    await p.getByLabel('Number or SIP address').fill(target);
    await p.getByLabel('Subject').fill(opts.subject ?? '');
    await p.getByLabel('Priority').selectOption({ label: opts.priority ?? 'Normal' });
  }

  /** A contact's entry in the contacts strip, by the address as signed in with. */
  contact(aor: string): Locator {
    return this.page.getByTestId('contact').and(this.page.locator(`[data-contact="${aor}"]`));
  }

  incoming(): Locator {
    return this.page.getByTestId('incoming-call');
  }

  active(): Locator {
    return this.page.getByTestId('active-call');
  }

  ended(): Locator {
    return this.page.getByTestId('call-ended');
  }

  /** Waits until the page has both sent and received a good amount of RTP audio. */
  async expectAudioBothWays(): Promise<void> {
    await expect
      .poll(
        async () => {
          const s = await this.audioStats();
          return Math.min(s.bytesSent, s.bytesReceived);
        },
        { timeout: 15_000, message: 'RTP audio should flow both ways' },
      )
      .toBeGreaterThan(2000);
  }

  /** Audio counters summed over every peer connection of the page (RTCPeerConnection stats). */
  async audioStats(): Promise<{ bytesSent: number; bytesReceived: number; packetsReceived: number }> {
    return this.page.evaluate(async () => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      let bytesSent = 0;
      let bytesReceived = 0;
      let packetsReceived = 0;
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        const stats = await pc.getStats();
        stats.forEach(
          (s: {
            type: string;
            kind?: string;
            bytesSent?: number;
            bytesReceived?: number;
            packetsReceived?: number;
          }) => {
            if (s.kind !== 'audio') return;
            if (s.type === 'outbound-rtp') bytesSent += s.bytesSent ?? 0;
            if (s.type === 'inbound-rtp') {
              bytesReceived += s.bytesReceived ?? 0;
              packetsReceived += s.packetsReceived ?? 0;
            }
          },
        );
      }
      return { bytesSent, bytesReceived, packetsReceived };
    });
  }

  /**
   * Waits until the page has received more than `floor` audio energy from now on: it hears `what`.
   * Fails after `timeoutMs` of (near) silence.
   */
  async expectToHear(what: string, floor = 0.001, timeoutMs = 8_000): Promise<void> {
    const before = (await this.inboundEnergy()).energy;
    await expect
      .poll(async () => (await this.inboundEnergy()).energy - before, {
        timeout: timeoutMs,
        message: `hears ${what}`,
      })
      .toBeGreaterThan(floor);
  }

  /** The codecs (mime types) of the audio the page is receiving, from its inbound-rtp stats. */
  async inboundCodecs(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      const found: string[] = [];
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        const stats = await pc.getStats();
        stats.forEach((s: { type: string; kind?: string; codecId?: string }) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio' || !s.codecId) return;
          const codec = stats.get(s.codecId) as { mimeType?: string } | undefined;
          if (codec?.mimeType) found.push(codec.mimeType);
        });
      }
      return found;
    });
  }

  /** Audio energy received over the next `ms` (a window of listening, not a wait for an event). */
  async inboundEnergyOver(ms: number): Promise<number> {
    const before = await this.inboundEnergy();
    await this.page.waitForTimeout(ms);
    return (await this.inboundEnergy()).energy - before.energy;
  }

  /**
   * Received audio energy (RTCInboundRtpStreamStats.totalAudioEnergy) and its duration, summed over
   * the page's open peer connections: what a person would hear, measured.
   */
  async inboundEnergy(): Promise<{ energy: number; seconds: number }> {
    return this.page.evaluate(async () => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      let energy = 0;
      let seconds = 0;
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach(
          (s: { type: string; kind?: string; totalAudioEnergy?: number; totalSamplesDuration?: number }) => {
            if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
            energy += s.totalAudioEnergy ?? 0;
            seconds += s.totalSamplesDuration ?? 0;
          },
        );
      }
      return { energy, seconds };
    });
  }

  /** Presses keys on the in-call DTMF keypad, opening it first. */
  async pressKeypad(keys: string): Promise<void> {
    const pad = this.page.getByRole('group', { name: 'DTMF keypad' });
    if (!(await pad.isVisible())) await this.active().getByRole('button', { name: 'Keypad' }).click();
    for (const key of keys) {
      await pad.getByRole('button', { name: key, exact: true }).click();
      // RFC 4733 events are sent one after another; give each its duration on the wire.
      await this.page.waitForTimeout(250);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
