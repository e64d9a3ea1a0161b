import { expect } from '@playwright/test';
import type { LabUser } from '../../lab/lab';
import { E2E_LAB, E2E_WS_URL } from './e2e-config';
import { SipWsClient } from './sip-ws-client';

/** A SIP-over-WebSocket test client of `user` on the shared e2e lab, registered unless told not to. */
export async function e2eWsClient(user: LabUser, register = true): Promise<SipWsClient> {
  const client = await SipWsClient.connect({
    url: E2E_WS_URL,
    user: user.name,
    password: user.password,
    domain: E2E_LAB.domain,
  });
  if (register) expect((await client.register()).final.status).toBe(200);
  return client;
}
