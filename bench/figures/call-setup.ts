/**
 * Figures 4, 5 and 9: "Call voicemail" → 200 OK → first RTP packet, ours and the reference
 * interleaved; figure 5 with an unreachable STUN server configured (the reference then waits for
 * ICE gathering, 5 s a call, hence its fewer runs).
 */
import type { BenchEnv } from '../harness/environment';
import { ourVoicemailCall, refPage, refVoicemailCall, spaSignIn, type CallSetup } from '../harness/browser';
import { REF_STUN_RUNS, RUNS, log, sleep } from '../harness/config';
import { results, rows, summarize } from '../harness/results';

export async function callSetupFigure(env: BenchEnv, fig: 4 | 5): Promise<void> {
  const { browser, lab, alice, aliceSettings } = env;
  const stun = fig === 5 ? env.deadStun : undefined;
  const refRuns = fig === 5 ? REF_STUN_RUNS : RUNS;
  log(
    `figure ${fig}: ${RUNS} voicemail calls${stun ? ` with ${stun} configured` : ''}, ${refRuns} from the reference`,
  );
  const stunBefore = env.stunPackets();
  const spa = await spaSignIn(browser, { ...aliceSettings, iceServers: stun ? [stun] : [] }, alice);
  const rp = await refPage(browser, lab.wsUrl, alice, stun);
  const ours: CallSetup[] = [];
  const ref: CallSetup[] = [];
  for (let i = 0; i < Math.max(RUNS, refRuns); i++) {
    if (i < RUNS) ours.push(await ourVoicemailCall(spa.page));
    await sleep(150);
    if (i < refRuns) ref.push(await refVoicemailCall(rp.page, fig === 5 ? 20_000 : 15_000));
    await sleep(150);
  }
  await rp.context.close();
  if (fig === 4) {
    // Kept for figure 7: a registered, idle SPA page.
    env.onCleanup(() => spa.context.close());
    env.idlePage = spa.page;
  } else await spa.context.close();
  const target = fig === 4 ? 250 : 600;
  results[`callSetup${fig === 5 ? 'DeadStun' : ''}`] = {
    ours,
    reference: ref,
    stunPacketsReceived: env.stunPackets() - stunBefore,
  };
  rows.push({
    figure: String(fig),
    what: `Call voicemail → 200 OK${stun ? ' (dead STUN)' : ''}`,
    ours: summarize(ours.map((c) => c.to200)),
    unit: ' ms',
    reference: summarize(ref.map((c) => c.to200)),
  });
  rows.push({
    figure: String(fig),
    what: `Call voicemail → first RTP${stun ? ' (dead STUN)' : ''}`,
    ours: summarize(ours.map((c) => c.toAudio)),
    unit: ' ms',
    target: `≤ ${target} ms median`,
    budget: target,
    met: summarize(ours.map((c) => c.toAudio)).median <= target,
    reference: summarize(ref.map((c) => c.toAudio)),
  });
  if (stun) log(`the dead STUN server got ${env.stunPackets() - stunBefore} packets`);
}
