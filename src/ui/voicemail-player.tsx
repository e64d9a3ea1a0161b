import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLocale, useT } from '../i18n';
import { Button } from './button';
import { formatDuration } from './format';
import { PLAYBACK_RATES, playerKeyAction } from './player-keys';

export interface VoicemailPlayerProps {
  /** Who left the message (remote text: rendered as text only). */
  name: string;
  /** The recording, fetched with the user's credentials. */
  loadAudio(): Promise<Blob>;
  onClose(): void;
}

type PlayerState = 'loading' | 'ready' | 'playing' | 'paused' | 'ended' | 'failed';

/**
 * Plays one voice message in the browser.
 *
 * The audio comes as a Blob URL: the voicemail web API wants HTTP Digest, and an <audio> element
 * can only send cookies or nothing, so the page fetches the recording itself (with the same Digest
 * client as the message list) and hands the element a `blob:` URL. A range-aware alternative
 * (Media Source Extensions, or a Service Worker adding the header to the element's Range requests)
 * was not chosen: MSE does not take WAV, and a Service Worker is more than an embeddable phone
 * should install in its host page. A message is at most a minute of 8 kHz audio (under 1 MB as
 * 16-bit PCM), so one fetch is quick, and afterwards seeking is instant and offline. A `blob:` URL
 * is also same-origin, so Web Audio may analyse the element without CORS tainting.
 */
export function VoicemailPlayer({ name, loadAudio, onClose }: VoicemailPlayerProps) {
  const t = useT();
  const locale = useLocale();
  const audioRef = useRef<HTMLAudioElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [url, setUrl] = useState<string>();
  const [state, setState] = useState<PlayerState>('loading');
  const [error, setError] = useState<string>();
  const [current, setCurrent] = useState(0);
  const [duration, setDuration] = useState(0);
  const [rate, setRate] = useState<number>(1);
  /** What the live region says: state changes only, never every tick of the progress. */
  const [announcement, setAnnouncement] = useState(t.voicemailPlayer.loading);
  const groupLabel = t.voicemailPlayer.player(name);
  const keysId = useId();
  const speedName = useId();
  const rateText = (r: number) => new Intl.NumberFormat(locale).format(r);

  // Opened with Listen: the keyboard user lands on Play (announced as unavailable until loaded).
  useEffect(() => toggleRef.current?.focus(), []);

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | undefined;
    loadAudio().then(
      (blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      (e: unknown) => {
        if (cancelled) return;
        const why = e instanceof Error ? e.message : String(e);
        setState('failed');
        setError(why);
        setAnnouncement(t.voicemailPlayer.loadFailed(why));
      },
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // Load once per mounted player (the parent keys it by message).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const toggle = () => {
    const audio = audioRef.current;
    if (!audio || !url) return;
    if (audio.paused || audio.ended) void audio.play().catch(() => undefined);
    else audio.pause();
  };
  const seek = (to: number) => {
    const audio = audioRef.current;
    if (!audio || !url) return;
    audio.currentTime = to;
    setCurrent(to);
  };
  const onSliderKey = (event: KeyboardEvent<HTMLInputElement>) => {
    const action = playerKeyAction(event.key, { current, duration });
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'toggle') toggle();
    else seek(action.to);
  };
  const chooseRate = (r: number) => {
    setRate(r);
    if (audioRef.current) audioRef.current.playbackRate = r;
    setAnnouncement(t.voicemailPlayer.speedChanged(rateText(r)));
  };

  const elapsedText = formatDuration(current * 1000);
  const totalText = formatDuration(duration * 1000);
  const ready = url !== undefined && state !== 'failed';

  return (
    <div className="vm-player" role="group" aria-label={groupLabel} data-testid="voicemail-player">
      <audio
        ref={audioRef}
        src={url}
        preload="auto"
        data-testid="voicemail-audio"
        onLoadedMetadata={(e) => {
          setDuration(e.currentTarget.duration);
          e.currentTarget.playbackRate = rate;
          setState('ready');
          setAnnouncement(t.voicemailPlayer.ready);
        }}
        onTimeUpdate={(e) => setCurrent(e.currentTarget.currentTime)}
        onPlay={() => {
          setState('playing');
          setAnnouncement(t.voicemailPlayer.playing);
        }}
        onPause={(e) => {
          if (e.currentTarget.ended) return;
          setState('paused');
          setAnnouncement(t.voicemailPlayer.paused(formatDuration(e.currentTarget.currentTime * 1000)));
        }}
        onEnded={() => {
          setState('ended');
          setAnnouncement(t.voicemailPlayer.ended);
        }}
      />
      <div className="vm-player__row">
        <Button
          ref={toggleRef}
          variant="primary"
          aria-disabled={!ready}
          onClick={toggle}
          data-testid="player-toggle"
          data-state={state}
        >
          {state === 'playing' ? t.voicemailPlayer.pause : t.voicemailPlayer.play}
        </Button>
        <input
          className="vm-player__slider"
          type="range"
          min={0}
          max={duration || 0}
          step={0.1}
          value={Math.min(current, duration || 0)}
          disabled={!ready}
          aria-label={t.voicemailPlayer.position}
          aria-valuetext={t.voicemailPlayer.positionText(elapsedText, totalText)}
          aria-describedby={keysId}
          data-testid="player-position"
          onChange={(e) => seek(Number(e.currentTarget.value))}
          onKeyDown={onSliderKey}
        />
        <span className="vm-player__time" data-testid="player-time" aria-hidden="true">
          {elapsedText} / {totalText}
        </span>
      </div>
      <div className="vm-player__row">
        <fieldset className="vm-player__speed">
          <legend>{t.voicemailPlayer.speed}</legend>
          {PLAYBACK_RATES.map((r) => (
            <label key={r}>
              <input
                type="radio"
                name={speedName}
                value={r}
                checked={rate === r}
                onChange={() => chooseRate(r)}
              />
              {t.voicemailPlayer.speedOption(rateText(r))}
            </label>
          ))}
        </fieldset>
        <Button variant="ghost" onClick={onClose}>
          {t.voicemailPlayer.closePlayer}
        </Button>
      </div>
      <p id={keysId} className="field__hint">
        {t.voicemailPlayer.keys}
      </p>
      <p className="vm-player__status" role="status" data-testid="player-status">
        {announcement}
      </p>
      {error ? (
        <p className="field__error" data-testid="player-error">
          {t.voicemailPlayer.loadFailed(error)}
        </p>
      ) : null}
    </div>
  );
}
