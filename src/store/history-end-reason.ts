/**
 * Why a remembered call ended, as a typed reason (src/sip/reasons.ts), so the history renders it in
 * the user's current language rather than the language it was stored in.
 *
 * Read from storage (untrusted): a kind this version knows, with exactly the data that kind carries,
 * of the right type, or nothing. Entries stored before the typed reason was kept hold English text
 * only; `endReasonFromText` recovers the reason from that text when the text is exactly what this
 * version's English catalogue says for some reason, so old entries are translated too. Text that
 * matches no reason stays text (shown as it is, or translated where src/i18n knows it).
 */
import { en, reasonText } from '../i18n/language';
import type { CallEndReason } from '../sip/reasons';

type EndKind = CallEndReason['kind'];
type Field = 'status' | 'reasonPhrase' | 'error' | 'seconds';
interface Shape {
  required: readonly Field[];
  optional?: readonly Field[];
}

const NONE: Shape = { required: [] };

/**
 * The data each kind carries. Typed over every kind, so a new kind in src/sip/reasons.ts fails the
 * type check here until its data is listed (or it would be dropped from stored history).
 */
const SHAPES: Readonly<Record<EndKind, Shape>> = {
  'connection-lost': NONE,
  'call-not-recovered': { required: ['seconds'] },
  'call-resume-refused': { required: ['status'] },
  rejected: { required: ['status', 'reasonPhrase'] },
  'call-failed': { required: [], optional: ['error'] },
  'answer-failed': { required: ['error'] },
  declined: NONE,
  'you-hung-up': NONE,
  'hangup-failed': { required: ['error'] },
  'remote-hung-up': NONE,
  'missed-caller-hung-up': NONE,
  'sent-to-voicemail': NONE,
  'handled-elsewhere': { required: ['status'] },
  transferred: NONE,
};

/** Stored text is cut to this (as the history's other text fields). */
const MAX_TEXT = 512;

function fieldValue(field: Field, v: unknown): string | number | undefined {
  switch (field) {
    case 'status':
      return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 699 ? v : undefined;
    case 'seconds':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 86_400 ? v : undefined;
    case 'reasonPhrase':
    case 'error':
      return typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined;
  }
}

function isEndKind(kind: unknown): kind is EndKind {
  return typeof kind === 'string' && Object.hasOwn(SHAPES, kind);
}

/** A stored typed reason back to a CallEndReason, or undefined when it isn't one. */
export function endReasonFromStored(raw: unknown): CallEndReason | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!isEndKind(o.kind)) return undefined;
  const shape = SHAPES[o.kind];
  const out: Record<string, unknown> = { kind: o.kind };
  for (const field of shape.required) {
    const v = fieldValue(field, o[field]);
    if (v === undefined) return undefined;
    out[field] = v;
  }
  for (const field of shape.optional ?? []) {
    const v = fieldValue(field, o[field]);
    if (v !== undefined) out[field] = v;
  }
  // Built field by field from SHAPES, which lists exactly what each kind carries.
  return out as CallEndReason;
}

/** What a typed reason stores: the kind and its data, nothing else. */
export function storedEndReason(reason: CallEndReason | undefined): CallEndReason | undefined {
  return reason && endReasonFromStored(reason);
}

const MARK = '\u0000';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * English text of an entry stored before typed reasons, back to the reason whose English text it is
 * exactly; undefined when no reason reads like that (the text then stays as it is).
 */
export function endReasonFromText(text: string | undefined): CallEndReason | undefined {
  if (!text) return undefined;
  for (const kind of Object.keys(SHAPES) as EndKind[]) {
    const shape = SHAPES[kind];
    const variants = [shape.required, ...(shape.optional ? [[...shape.required, ...shape.optional]] : [])];
    for (const fields of variants) {
      const found = kind === 'rejected' ? rejectedFromText(text) : fromTemplate(kind, fields, text);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Renders `kind` with a marker in each field and reads the fields back out of `text`; the result
 * counts only if rendering it again gives `text` exactly.
 */
function fromTemplate(kind: EndKind, fields: readonly Field[], text: string): CallEndReason | undefined {
  const marked = Object.fromEntries([['kind', kind], ...fields.map((f, i) => [f, `${MARK}${i}${MARK}`])]);
  const template = reasonText(en, marked as unknown as CallEndReason);
  let pattern = escape(template);
  const order: Field[] = [];
  pattern = pattern.replace(new RegExp(`${MARK}(\\d+)${MARK}`, 'g'), (_, i: string) => {
    const field = fields[Number(i)];
    if (field) order.push(field);
    return '([\\s\\S]*)';
  });
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m || order.length !== fields.length) return undefined;
  const raw: Record<string, unknown> = { kind };
  order.forEach((field, i) => {
    const s = m[i + 1] ?? '';
    raw[field] = field === 'status' || field === 'seconds' ? (/^\d+$/.test(s) ? Number(s) : undefined) : s;
  });
  const reason = endReasonFromStored(raw);
  return reason && reasonText(en, reason) === text ? reason : undefined;
}

/** A failure response: "Busy (486)", "Service Unavailable (503)", "Cancelled" (487). */
function rejectedFromText(text: string): CallEndReason | undefined {
  const m = /^([\s\S]*) \((\d{3})\)$/.exec(text);
  const candidate: CallEndReason = m
    ? { kind: 'rejected', status: Number(m[2]), reasonPhrase: m[1] ?? '' }
    : { kind: 'rejected', status: 487, reasonPhrase: '' };
  const reason = endReasonFromStored(candidate);
  return reason && reasonText(en, reason) === text ? reason : undefined;
}
