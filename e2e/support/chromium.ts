/**
 * How every browser of ours is launched: Debian's Chromium, never a downloaded one (LAB-NOTES), with
 * the flags the phone needs on this machine. Used by the Playwright config, the benchmarks and the
 * screenshot script, so a flag that matters is set in one place.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags: no sandbox or GPU (container), no background networking (the machine has no network),
 * fake microphone and camera with the permission prompt answered, ICE over loopback, audio that
 * plays without a click, and the lab's self-signed certificate accepted for WSS.
 * `fakeMicWav` makes the fake microphone speak that file instead of a beep.
 */
export function chromiumArgs(options: { fakeMicWav?: string; extra?: readonly string[] } = {}): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(options.fakeMicWav ? [`--use-file-for-fake-audio-capture=${options.fakeMicWav}`] : []),
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--ignore-certificate-errors',
    ...(options.extra ?? []),
  ];
}
