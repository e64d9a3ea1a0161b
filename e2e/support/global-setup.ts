import { startLab } from '../../lab/lab';
import { E2E_LAB } from './e2e-config';

/** Starts the real Kamailio lab once for the whole run; Playwright calls the returned teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // A run dir of its own per run: two suites (each in its own network namespace) never collide.
  const lab = await startLab({ ...E2E_LAB, name: `e2e-${process.pid}`, echoLog: false });
  // Mutual TLS between the proxy and the UM (stand-ins): the UM's certificate and key, and the lab CA.
  process.env.UM_E2E_CERT = lab.paths.umCertFile;
  process.env.UM_E2E_KEY = lab.paths.umKeyFile;
  process.env.UM_E2E_CA = lab.paths.caFile;
  // The proxy's own (for tests that play a client presenting it, or a forged one).
  process.env.UM_E2E_PROXY_CERT = lab.paths.certFile;
  process.env.UM_E2E_PROXY_KEY = lab.paths.keyFile;
  return () => lab.stop();
}
