/**
 * MS-EUMR user notifications: the `application/ms-rtc-usernotification+xml` body of the INFO a
 * proxy sends to an Exchange UM server about a missed, answered-elsewhere or forbidden call
 * (2.2.3, 3.2.4), checked against the schema of MS-EUMR section 6 and the rules of 2.2.3.1-2.2.3.3,
 * plus the SDP of the notification INVITE dialog (2.2.4.3, 2.2.5).
 *
 * Pure functions on strings and plain objects. The XML is read by strict-xml.ts, which understands
 * exactly what the format needs (elements, one attribute, text, the five predefined entities,
 * character references, comments, CDATA) and refuses a DOCTYPE or processing instruction other
 * than the XML declaration, so no entity expansion can happen.
 */
import { matchSequence, readXml, simpleText, type XmlElement } from './strict-xml';

/** 2.2.3: Content-Type of the INFO body. */
export const USER_NOTIFICATION_CONTENT_TYPE = 'application/ms-rtc-usernotification+xml';
/** 2.2.4.1: the fixed identity in the From header of the notification INVITE dialog. */
export const USER_NOTIFICATION_FROM_URI = 'sip:A410AA79-D874-4e56-9B46-709BDD0EB850';
/** Section 6: `<Template>` is fixed. */
export const USER_NOTIFICATION_TEMPLATE = 'RtcDefault';

export type UserNotificationEventType = 'missed' | 'answered' | 'forbidden';
export type MissedReason = 'CallerReleased' | 'Declined';
export type TargetClass = 'primary' | 'secondary';

export interface UserNotificationEvent {
  type: UserNotificationEventType;
  /** Call-ID of the INVITE (2.2.3.2). */
  callId: string;
  /** From header value of the INVITE. */
  from: string;
  subject?: string;
  priority?: string;
  conversationId?: string;
  referredBy?: string;
  /** Request-URI used when routing the INVITE. */
  target?: string;
  targetClass?: TargetClass;
  /** URI of the P-Asserted-Identity of the answer. */
  answeredBy?: string;
  missedReason?: MissedReason;
}

/**
 * What the phone keeps of a notification about one of its user's calls: what the voicemail server
 * was told by the proxy (3.2.4.1 missed, 3.2.4.2 answered elsewhere, 3.2.4.3 forbidden).
 */
export interface CallReport {
  type: UserNotificationEventType;
  /** Missed calls (3.2.4.1): the caller hung up first, or every destination said no. */
  missedReason?: MissedReason;
  /** Where the proxy sent the call instead (a forwarding target), for answered/forbidden. */
  target?: string;
  /** Who answered it there (answered elsewhere). */
  answeredBy?: string;
  /** When the proxy reported it (epoch ms). */
  reportedAt: number;
}

export interface UserNotification {
  /** SIP URI of the user to notify (2.2.3.1). */
  user: string;
  eumProxyAddress?: string;
  /** UTC, e.g. `2006-05-12 01:33:32Z` (see formatNotificationTime). */
  time: string;
  event: UserNotificationEvent;
}

export type ParseResult = { ok: true; notification: UserNotification } | { ok: false; errors: string[] };

const EVENT_TYPES: readonly string[] = ['missed', 'answered', 'forbidden'];
const MISSED_REASONS: readonly string[] = ['CallerReleased', 'Declined'];
const TARGET_CLASSES: readonly string[] = ['primary', 'secondary'];

/** Section 6, user-notification-type: the sequence and its minOccurs. */
const ROOT_SEQUENCE = [
  { name: 'User', optional: false },
  { name: 'EumProxyAddress', optional: true },
  { name: 'Time', optional: false },
  { name: 'Template', optional: false },
  { name: 'Event', optional: false },
] as const;

/** Section 6, event-type: the sequence, each element's property and minOccurs. */
const EVENT_SEQUENCE = [
  { name: 'CallId', key: 'callId', optional: false },
  { name: 'From', key: 'from', optional: false },
  { name: 'Subject', key: 'subject', optional: true },
  { name: 'Priority', key: 'priority', optional: true },
  { name: 'ConversationID', key: 'conversationId', optional: true },
  { name: 'ReferredBy', key: 'referredBy', optional: true },
  { name: 'Target', key: 'target', optional: true },
  { name: 'TargetClass', key: 'targetClass', optional: true },
  { name: 'AnsweredBy', key: 'answeredBy', optional: true },
  { name: 'MissedReason', key: 'missedReason', optional: true },
] as const;

const SIP_URI = /^sips?:[^\s<>"]+$/i;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** MS-EUMR 2.2.3.1-2.2.3.3 rules on top of the schema. */
export function protocolErrors(n: UserNotification): string[] {
  const errors: string[] = [];
  if (!SIP_URI.test(n.user)) errors.push('User must be a SIP URI (2.2.3.1)');
  if (!UTC_TIME.test(n.time)) errors.push('Time must be a UTC time such as 2006-05-12 01:33:32Z (2.2.3.1)');
  const e = n.event;
  if (e.type === 'answered') {
    for (const [key, name] of [
      ['target', 'Target'],
      ['targetClass', 'TargetClass'],
      ['answeredBy', 'AnsweredBy'],
    ] as const) {
      if (e[key] === undefined) errors.push(`an answered event needs <${name}> (2.2.3.3)`);
    }
  }
  if (e.type === 'forbidden') {
    if (e.target === undefined) errors.push('a forbidden event needs <Target> (2.2.3.3)');
    if (e.targetClass === undefined) errors.push('a forbidden event needs <TargetClass> (2.2.3.3)');
  }
  if (e.type === 'missed' && e.missedReason === undefined)
    errors.push('a missed event needs <MissedReason> (3.2.4.1.1)');
  return errors;
}

/**
 * Parses and validates a notification body: the section 6 schema, then the 2.2.3 rules.
 * Never throws on remote input.
 */
export function parseUserNotification(xml: string): ParseResult {
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (error) {
    return { ok: false, errors: [`not well-formed XML: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  if (root.name !== 'UserNotification') {
    return { ok: false, errors: [`the root element must be <UserNotification>, not <${root.name}>`] };
  }
  if (root.attributes.size > 0) errors.push('<UserNotification> takes no attributes');
  const top = matchSequence(root, ROOT_SEQUENCE, errors);
  const template = top.get('Template');
  if (template) {
    const value = simpleText(template, errors);
    // xs:element fixed="RtcDefault": an empty element takes the fixed value.
    if (value !== '' && value !== USER_NOTIFICATION_TEMPLATE)
      errors.push(`<Template> is fixed to ${USER_NOTIFICATION_TEMPLATE}`);
  }
  const eventElement = top.get('Event');
  const event: Partial<UserNotificationEvent> = {};
  if (eventElement) {
    const type = eventElement.attributes.get('type');
    if (type === undefined) errors.push('<Event> needs a type attribute');
    else if (!EVENT_TYPES.includes(type)) errors.push(`Event type ${JSON.stringify(type)} is not allowed`);
    else event.type = type as UserNotificationEventType;
    for (const name of eventElement.attributes.keys()) {
      if (name !== 'type') errors.push(`<Event> has no attribute ${name}`);
    }
    const fields = matchSequence(eventElement, EVENT_SEQUENCE, errors);
    for (const item of EVENT_SEQUENCE) {
      const element = fields.get(item.name);
      if (!element) continue;
      const value = simpleText(element, errors);
      if (item.key === 'targetClass' && !TARGET_CLASSES.includes(value))
        errors.push(`TargetClass ${JSON.stringify(value)} is not allowed`);
      if (item.key === 'missedReason' && !MISSED_REASONS.includes(value))
        errors.push(`MissedReason ${JSON.stringify(value)} is not allowed`);
      (event as Record<string, string>)[item.key] = value;
    }
  }
  const text = (name: string): string | undefined => {
    const element = top.get(name);
    return element ? simpleText(element, errors) : undefined;
  };
  const user = text('User');
  const eumProxyAddress = text('EumProxyAddress');
  const time = text('Time');
  if (errors.length > 0) return { ok: false, errors: [...new Set(errors)] };
  const notification: UserNotification = {
    user: user ?? '',
    ...(eumProxyAddress !== undefined ? { eumProxyAddress } : {}),
    time: time ?? '',
    event: event as UserNotificationEvent,
  };
  const rules = protocolErrors(notification);
  return rules.length > 0 ? { ok: false, errors: rules } : { ok: true, notification };
}

// ---------------------------------------------------------------- building

function escapeXml(value: string): string {
  // Control characters other than tab/newline/CR cannot appear in XML 1.0 at all.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value))
    throw new Error('a notification value contains a character XML cannot carry');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `2006-05-12 01:33:32Z`, the form of the MS-EUMR section 4 examples. */
export function formatNotificationTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/**
 * Builds the INFO body for a notification; throws if it would not be valid (the caller has
 * made a mistake, nothing remote is involved).
 */
export function buildUserNotification(n: UserNotification): string {
  const rules = protocolErrors(n);
  if (rules.length > 0) throw new Error(`invalid user notification: ${rules.join('; ')}`);
  const e = n.event;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<UserNotification>',
    `  <User>${escapeXml(n.user)}</User>`,
    ...(n.eumProxyAddress !== undefined
      ? [`  <EumProxyAddress>${escapeXml(n.eumProxyAddress)}</EumProxyAddress>`]
      : []),
    `  <Time>${escapeXml(n.time)}</Time>`,
    `  <Template>${USER_NOTIFICATION_TEMPLATE}</Template>`,
    `  <Event type="${e.type}">`,
  ];
  for (const item of EVENT_SEQUENCE) {
    const value = e[item.key];
    if (value !== undefined) lines.push(`    <${item.name}>${escapeXml(value)}</${item.name}>`);
  }
  lines.push('  </Event>', '</UserNotification>', '');
  return lines.join('\r\n');
}

// ---------------------------------------------------------------- SDP of the dialog

/** The session of the notification dialog: no media, only SIP messages of our content type. */
function notificationSdp(address: string, sessionId: number, attributes: readonly string[]): string {
  return [
    'v=0',
    `o=- ${sessionId} ${sessionId} IN IP4 ${address}`,
    's=session',
    `c=IN IP4 ${address}`,
    't=0 0',
    'm=application 9 SIP *',
    ...attributes,
    '',
  ].join('\r\n');
}

/** 2.2.4.3: the SDP offer of the notification INVITE. */
export function notificationOfferSdp(address: string, sessionId = Date.now()): string {
  return notificationSdp(address, sessionId, [
    'a=sendonly',
    `a=accept-types:${USER_NOTIFICATION_CONTENT_TYPE}`,
  ]);
}

/** 2.2.5: the SDP of the UM server's 200 OK. */
export function notificationAnswerSdp(address: string, sessionId = Date.now()): string {
  return notificationSdp(address, sessionId, [
    'a=recvonly',
    `a=accept-types:${USER_NOTIFICATION_CONTENT_TYPE}`,
    `a=ms-rtc-accept-eventtemplates:${USER_NOTIFICATION_TEMPLATE}`,
  ]);
}

/**
 * Checks an SDP body of the notification dialog: one media line `application 9 SIP *`, the
 * direction (`sendonly` in the offer, 2.2.4.3; `recvonly` in the answer, 2.2.5) and accept-types;
 * the answer also needs `ms-rtc-accept-eventtemplates:RtcDefault`. Returns the problems found.
 */
export function notificationSdpErrors(sdp: string, role: 'offer' | 'answer'): string[] {
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  const errors: string[] = [];
  const media = lines.filter((l) => l.startsWith('m='));
  if (media.length !== 1 || !/^m=application 9 SIP \*$/.test(media[0] ?? ''))
    errors.push('exactly one media line "m=application 9 SIP *" is required');
  const attrs = new Set(lines.filter((l) => l.startsWith('a=')).map((l) => l.slice(2)));
  const direction = role === 'offer' ? 'sendonly' : 'recvonly';
  if (!attrs.has(direction)) errors.push(`a=${direction} is required`);
  if (!attrs.has(`accept-types:${USER_NOTIFICATION_CONTENT_TYPE}`))
    errors.push(`a=accept-types:${USER_NOTIFICATION_CONTENT_TYPE} is required`);
  if (role === 'answer' && !attrs.has(`ms-rtc-accept-eventtemplates:${USER_NOTIFICATION_TEMPLATE}`))
    errors.push(`a=ms-rtc-accept-eventtemplates:${USER_NOTIFICATION_TEMPLATE} is required`);
  return errors;
}
