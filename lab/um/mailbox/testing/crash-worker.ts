/**
 * Test helper for store.test.ts: changes a mailbox as fast as it can until it
 * is killed (kill -9), printing each change once it has been committed.
 *   node --import tsx crash-worker.ts DIR
 * Each message's caller encodes its audio: sip:LENGTHxFILL@test.
 */
import { MailboxStore } from '../store';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-worker.ts DIR');
const store = await MailboxStore.open(dir, ['bob'], () => {});
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const messages = store.list('bob');
  const roll = Math.random();
  if (messages.length > 4 && roll < 0.3) {
    const victim = messages[Math.floor(Math.random() * messages.length)];
    if (!victim) continue;
    process.stdout.write(`deleting ${victim.id}\n`); // from here on its fate is unknown until "deleted"
    if (await store.delete('bob', victim.id)) process.stdout.write(`deleted ${victim.id}\n`);
  } else if (messages.length > 0 && roll < 0.5) {
    const target = messages[Math.floor(Math.random() * messages.length)];
    if (target && (await store.markHeard('bob', target.id))) process.stdout.write(`heard ${target.id}\n`);
  } else {
    const length = 4000 + Math.floor(Math.random() * 200000);
    const fill = Math.floor(Math.random() * 256);
    const message = await store.add('bob', {
      caller: `sip:${length}x${fill}@test`,
      callerName: `Caller ${i}`,
      receivedAt: new Date(),
      subject: `Message ${i}`,
      priority: i % 3 === 0 ? 'urgent' : 'normal',
      audio: Buffer.alloc(length, fill),
    });
    process.stdout.write(`added ${message.id}\n`);
  }
}
