import { SIPExtension, UserAgent, type Invitation, type UserAgentOptions } from 'sip.js';
import { quotedStringContent } from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import { earlyIceFactory } from '../media/early-ice-handler';
import { PhoneError } from '../reasons';
import type { EarlySocketSource } from '../early-socket';
import type { IncomingGate } from './incoming-gate';
import { ServerListTransport, type ServerListTransportOptions } from './server-list-transport';
import type { ServerRotation } from './server-rotation';

/** How long a WebSocket may take to open before the attempt counts as failed (seconds). */
const CONNECTION_TIMEOUT_S = 5;

/**
 * What a unit test may swap to run the real client without a browser or a network: an in-process
 * transport (src/sip/testing) and a session description handler without WebRTC. The app never
 * passes these.
 */
export interface PhoneClientSeams {
  transportConstructor?: UserAgentOptions['transportConstructor'];
  sessionDescriptionHandlerFactory?: UserAgentOptions['sessionDescriptionHandlerFactory'];
}

export interface UserAgentSetup {
  settings: PhoneSettings;
  password: string;
  gate: IncomingGate;
  seams: PhoneClientSeams;
  /** The servers to walk; the transport reads the current one whenever it opens a connection. */
  rotation: ServerRotation;
  /** A socket opened before Sign in, for the first connection (early-socket.ts). */
  earlySocket?: EarlySocketSource;
  onInvite(invitation: Invitation): void;
  onDisconnect(error?: Error): void;
}

/**
 * The one UserAgent of a sign-in, used on every connection (one server after another), with the
 * incoming gate in its transport receive path. A test's transport gets the same options (the
 * rotation included).
 */
export function makeUserAgent(setup: UserAgentSetup): UserAgent {
  const { settings, seams } = setup;
  const uri = UserAgent.makeURI(settings.aor);
  if (!uri) throw new PhoneError({ kind: 'invalid-target', input: settings.aor });
  const iceServers = settings.iceServers.map((urls) => ({ urls }));
  const ua = new UserAgent({
    uri,
    // Escaped here: SIP.js puts the name between quotes as it is (header injection otherwise).
    displayName: quotedStringContent(settings.displayName) || undefined,
    authorizationUsername: settings.authUser || uri.user || undefined,
    authorizationPassword: setup.password,
    transportOptions: {
      server: setup.rotation.current,
      connectionTimeout: CONNECTION_TIMEOUT_S,
      rotation: setup.rotation,
      earlySocket: setup.earlySocket,
    } satisfies ServerListTransportOptions,
    transportConstructor: seams.transportConstructor ?? ServerListTransport,
    userAgentString: 'UM Phone/0.1 (SIP.js 0.21)',
    logBuiltinEnabled: false,
    // We send 180 ourselves, only for calls that really ring: a call refused by presence
    // (Appear Offline → 480) must not first tell the caller it is ringing.
    sendInitialProvisionalResponse: false,
    // RFC 3891: SIP.js matches an INVITE's Replaces to our dialogs (481/486 when it cannot);
    // calls/replaces.ts decides whether the match may take the call over.
    sipExtensionReplaces: SIPExtension.Supported,
    sessionDescriptionHandlerFactoryOptions: {
      // No public STUN default: with no servers configured, host candidates only (LAB-NOTES).
      peerConnectionConfiguration: { iceServers },
      iceGatheringTimeout: iceServers.length > 0 ? 500 : 5000,
    },
    // Stop waiting for ICE once enough candidates are in (the timeout above is only a cap).
    sessionDescriptionHandlerFactory:
      seams.sessionDescriptionHandlerFactory ?? earlyIceFactory(iceServers.length > 0),
    delegate: {
      onInvite: (invitation) => setup.onInvite(invitation),
      onDisconnect: (error) => setup.onDisconnect(error),
    },
  });
  setup.gate.install(ua);
  return ua;
}
