/**
 * A Kamailio of its own for the tests that kill, freeze and restart the proxy: never the shared
 * lab of the run. Ports apart from the shared lab (15xxx) and lab/smoke.ts (25xxx).
 */
import { startLab, type LabUser, type RunningLab } from '../../lab/lab';
import { SipWsClient } from './sip-ws-client';
import type { PhonePage } from './phone-page';
import { expect } from './fixtures';

export function startResilienceLab(tag: string, offset = 0): Promise<RunningLab> {
  return startLab({
    name: `${tag}-${process.pid}`,
    wsPort: 26066 + offset,
    wssPort: 26443 + offset,
    tcpPort: 26060 + offset,
    tlsPort: 26061 + offset,
    umPort: 26071 + offset,
    domain: 'umphone.test',
    echoLog: false,
  });
}

/**
 * `caller` calls `callee` through the lab; resolves once the callee's phone shows it ringing,
 * then the caller cancels and the ringing stops.
 */
export async function expectRingsAndCancel(
  lab: RunningLab,
  caller: LabUser,
  callee: LabUser,
  phone: PhonePage,
) {
  const client = await SipWsClient.connect({
    url: lab.wsUrl,
    user: caller.name,
    password: caller.password,
    domain: lab.config.domain,
  });
  try {
    const call = client.invite({ uri: callee.aor, headers: ['Subject: are you back?'] });
    await call.waitForResponse(180, 10_000);
    await expect(phone.incoming().getByTestId('call-subject')).toHaveText('are you back?');
    await call.cancel();
    await expect(phone.incoming()).toHaveCount(0);
  } finally {
    await client.close();
  }
}
