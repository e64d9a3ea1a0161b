import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { displaySafeText } from '../../protocol';
import { usePhone, usePhoneActions } from '../../store';
import { Button } from '../../ui/button';
import { LockIcon, VoicemailIcon } from '../../ui/icons';
import { VoicemailList } from '../../ui/voicemail-list';
import { VoicemailPlayer } from '../../ui/voicemail-player';
import { voicemailPinLine } from '../labels';
import { dateTimeFormat, translateKnown, useLocale, useT } from '../../i18n';
import { messageCountLine, messageView, playbackLine } from './voicemail-view';

/**
 * The mailbox: message-waiting count (RFC 3842), the message list with Play on my phone
 * (MS-OCEXUM 3.2), and subscriber access with whether the PIN will be asked (MS-OCEXUM 3.1).
 */
export function VoicemailCard() {
  const settings = usePhone((s) => s.settings);
  const registered = usePhone((s) => s.registration === 'registered');
  const voicemail = usePhone((s) => s.voicemail);
  const {
    call,
    callVoicemail,
    playOnPhone,
    refreshVoicemail,
    setVoicemailHeard,
    deleteVoicemail,
    undoDeleteVoicemail,
    fetchVoicemailAudio,
  } = usePhoneActions();
  const [openPlayerId, setOpenPlayerId] = useState<string>();
  const undoRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const undo = voicemail.undo;
  // A deleted message's buttons vanish with it: keyboard focus goes to Undo, and back to the
  // panel's heading when the Undo offer ends while it had focus.
  useEffect(() => {
    if (!undo) return;
    undoRef.current?.focus();
    const button = undoRef.current;
    const heading = headingRef.current;
    return () => {
      // In the embed's shadow root, the document's activeElement is the host: ask the button's root.
      const root = button?.getRootNode() as Document | ShadowRoot | undefined;
      if (button && root?.activeElement === button) heading?.focus();
    };
  }, [undo]);
  const headingId = useId();
  const lineId = useId();
  const t = useT();
  const locale = useLocale();
  const pin = voicemailPinLine(settings, t);
  const messages = useMemo(
    () => voicemail.messages.map((m) => messageView(m, dateTimeFormat(locale), t)),
    [voicemail.messages, locale, t],
  );
  const count = messageCountLine(voicemail.summary, t);
  const playback = playbackLine(voicemail.playback, t);
  const busy =
    voicemail.playback !== undefined &&
    !['disconnected', 'failed', 'idle'].includes(voicemail.playback.state);
  return (
    <section className="card voicemail" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title" ref={headingRef} tabIndex={-1}>
        {t.voicemail.title}
        {voicemail.summary && voicemail.summary.newMessages > 0 ? (
          <span className="voicemail__badge" aria-hidden="true">
            {voicemail.summary.newMessages}
          </span>
        ) : null}
      </h2>
      <p className="voicemail__count" data-testid="voicemail-count" aria-live="polite">
        {count ?? t.voicemail.waitingForCount}
      </p>
      <Button
        variant="primary"
        icon={<VoicemailIcon />}
        disabled={!registered}
        aria-describedby={lineId}
        onClick={callVoicemail}
      >
        {t.voicemail.call}
      </Button>
      <div id={lineId} className="voicemail__pin" data-skip-pin={String(pin.skip)}>
        <p data-testid="pin-hint">
          {pin.skip ? <LockIcon /> : null}
          {pin.text}
        </p>
        {pin.why ? (
          <p className="field__hint" data-testid="pin-hint-why">
            {pin.why}
          </p>
        ) : null}
      </div>
      {settings.voicemailApiUrl ? (
        <>
          {playback ? (
            <p className="voicemail__playback" data-testid="playback-status" role="status">
              {playback}
            </p>
          ) : null}
          {voicemail.error ? (
            <p className="field__error" data-testid="voicemail-error">
              {translateKnown(t, voicemail.error)}
            </p>
          ) : null}
          {undo ? (
            <div className="voicemail__undo" role="status" data-testid="voicemail-undo">
              <span>
                {t.voicemailPlayer.deleted(
                  displaySafeText(undo.callerName || undo.caller.replace(/^sips?:/i, '')),
                )}
              </span>
              <Button ref={undoRef} onClick={undoDeleteVoicemail}>
                {t.voicemailPlayer.undo}
              </Button>
            </div>
          ) : null}
          {messages.length > 0 ? (
            <VoicemailList
              messages={messages}
              onPlayOnPhone={playOnPhone}
              playDisabled={!registered || busy}
              onListen={(id) => setOpenPlayerId((open) => (open === id ? undefined : id))}
              onSetHeard={setVoicemailHeard}
              onDelete={(id) => {
                if (openPlayerId === id) setOpenPlayerId(undefined);
                deleteVoicemail(id);
              }}
              onCallBack={(address) => call(address)}
              callDisabled={!registered}
              openPlayerId={openPlayerId}
              renderPlayer={(m) => (
                <VoicemailPlayer
                  key={m.id}
                  name={m.name}
                  loadAudio={() => fetchVoicemailAudio(m.id)}
                  onClose={() => setOpenPlayerId(undefined)}
                />
              )}
            />
          ) : (
            <p className="field__hint">{voicemail.loading ? t.voicemail.loading : t.voicemail.empty}</p>
          )}
          <Button onClick={refreshVoicemail} disabled={!registered || voicemail.loading}>
            {t.voicemail.refresh}
          </Button>
        </>
      ) : null}
    </section>
  );
}
