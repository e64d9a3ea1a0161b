/** A voice message as stored and as the HTTP API shows it. */

export type MessagePriority = 'urgent' | 'normal';

export interface VoiceMessage {
  /** Random id (hex), unique per server; the API's itemId. */
  id: string;
  /** The caller's From URI, e.g. sip:alice@umphone.test. */
  caller: string;
  /** The caller's display name ('' if none). */
  callerName: string;
  /** ISO 8601 time the message was received. */
  receivedAt: string;
  durationSeconds: number;
  /** From the INVITE's Subject header (MS-OCEXUM 2.2.3), cleaned; '' if none. */
  subject: string;
  /** From the INVITE's Priority header (MS-OCEXUM 2.2.4). */
  priority: MessagePriority;
  /** Played at least once (RFC 3842 "old"). */
  heard: boolean;
  /** Audio file name inside the mailbox dir (WAV, mu-law 8000 Hz mono). */
  audioFile: string;
  /**
   * ISO 8601 time the owner deleted it from the web API: the message is in the trash, hidden from
   * every list, count and playback, and can be restored until the store purges it.
   */
  deletedAt?: string;
}

export interface MailboxFile {
  version: 1;
  user: string;
  messages: VoiceMessage[];
}

/** Counts for the message-summary body (RFC 3842 5.2). */
export interface MailboxSummary {
  newMessages: number;
  oldMessages: number;
  urgentNew: number;
  urgentOld: number;
}

export function summarize(messages: readonly VoiceMessage[]): MailboxSummary {
  const summary: MailboxSummary = { newMessages: 0, oldMessages: 0, urgentNew: 0, urgentOld: 0 };
  for (const m of messages) {
    const urgent = m.priority === 'urgent';
    if (m.heard) {
      summary.oldMessages++;
      if (urgent) summary.urgentOld++;
    } else {
      summary.newMessages++;
      if (urgent) summary.urgentNew++;
    }
  }
  return summary;
}

/** Header text becomes data: control characters removed, whitespace folded, length capped. */
export function cleanHeaderText(value: string | undefined, maxLength: number): string {
  if (value === undefined) return '';
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, maxLength)
      .trim()
  );
}

/** RFC 3261 20.26: Priority is a token; MS-OCEXUM 2.2.4 uses Urgent and Normal. "emergency" counts as urgent. */
export function parsePriority(value: string | undefined): MessagePriority {
  const token = (value ?? '').trim().toLowerCase();
  return token === 'urgent' || token === 'emergency' ? 'urgent' : 'normal';
}
