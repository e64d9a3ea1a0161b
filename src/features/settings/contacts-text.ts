import { formFromSettings, settingsFromForm } from '../sign-in/settings-form';
import { DEFAULT_SETTINGS } from '../../config/settings';

/**
 * The contacts as typed in the settings panel (one per line, or separated by commas) → the list,
 * checked by the sign-in form's own rule, or its message (in English, for translateKnown).
 */
export function parseContacts(text: string): { contacts?: string[]; error?: string } {
  const { settings, errors } = settingsFromForm({ ...formFromSettings(DEFAULT_SETTINGS), contacts: text });
  return settings ? { contacts: settings.contacts } : { error: errors.contacts ?? 'invalid' };
}
