import { UserAgent, type Core } from 'sip.js';

/**
 * Keep-alive probe: an out-of-dialog OPTIONS to the proxy (RFC 3261 §11). Any real answer, a 407
 * challenge included, proves the connection carries traffic both ways. SIP.js's own 408/503
 * (timeout, transport error) carry no Call-ID and prove nothing.
 */
export function optionsProbe(ua: UserAgent, aor: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!ua.isConnected()) {
      reject(new Error('Not connected'));
      return;
    }
    const own = UserAgent.makeURI(aor);
    const proxy = own && UserAgent.makeURI(`sip:${own.host}`);
    if (!own || !proxy) {
      resolve();
      return;
    }
    const core = ua.userAgentCore;
    const message = core.makeOutgoingRequestMessage('OPTIONS', proxy, own, own, {});
    const answered = (response: Core.IncomingResponse) => {
      if (response.message.callId) resolve();
      else reject(new Error(response.message.reasonPhrase || 'no answer'));
    };
    core.request(message, { onAccept: answered, onReject: answered, onRedirect: answered });
  });
}
