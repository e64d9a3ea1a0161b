/**
 * The benchmark's reference (figure 9): a bare SIP.js 0.21 page with SIP.js's default options
 * except the server and the credentials, nothing else. It registers on load and exposes
 * `window.__ref` for the benchmark: when it was registered, and a voicemail call to place and end.
 *
 *   /reference/?server=ws://127.0.0.1:5066&aor=sip:alice@umphone.test&password=…[&stun=stun:…]
 *
 * `stun` (figure 5 only) replaces SIP.js's default ICE servers; every other option stays default.
 */
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';

const params = new URLSearchParams(location.search);
const status = document.getElementById('status')!;
const aor = params.get('aor') ?? '';
const uri = UserAgent.makeURI(aor);
if (!uri) throw new Error(`bad aor ${aor}`);
const stun = params.get('stun');

const ua = new UserAgent({
  uri,
  transportOptions: { server: params.get('server') ?? '' },
  authorizationUsername: uri.user,
  authorizationPassword: params.get('password') ?? '',
  ...(stun
    ? {
        sessionDescriptionHandlerFactoryOptions: {
          peerConnectionConfiguration: { iceServers: [{ urls: stun }] },
        },
      }
    : {}),
});

interface RefApi {
  registeredAt?: number;
  session?: Session;
  callVoicemail(): void;
  hangup(): void;
}

const api: RefApi = {
  callVoicemail() {
    // The same Request-URI and skip-pin header as UM Phone's voicemail call (MS-OCEXUM 2.2.1).
    const target = UserAgent.makeURI(`${aor};opaque=app:voicemail`);
    if (!target) throw new Error('bad voicemail uri');
    const inviter = new Inviter(ua, target, { extraHeaders: ['Ms-Exchange-Command: skip-pin'] });
    api.session = inviter;
    status.textContent = 'Calling';
    inviter.stateChange.addListener((s) => {
      if (s === SessionState.Established) status.textContent = 'Connected';
      if (s === SessionState.Terminated) status.textContent = 'Registered';
    });
    void inviter.invite();
  },
  hangup() {
    const s = api.session;
    if (!s) return;
    if (s.state === SessionState.Established) void s.bye();
    else if (s instanceof Inviter && s.state !== SessionState.Terminated) void s.cancel();
  },
};
(window as unknown as { __ref: RefApi }).__ref = api;

const registerer = new Registerer(ua);
registerer.stateChange.addListener((state) => {
  if (state === RegistererState.Registered && api.registeredAt === undefined) {
    api.registeredAt = performance.now();
    status.textContent = 'Registered';
  }
});
await ua.start();
await registerer.register();
