import { PRESENCE_STATES, type PresenceState } from '../../protocol';
import { usePhone, usePhoneActions } from '../../store';
import { SelectField } from '../../ui/field';
import { useT } from '../../i18n';
import { presenceHint, presenceLabel } from '../labels';

export function PresencePicker() {
  const presence = usePhone((s) => s.presence);
  const { setPresence } = usePhoneActions();
  const t = useT();
  const options = PRESENCE_STATES.map((value: PresenceState) => ({ value, label: presenceLabel(value, t) }));
  return (
    <SelectField
      className="presence"
      label={t.presence.label}
      value={presence}
      options={options}
      onChange={setPresence}
      hint={presenceHint(presence, t)}
    />
  );
}
