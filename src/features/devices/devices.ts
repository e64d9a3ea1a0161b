/** Pure helpers for the Devices panel (microphone, speaker and ringer selection). */

export type AudioDeviceKind = 'audioinput' | 'audiooutput';

/** The part of MediaDeviceInfo the panel reads (so tests need no browser). */
export interface DeviceInfoLike {
  deviceId: string;
  kind: string;
  label: string;
}

export interface DeviceChoice {
  value: string;
  label: string;
}

/**
 * The options of one device select: the system default first (value ''), then each device of
 * `kind` once. Chromium lists the default again as "default"/"communications" pseudo-devices: those
 * are the first entry already. A device without a label (no permission yet) gets a numbered name.
 * A remembered device that is not plugged in stays selectable, so the setting isn't lost silently.
 */
export function deviceChoices(
  devices: readonly DeviceInfoLike[],
  kind: AudioDeviceKind,
  names: { systemDefault: string; unnamed: (n: number) => string; missing: string },
  selected = '',
): DeviceChoice[] {
  const choices: DeviceChoice[] = [{ value: '', label: names.systemDefault }];
  const seen = new Set(['', 'default', 'communications']);
  for (const d of devices) {
    if (d.kind !== kind || seen.has(d.deviceId)) continue;
    seen.add(d.deviceId);
    choices.push({ value: d.deviceId, label: d.label.trim() || names.unnamed(choices.length) });
  }
  if (!seen.has(selected)) choices.push({ value: selected, label: names.missing });
  return choices;
}

/** Loudness 0…1 of one AnalyserNode time-domain frame (bytes around 128): RMS, scaled up a bit. */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = ((samples[i] ?? 128) - 128) / 128;
    sum += v * v;
  }
  return Math.min(1, Math.sqrt(sum / samples.length) * 3);
}
