/**
 * Steps the failover journeys share (issue 16): a phone signed in with the cluster's servers as
 * one list, which server its header names, and a call placed through one node by a plain SIP
 * client that must ring the phone.
 */
import type { ClusterLab, ClusterNode } from './cluster-lab';
import { expect } from './fixtures';
import type { PhonePage } from './phone-page';
import { SipWsClient } from './sip-ws-client';

/** The header's "Server: …" line. */
export function serverShown(phone: PhonePage) {
  return phone.page.getByTestId('server-in-use');
}

/** `caller` calls `callee` through `node`; resolves once the phone rings, then cancels. */
export async function expectRingsVia(
  lab: ClusterLab,
  node: ClusterNode,
  caller: string,
  callee: string,
  phone: PhonePage,
): Promise<void> {
  const who = lab.user(caller);
  const client = await SipWsClient.connect({
    url: lab.wsUrl(node),
    user: who.name,
    password: who.password,
    domain: lab.domain,
  });
  try {
    const call = client.invite({ uri: lab.user(callee).aor, headers: [`Subject: via ${node}`] });
    await call.waitForResponse(180, 10_000);
    await expect(phone.incoming().getByTestId('call-subject')).toHaveText(`via ${node}`);
    await call.cancel();
    await expect(phone.incoming()).toHaveCount(0);
  } finally {
    await client.close();
  }
}
