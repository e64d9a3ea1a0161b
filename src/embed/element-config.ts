import { findUnsafeHeaderChar } from '../protocol/control-characters';
import { DEFAULT_SETTINGS, normalizeSettings, type PhoneSettings } from '../config/settings';
import { formFromSettings, settingsFromForm } from '../features/sign-in/settings-form';

/** The attributes that configure the phone; changing any of them signs in again. */
export const CONFIG_ATTRIBUTES = [
  'server',
  'aor',
  'auth-user',
  'display-name',
  'voicemail-api',
  'trusted-voicemail-hosts',
  'ice-servers',
] as const;

export type ConfigAttribute = (typeof CONFIG_ATTRIBUTES)[number];
export type ConfigAttributes = Partial<Record<ConfigAttribute, string | null>>;

export interface ElementConfig {
  /** What the phone would sign in with (defaults filled in). */
  settings: PhoneSettings;
  /** `server` and `aor` are both given and valid: the element can sign in once it has credentials. */
  complete: boolean;
  /** Why the attributes can't be used, one message per bad attribute. */
  errors: string[];
}

/** `"a, b c"` → `["a", "b", "c"]`. */
function list(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Attributes → phone settings. Validation is the sign-in form's own, so an attribute is held to the
 * same rules as a typed field. Settings the sign-in form doesn't know (e.g. `trustedVoicemailHosts`)
 * pass through `normalizeSettings`, which keeps those the phone supports and drops the rest.
 */
export function configFromAttributes(attrs: ConfigAttributes): ElementConfig {
  const given = (name: ConfigAttribute) => {
    const v = attrs[name];
    return v === null || v === undefined ? undefined : v.trim();
  };
  const server = given('server');
  const aor = given('aor');
  const raw = {
    ...DEFAULT_SETTINGS,
    serverUrl: server ?? '',
    aor: aor ?? '',
    authUser: given('auth-user') ?? '',
    displayName: given('display-name') ?? '',
    voicemailApiUrl: given('voicemail-api') ?? '',
    iceServers: list(attrs['ice-servers']),
    trustedVoicemailHosts: list(attrs['trusted-voicemail-hosts']),
  };
  const normalized = normalizeSettings(raw);
  if (!server || !aor) return { settings: normalized, complete: false, errors: [] };

  const checked = settingsFromForm(formFromSettings(normalized));
  const errors = Object.entries(checked.errors).map(
    ([field, message]) => `${attributeFor(field)}: ${message}`,
  );
  // RFC 3261 §7.3.1: a line break in a header value starts a new header. A form input can't hold
  // one, an attribute can: refuse it, so the host page hears about it instead of a silent fix.
  for (const name of ['server', 'aor', 'auth-user', 'display-name', 'voicemail-api'] as const)
    if (findUnsafeHeaderChar(attrs[name] ?? '') >= 0)
      errors.push(`${name}: control characters are not allowed.`);
  if (!checked.settings || errors.length > 0) return { settings: normalized, complete: false, errors };
  return { settings: { ...normalized, ...checked.settings }, complete: true, errors: [] };
}

function attributeFor(field: string): string {
  switch (field) {
    case 'serverUrl':
      return 'server';
    case 'voicemailApiUrl':
      return 'voicemail-api';
    case 'iceServers':
      return 'ice-servers';
    default:
      return field;
  }
}
