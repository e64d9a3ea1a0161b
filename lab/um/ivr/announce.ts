/** Texts the server speaks about mailboxes and messages. */
import type { MailboxSummary, VoiceMessage } from '../mailbox/types';

function plural(n: number, word: string): string {
  return `${n === 0 ? 'no' : String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** "You have 2 new messages, 1 of them urgent, and 3 saved messages." */
export function mailboxSummaryText(summary: MailboxSummary): string {
  let text = `You have ${plural(summary.newMessages, 'new message')}`;
  if (summary.urgentNew > 0) text += `, ${summary.urgentNew} of them urgent`;
  if (summary.oldMessages > 0) text += `, and ${plural(summary.oldMessages, 'saved message')}`;
  return `${text}.`;
}

/** "Message from Alice Example, received Monday 3:05 PM, subject Quarterly numbers. Urgent." */
export function messageHeaderText(message: VoiceMessage, timeZone?: string): string {
  const from =
    message.callerName || message.caller.replace(/^sips?:/i, '').replace(/@.*$/, '') || 'an unknown caller';
  const when = new Date(message.receivedAt).toLocaleString('en-US', {
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  });
  let text = `Message from ${from}, received ${when}`;
  if (message.subject) text += `, subject ${message.subject}`;
  text += '.';
  if (message.priority === 'urgent') text += ' Urgent.';
  return text;
}

/** "Please leave a message for Bob Example after the tone." */
export function depositGreetingText(name: string): string {
  return `Please leave a message for ${name} after the tone.`;
}
