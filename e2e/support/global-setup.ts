import { startLab } from '../../lab/lab';
import { E2E_LAB } from './e2e-config';

/** Starts the real Kamailio lab once for the whole run; Playwright calls the returned teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // A run dir of its own per run: two suites (each in its own network namespace) never collide.
  const lab = await startLab({ ...E2E_LAB, name: `e2e-${process.pid}`, echoLog: false });
  process.env.UM_E2E_CERT = lab.paths.certFile;
  process.env.UM_E2E_KEY = lab.paths.keyFile;
  return () => lab.stop();
}
