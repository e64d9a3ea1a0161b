/**
 * Goodbyes' rules one by one, with stand-ins for SIP.js's session, dialog and request (the
 * two-party failover test runs the whole path over SIP.js and an unnoticed dead connection).
 */
import { describe, expect, it } from 'vitest';
import { SessionState, type Core, type Session } from 'sip.js';
import { Goodbyes } from './goodbyes';

/** An answer as the delegate gets it: from the wire (with a Call-ID) or made up by SIP.js. */
const answer = (status: number, fromWire: boolean) =>
  ({ message: { statusCode: status, callId: fromWire ? 'c1' : '' } }) as unknown as Core.IncomingResponse;

class StandInRequest {
  disposed = false;
  constructor(readonly delegate: Core.OutgoingRequestDelegate | undefined) {}
  /** What failRequestOnLostConnection calls: SIP.js answers its own 503. */
  onTransportError(): void {
    this.delegate?.onReject?.(answer(503, false));
  }
  dispose(): void {
    this.disposed = true;
  }
  reply(status: number, fromWire = true): void {
    if (status < 300) this.delegate?.onAccept?.(answer(status, fromWire));
    else this.delegate?.onReject?.(answer(status, fromWire));
  }
}

/** The core dialog: each bye() is one more BYE in it. */
class StandInDialog {
  readonly byes: StandInRequest[] = [];
  bye(delegate?: Core.OutgoingRequestDelegate): StandInRequest {
    const request = new StandInRequest(delegate);
    this.byes.push(request);
    return request;
  }
}

async function hungUp(goodbyes: Goodbyes) {
  const dialog = new StandInDialog();
  const session = {
    dialog,
    bye: (options: { requestDelegate?: Core.OutgoingRequestDelegate }) =>
      Promise.resolve(dialog.bye(options.requestDelegate)),
  };
  goodbyes.say(session as unknown as Session);
  await Promise.resolve();
  return dialog;
}

describe('Goodbyes', () => {
  it('a BYE unanswered when its connection is lost ends there and goes again, once, on the next registration', async () => {
    const goodbyes = new Goodbyes();
    const dialog = await hungUp(goodbyes);
    goodbyes.connectionLost();
    expect(dialog.byes[0]!.disposed).toBe(true);
    expect(dialog.byes).toHaveLength(1);
    expect(goodbyes.pending).toBe(1);
    goodbyes.reconnected();
    expect(dialog.byes).toHaveLength(2);
    dialog.byes[1]!.reply(200);
    goodbyes.connectionLost();
    goodbyes.reconnected();
    expect(dialog.byes).toHaveLength(2);
  });

  it('lost again before its answer: it goes again on the connection after', async () => {
    const goodbyes = new Goodbyes();
    const dialog = await hungUp(goodbyes);
    goodbyes.connectionLost();
    goodbyes.reconnected();
    goodbyes.connectionLost();
    goodbyes.reconnected();
    expect(dialog.byes).toHaveLength(3);
  });

  it('SIP.js could not hand it to the connection (its own 503): it goes again on the next registration', async () => {
    const goodbyes = new Goodbyes();
    const dialog = await hungUp(goodbyes);
    dialog.byes[0]!.reply(503, false);
    expect(goodbyes.pending).toBe(1);
    goodbyes.reconnected();
    expect(dialog.byes).toHaveLength(2);
  });

  it.each([
    ['the far end’s 200', 200, true],
    ['a 481 (the far end had ended the dialog)', 481, true],
    ['a 503 from the network', 503, true],
    ['SIP.js’s 408 after a timeout on a live connection', 408, false],
  ])('done with after %s: not sent again', async (_what, status, fromWire) => {
    const goodbyes = new Goodbyes();
    const dialog = await hungUp(goodbyes);
    dialog.byes[0]!.reply(status, fromWire);
    goodbyes.connectionLost();
    goodbyes.reconnected();
    goodbyes.dispose();
    expect(dialog.byes).toHaveLength(1);
    expect(dialog.byes[0]!.disposed).toBe(false);
  });

  it('a hang-up while disconnected waits for the next registration; not if the far end ended the call meanwhile', () => {
    const goodbyes = new Goodbyes();
    const byes: string[] = [];
    const session = (name: string, state: SessionState) =>
      ({
        state,
        dialog: undefined,
        bye: () => {
          byes.push(name);
          return Promise.resolve();
        },
      }) as unknown as Session;
    goodbyes.later(session('waits', SessionState.Established));
    goodbyes.later(session('ended by the far end', SessionState.Terminated));
    expect(goodbyes.pending).toBe(2);
    expect(byes).toEqual([]);
    goodbyes.reconnected();
    expect(byes).toEqual(['waits']);
    expect(goodbyes.pending).toBe(0);
  });

  it('sign-out sends what waits on what is left', async () => {
    const goodbyes = new Goodbyes();
    const dialog = await hungUp(goodbyes);
    goodbyes.connectionLost();
    goodbyes.dispose();
    expect(dialog.byes).toHaveLength(2);
    expect(goodbyes.pending).toBe(0);
  });
});
