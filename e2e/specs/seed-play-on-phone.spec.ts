import { readFileSync } from 'node:fs';
import { test, expect } from '../support/fixtures';
import { E2E_LAB } from '../support/e2e-config';
import { FakeProxy, VALID_SDP } from '../support/fake-proxy';
import {
  RawTlsSipConnection,
  SipMessage,
  buildMessage,
  headerUri,
  newBranch,
  splitHeaderList,
} from '../support/sip-message';
import { SEED_FILES, seedMessage } from '../fixtures/seeds/seed-message';
import { MediaSession } from '../../lab/um/media/session';
import { FRAME_BYTES } from '../../lab/um/media/audio';

/**
 * The specification's own Play-On-Phone INVITEs (e2e/fixtures/seeds, each with the list of bytes
 * changed to reach the lab), sent as they are from the voicemail server's address and certificate
 * over TLS through the real Kamailio to bob in Appear Offline: they ring, labelled, and answering
 * connects real audio both ways. And a forged one that two readers would read differently never
 * rings and gets a 400 saying why (issue 11).
 */

const BOB = 'sip:bob@umphone.test';

async function openUm(): Promise<RawTlsSipConnection> {
  const cert = process.env.UM_E2E_CERT;
  const key = process.env.UM_E2E_KEY;
  const ca = process.env.UM_E2E_CA;
  if (!cert || !key || !ca) throw new Error('the lab certificates are missing: globalSetup did not run');
  return RawTlsSipConnection.open({
    host: '127.0.0.1',
    port: E2E_LAB.peerTlsPort,
    localAddress: E2E_LAB.umAddr,
    cert,
    key,
    ca,
    servername: `proxy.${E2E_LAB.domain}`,
  });
}

function seedFile(name: string): string {
  return readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), 'utf8');
}

/** An in-dialog request from the UM side of the call the seed INVITE set up (RFC 3261 §12.2.1.1). */
function inDialog(method: 'ACK' | 'BYE', invite: SipMessage, ok: SipMessage, cseq: number): string {
  const routes = splitHeaderList(ok.getHeaders('record-route')).reverse();
  return buildMessage(`${method} ${headerUri(ok.getHeader('contact') ?? '')} SIP/2.0`, [
    `Via: SIP/2.0/TLS ${E2E_LAB.umAddr}:${E2E_LAB.umPort};rport;branch=${newBranch()}`,
    'Max-Forwards: 70',
    ...routes.map((route) => `Route: ${route}`),
    `From: ${invite.getHeader('from') ?? ''}`,
    `To: ${ok.getHeader('to') ?? ''}`,
    `Call-ID: ${invite.callId}`,
    `CSeq: ${cseq} ${method}`,
  ]);
}

interface SeedCase {
  file: string;
  title: string;
  subject?: string;
  urgent: boolean;
  noDiversion: boolean;
}

const SEEDS: SeedCase[] = [
  {
    file: SEED_FILES.ocexum2013PlayOnPhone,
    title: 'MS-OCEXUM 4.2 (Contact <sip: host...>;automata)',
    urgent: false,
    noDiversion: true,
  },
  {
    file: SEED_FILES.ocexum2010Automata,
    title: 'MS-OCEXUM 2010 ed. 2.2.5 (Contact <sip:user@host >;automata)',
    urgent: false,
    noDiversion: false,
  },
  {
    file: SEED_FILES.ocexum2010SubjectPriority,
    title: 'MS-OCEXUM 2010 ed. 4.3 (Subject, Priority: Urgent)',
    subject: 'About the new sales project',
    urgent: true,
    noDiversion: false,
  },
];

test.describe('the spec seeds ring through Appear Offline', () => {
  for (const seed of SEEDS) {
    test(`${seed.title}: bob's phone rings as a voice message playback, and answering connects audio both ways`, async ({
      phoneFor,
    }) => {
      const bob = await phoneFor('bob');
      await bob.setPresence('Appear Offline');
      const um = await openUm();
      const { session: media, sdp } = await MediaSession.offer({
        iceAdditionalHostAddresses: ['127.0.0.1'],
        log: () => undefined,
      });
      try {
        const text = seedMessage(seedFile(seed.file), { branch: newBranch(), sdp });
        const invite = new SipMessage(text);
        um.send(text);

        // It rings (180), labelled, with the seed's Subject and urgency.
        await um.response(invite.callId, 'INVITE', 180);
        const ringing = bob.incoming();
        await expect(ringing).toHaveAttribute('data-play-on-phone', 'true');
        await expect(ringing.getByTestId('call-purpose')).toHaveText('Voice message playback');
        if (seed.subject) await expect(ringing.getByTestId('call-subject')).toHaveText(seed.subject);
        else await expect(ringing.getByTestId('call-subject')).toHaveCount(0);
        await expect(ringing.getByTestId('urgent-badge')).toHaveCount(seed.urgent ? 1 : 0);
        if (seed.urgent) await expect(ringing.getByTestId('urgent-badge')).toHaveText('Urgent');
        await expect(ringing.getByTestId('no-diversion')).toHaveCount(seed.noDiversion ? 1 : 0);

        // bob answers: 200 with his SDP answer, the UM ACKs, and real audio flows both ways.
        await ringing.getByRole('button', { name: 'Answer' }).click();
        const ok = await um.response(invite.callId, 'INVITE', 200);
        um.send(inDialog('ACK', invite, ok, invite.cseq.seq));
        await media.acceptAnswer(ok.body);
        let packetsFromBob = 0;
        media.onAudio(() => packetsFromBob++);
        await media.connected;
        // The voicemail server's playback: a loud square wave in mu-law (0x10 / 0x90 are +/- large).
        let frames = 0;
        media.start(() => Buffer.alloc(FRAME_BYTES, frames++ % 2 === 0 ? 0x10 : 0x90));
        await expect(bob.active()).toHaveAttribute('data-state', 'connected');
        await bob.expectAudioBothWays();
        await expect.poll(() => packetsFromBob, { message: 'the UM should hear bob' }).toBeGreaterThan(50);

        // The UM hangs up when the message is over.
        um.send(inDialog('BYE', invite, ok, invite.cseq.seq + 1));
        expect((await um.response(invite.callId, 'BYE', 'final')).status).toBe(200);
        await expect(bob.active()).toHaveCount(0);
        expect(bob.pageErrors).toEqual([]);
      } finally {
        await media.close();
        um.close();
      }
    });
  }
});

test.describe('a message two readers would read differently never rings', () => {
  // Delivered straight to bob's WebSocket by a stand-in proxy: the lab's Kamailio drops this bare-LF
  // INVITE from the UM without a response (measured), so through it the phone would never see it.
  test('bare LF hides a second To: bob in Appear Offline answers 400 with the reason and never rings', async ({
    phoneFor,
  }) => {
    const proxy = await FakeProxy.start();
    try {
      const bob = await phoneFor('bob', { serverUrl: proxy.url });
      await bob.setPresence('Appear Offline');
      const debugLines: string[] = [];
      bob.page.on('console', (message) => {
        if (message.type() === 'debug') debugLines.push(message.text());
      });

      /** A Play-On-Phone INVITE from the UM (From = To = bob, ;automata) with the given To line(s). */
      const playOnPhone = (toLines: string) => {
        const { headers, callId } = proxy.requestHeaders('INVITE', { from: `<${BOB}>` });
        const raw = buildMessage(
          `INVITE ${proxy.contact} SIP/2.0`,
          [
            ...headers.filter((h) => !h.startsWith('To:')),
            toLines,
            `Contact: <sip:um@${E2E_LAB.umAddr}:${E2E_LAB.umPort};transport=tls>;automata`,
            'Subject: Your voicemail, honestly',
            'Content-Type: application/sdp',
          ],
          VALID_SDP,
        );
        return { raw, callId };
      };

      // A reader that splits lines on LF sees `To: bob` first and takes the call for Play-On-Phone;
      // SIP.js reads that line as part of X-Pad and answers a call whose To is carol.
      const forged = playOnPhone(`X-Pad: x\nTo: <${BOB}>\r\nTo: <sip:carol@umphone.test>`);
      expect(forged.raw).toContain(
        'X-Pad: x\nTo: <sip:bob@umphone.test>\r\nTo: <sip:carol@umphone.test>\r\n',
      );
      proxy.send(forged.raw);
      const final = await proxy.responseTo(forged.callId);
      expect(final.status).toBe(400);
      expect(final.reason).toBe('Ambiguous message: bare LF line end');
      // Only after the phone has answered: it never rang, and never said it was ringing.
      const answers = proxy.fromPhone.items.filter(
        (m) => m.kind === 'response' && m.callId === forged.callId,
      );
      expect(answers.map((m) => m.status)).toEqual([400]);
      await expect(bob.incoming()).toHaveCount(0);
      // A developer can see it: a counted debug line in the page's console.
      expect(debugLines).toContainEqual(
        expect.stringMatching(/#\d+ refused: answered 400 \(Ambiguous message: bare LF line end\)/),
      );

      // Control: the same INVITE read one way (one To, CRLF) does ring through Appear Offline.
      const honest = playOnPhone(`To: <${BOB}>`);
      proxy.send(honest.raw);
      await proxy.responseTo(honest.callId, (r) => r.status === 180);
      await expect(bob.incoming()).toHaveAttribute('data-play-on-phone', 'true');
      proxy.cancel({ callId: honest.callId, branch: '', raw: honest.raw });
      await expect(bob.incoming()).toHaveCount(0);
      expect(bob.pageErrors).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
