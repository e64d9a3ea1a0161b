/**
 * Who answered alice's call, from what the proxy and the answering side put on the wire: the proxy
 * here plays a diverting proxy (MS-EUMR 3.1.5.4's 101 with the Diversion, RFC 3261's 181) and the
 * party that answers (the voicemail server's Contact with `automata`, or a person's without).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy, responseText, type WireMessage } from '../testing/fake-proxy';
import { makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const ANSWER_SDP = [
  'v=0',
  'o=- 7 7 IN IP4 127.0.0.2',
  's=-',
  'c=IN IP4 127.0.0.2',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=sendrecv',
  '',
].join('\r\n');

const UM_CONTACT = 'Contact: <sip:um@127.0.0.2:5071;transport=tls>;automata';
const PERSON_CONTACT = 'Contact: <sip:carol@c.invalid;transport=ws>';

/** alice calls bob; the proxy answers the INVITE itself with `provisional`, then a 200 with `contact`. */
async function callAnsweredBy(provisional: string[], contact: string) {
  const proxy = new FakeProxy();
  const alice = makePhone(proxy, 'alice');
  await signIn(alice);
  proxy.responders.set('INVITE', (invite: WireMessage) => {
    for (const status of provisional) {
      const [line, ...headers] = status.split('\r\n');
      proxy.inject('alice', responseText(invite, { status: line!, headers }));
    }
    return {
      status: '200 OK',
      headers: [contact, 'Content-Type: application/sdp'],
      body: ANSWER_SDP,
    };
  });
  proxy.responders.set('BYE', () => ({ status: '200 OK' }));
  const id = alice.client.call('bob', { purpose: 'call' });
  await until(() => alice.reports.calls.get(id)?.state === 'connected', 'alice connected');
  const call = alice.reports.calls.get(id)!;
  alice.client.dispose();
  return call;
}

const PROGRESS_101 = '101 Progress Report\r\nDiversion: <sip:bob@umphone.test>;reason=no-answer;counter=1';

describe('who answered', () => {
  it('diverted (101 with Diversion) and answered by the voicemail server (automata): voicemail', async () => {
    const call = await callAnsweredBy([PROGRESS_101], UM_CONTACT);
    expect(call).toMatchObject({ forwarded: true, answeredBy: 'voicemail' });
  });

  it('181 Call Is Being Forwarded, answered by a person: forwarded, not voicemail', async () => {
    const call = await callAnsweredBy(['181 Call Is Being Forwarded'], PERSON_CONTACT);
    expect(call).toMatchObject({ forwarded: true, answeredBy: 'forwarded' });
  });

  it('no forwarding said, a person answers: the callee', async () => {
    const call = await callAnsweredBy(['180 Ringing\r\n' + PERSON_CONTACT], PERSON_CONTACT);
    expect(call.answeredBy).toBe('callee');
    expect(call.forwarded).toBeUndefined();
  });

  it('automata inside the URI brackets (a URI parameter, not a feature tag) is not voicemail', async () => {
    const call = await callAnsweredBy([], 'Contact: <sip:um@127.0.0.2:5071;transport=tls;automata>');
    expect(call.answeredBy).toBe('callee');
  });
});
