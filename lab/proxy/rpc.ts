/** Run-time changes to a running lab Kamailio over its ctl socket (kamcmd, binrpc). */
import path from 'node:path';
import { run } from './process';

/** kamcmd next to the Kamailio binary when that is given as a path, else from PATH. */
export function kamcmdBin(kamailioBin: string): string {
  return kamailioBin.includes('/') ? path.join(path.dirname(kamailioBin), 'kamcmd') : 'kamcmd';
}

/** One RPC command; resolves with kamcmd's exit code and output (never throws). */
export function kamcmd(
  kamailioBin: string,
  ctlSocket: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  return run(kamcmdBin(kamailioBin), ['-s', `unix:${ctlSocket}`, ...args], cwd);
}
