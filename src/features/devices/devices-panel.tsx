import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n';
import { SelectField } from '../../ui/field';
import { deviceChoices, levelFromSamples, type DeviceInfoLike } from './devices';

export interface DeviceIds {
  microphoneId: string;
  speakerId: string;
  ringerId: string;
}

interface Props extends DeviceIds {
  onChange(key: keyof DeviceIds, deviceId: string): void;
}

const canChooseOutput = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Microphone, speaker and ringer, with a level meter for the microphone. Loaded only when the
 * Devices section is opened; the microphone is open only while this panel is shown.
 */
export default function DevicesPanel({ microphoneId, speakerId, ringerId, onChange }: Props) {
  const t = useT();
  const [devices, setDevices] = useState<DeviceInfoLike[]>([]);
  const [level, setLevel] = useState(0);
  const [denied, setDenied] = useState(false);
  const levelId = useId();

  useEffect(() => {
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let ctx: AudioContext | undefined;
    let frame = 0;
    const list = () =>
      void media
        .enumerateDevices()
        .then((all) => {
          if (!stopped) setDevices(all);
        })
        .catch(() => undefined);
    media.addEventListener('devicechange', list);
    void media
      .getUserMedia({ audio: microphoneId ? { deviceId: microphoneId } : true, video: false })
      .then((s) => {
        stream = s;
        if (stopped) {
          s.getTracks().forEach((track) => track.stop());
          return;
        }
        setDenied(false);
        list(); // labels are visible once the microphone is allowed
        ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 512;
        ctx.createMediaStreamSource(s).connect(analyser);
        const samples = new Uint8Array(analyser.fftSize);
        const tick = () => {
          analyser.getByteTimeDomainData(samples);
          setLevel(levelFromSamples(samples));
          frame = requestAnimationFrame(tick);
        };
        tick();
      })
      .catch(() => {
        if (!stopped) setDenied(true);
        list();
      });
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      media.removeEventListener('devicechange', list);
      stream?.getTracks().forEach((track) => track.stop());
      void ctx?.close().catch(() => undefined);
    };
  }, [microphoneId]);

  const names = {
    systemDefault: t.devices.systemDefault,
    unnamed: t.devices.unnamed,
    missing: t.devices.missing,
  };
  const outputs = (selected: string) => deviceChoices(devices, 'audiooutput', names, selected);
  return (
    <div className="devices__body">
      <SelectField
        label={t.devices.microphone}
        name="microphoneId"
        value={microphoneId}
        options={deviceChoices(devices, 'audioinput', names, microphoneId)}
        onChange={(v) => onChange('microphoneId', v)}
        error={denied ? t.devices.denied : undefined}
      />
      <div className="field">
        <span className="field__label" id={levelId}>
          {t.devices.level}
        </span>
        <meter
          className="devices__meter"
          aria-labelledby={levelId}
          data-testid="mic-level"
          min={0}
          max={1}
          value={level}
        />
      </div>
      {canChooseOutput ? (
        <>
          <SelectField
            label={t.devices.speaker}
            name="speakerId"
            value={speakerId}
            options={outputs(speakerId)}
            onChange={(v) => onChange('speakerId', v)}
          />
          <SelectField
            label={t.devices.ringer}
            name="ringerId"
            value={ringerId}
            options={outputs(ringerId)}
            onChange={(v) => onChange('ringerId', v)}
          />
        </>
      ) : null}
    </div>
  );
}
