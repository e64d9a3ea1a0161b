/**
 * RFC 3842 message-summary bodies (`application/simple-message-summary`), as NOTIFYed for the
 * `message-summary` event package: how many voice messages wait, new and old, urgent included.
 */
export interface MessageSummary {
  /** RFC 3842 §5.2: `Messages-Waiting: yes|no`. */
  waiting: boolean;
  account?: string;
  /** Voice-Message new/old counts (RFC 3842 §5.2, message-context-class "voice-message"). */
  newMessages: number;
  oldMessages: number;
  urgentNew: number;
  urgentOld: number;
}

const MAX_COUNT = 1_000_000;

/** Reads a message-summary body; never throws. Unknown lines and other message classes are ignored. */
export function parseMessageSummary(body: string): MessageSummary {
  const summary: MessageSummary = {
    waiting: false,
    newMessages: 0,
    oldMessages: 0,
    urgentNew: 0,
    urgentOld: 0,
  };
  if (typeof body !== 'string') return summary;
  for (const line of body.slice(0, 64 * 1024).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'messages-waiting') summary.waiting = value.toLowerCase() === 'yes';
    else if (name === 'message-account') summary.account = value;
    else if (name === 'voice-message') {
      // RFC 3842 §5.2: "Voice-Message: 2/8 (0/2)" = new/old (urgent new/urgent old).
      const m = /^(\d+)\s*\/\s*(\d+)(?:\s*\(\s*(\d+)\s*\/\s*(\d+)\s*\))?/.exec(value);
      if (!m) continue;
      const n = (s: string | undefined) => Math.min(MAX_COUNT, Number(s ?? 0));
      summary.newMessages = n(m[1]);
      summary.oldMessages = n(m[2]);
      summary.urgentNew = n(m[3]);
      summary.urgentOld = n(m[4]);
    }
  }
  return summary;
}
