/**
 * Runs the lab proxy in the foreground until Ctrl-C / SIGTERM:
 *   npx tsx lab/cli.ts   (or: npm run lab, lab/start.sh)
 * Configuration from the environment (LAB_WS_PORT, LAB_DOMAIN, ...: see labConfigFromEnv).
 * Options: --quiet (do not echo Kamailio's log), --keep (keep the runtime dir).
 */
import { startLab } from './lab';

const argv = new Set(process.argv.slice(2));
for (const arg of argv) {
  if (!['--quiet', '--keep'].includes(arg)) {
    console.error(`unknown option ${arg}; usage: lab/start.sh [--quiet] [--keep]`);
    process.exit(2);
  }
}

const lab = await startLab({
  echoLog: !argv.has('--quiet'),
  ...(argv.has('--keep') ? { keepRunDir: true } : {}),
});
const c = lab.config;
console.log(
  [
    '',
    `um-phone lab proxy running (kamailio pid ${lab.pid}, runtime dir ${lab.paths.runDir})`,
    `  domain      ${c.domain}`,
    `  WebSocket   ${lab.wsUrl}   ${lab.wssUrl}`,
    `  SIP         tcp/udp ${c.host}:${c.tcpPort}   tls ${c.host}:${c.tlsPort}`,
    `  UM peer     sip:${c.umAddr}:${c.umPort};transport=tls (trusted)`,
    `  users       ${lab.users.map((u) => `${u.name}/${u.password} (PIN ${u.pin})`).join(', ')}`,
    ...Object.entries(lab.callForwarding).map(([user, target]) => `  forwarding  ${user} → ${target}`),
    '  Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const shutdown = (why: string, code: number): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping the lab...`);
  lab.stop().then(
    () => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
process.on('SIGHUP', () => shutdown('SIGHUP', 0));
void lab.exited.then(({ code, signal }) => {
  if (!stopping) shutdown(`kamailio exited unexpectedly (code ${code}, signal ${signal})`, 1);
});
