import { useId } from 'react';
import { DEFAULT_PRESENCE_NOTES, displaySafeText, type ParsedPresence } from '../../protocol';
import { knownName, usePhone, usePhoneActions } from '../../store';
import { useT, type Catalogue } from '../../i18n';
import { presenceLabel } from '../labels';
import { BreakableText } from '../../ui/clamped-text';

/** What the strip says about a contact: "Offline" (not "Appear Offline") for a closed presence. */
export function contactStateText(presence: ParsedPresence | undefined, t: Catalogue): string {
  if (!presence) return t.contacts.unknown;
  return presence.state === 'offline' ? t.contacts.offline : presenceLabel(presence.state, t);
}

/** The remote note, when it says more than the state name we already show. */
export function contactNote(presence: ParsedPresence | undefined): string | undefined {
  const note = presence?.note.trim();
  if (!note || !presence || note === DEFAULT_PRESENCE_NOTES[presence.state]) return undefined;
  return note;
}

/** `sip:bob@example.com` → `bob@example.com`: the address as a person reads it. */
function shortAddress(aor: string): string {
  return aor.replace(/^sips?:/i, '');
}

/**
 * The contacts' presence (RFC 3856 subscriptions, updated live on each NOTIFY); clicking a
 * contact calls them. Notes come from the network: rendered as text only.
 */
export function ContactsStrip() {
  const contacts = usePhone((s) => s.settings.contacts);
  const presence = usePhone((s) => s.contacts);
  const registered = usePhone((s) => s.registration === 'registered');
  const history = usePhone((s) => s.history);
  const ownAor = usePhone((s) => s.settings.aor);
  const messages = usePhone((s) => s.voicemail.messages);
  const { call } = usePhoneActions();
  const headingId = useId();
  const t = useT();
  if (contacts.length === 0) return null;
  return (
    <section className="card contacts" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {t.contacts.heading}
      </h2>
      <ul className="contacts__list">
        {contacts.map((aor) => {
          const p = presence[aor];
          const state = contactStateText(p, t);
          const note = contactNote(p);
          // The name they called with, when they ever called; else the address.
          const name = knownName(history, aor, ownAor, messages) ?? shortAddress(aor);
          return (
            <li key={aor} data-testid="contact" data-contact={aor} data-state={p?.state ?? 'unknown'}>
              <button
                type="button"
                className="contacts__button"
                disabled={!registered}
                aria-label={`${t.contacts.call(name)}: ${state}`}
                onClick={() => call(aor)}
              >
                <span
                  className={`contacts__dot contacts__dot--${p?.state ?? 'unknown'}`}
                  aria-hidden="true"
                />
                <bdi className="contacts__name">
                  <BreakableText text={displaySafeText(name)} />
                </bdi>
                <span className="contacts__state" data-testid="contact-state">
                  {state}
                </span>
                {note ? (
                  <bdi className="contacts__note" data-testid="contact-note">
                    {note}
                  </bdi>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
