import { PRESENCE_STATES, type PresenceState } from '../../protocol';
import { usePhone, usePhoneActions } from '../../store';
import { SelectField } from '../../ui/field';
import { PRESENCE_LABELS, presenceHint } from '../labels';

const PRESENCE_OPTIONS = PRESENCE_STATES.map((value: PresenceState) => ({
  value,
  label: PRESENCE_LABELS[value],
}));

export function PresencePicker() {
  const presence = usePhone((s) => s.presence);
  const { setPresence } = usePhoneActions();
  return (
    <SelectField
      className="presence"
      label="Presence"
      value={presence}
      options={PRESENCE_OPTIONS}
      onChange={setPresence}
      hint={presenceHint(presence)}
    />
  );
}
