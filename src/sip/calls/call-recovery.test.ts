/**
 * CallRecovery's answers to what comes back for its re-INVITE, with a stand-in session (the
 * two-party tests run the whole path over SIP.js; these pin the status rules one by one).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionState, type Core, type Session, type SessionInviteOptions } from 'sip.js';
import { DEFAULT_SETTINGS } from '../../config/settings';
import type { CallInfo } from '../call-state';
import { CALL_RECOVERY_LIMIT_MS, CallRecovery } from './call-recovery';
import { CallRegistry } from './call-registry';
import { Goodbyes } from './goodbyes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

class StandInSession {
  state = SessionState.Established;
  readonly stateChange = { addListener: () => undefined };
  sessionDescriptionHandlerOptionsReInvite: unknown;
  readonly invites: SessionInviteOptions[] = [];
  byes = 0;
  /** Media closed (the peer connection and its tracks). */
  mediaClosed = false;
  readonly sessionDescriptionHandler = { close: () => (this.mediaClosed = true) };
  invite(options: SessionInviteOptions): Promise<unknown> {
    this.invites.push(options);
    return Promise.resolve({});
  }
  bye(): Promise<unknown> {
    this.byes++;
    // As SIP.js does: the session ends as soon as the BYE is handed over (RFC 3261 §15.1.1).
    this.state = SessionState.Terminated;
    return Promise.resolve();
  }
  /** The far end's final answer to the last re-INVITE (no Call-ID: one SIP.js made itself). */
  answer(status: number, fromWire = true): void {
    const response = { message: { statusCode: status, callId: fromWire ? 'c1' : '' } };
    const delegate = this.invites.at(-1)!.requestDelegate!;
    if (status < 300) delegate.onAccept?.(response as unknown as Core.IncomingResponse);
    else delegate.onReject?.(response as unknown as Core.IncomingResponse);
  }
}

function setUp() {
  const updates: CallInfo[] = [];
  const calls = new CallRegistry({
    onCallUpdate: (c) => updates.push(c),
    speakerId: () => '',
    audioBlocked: () => undefined,
  });
  const session = new StandInSession();
  const call = calls.track(session as unknown as Session, {
    direction: 'outgoing',
    purpose: 'call',
    state: 'connected',
    peerUri: 'sip:bob@umphone.test',
    urgent: false,
  });
  const recovery = new CallRecovery(
    calls,
    DEFAULT_SETTINGS,
    new Goodbyes(),
    CALL_RECOVERY_LIMIT_MS,
    () => 0.5,
  );
  const last = () => updates.filter((u) => u.id === call.info.id).at(-1)!;
  return { calls, session, recovery, last };
}

describe('CallRecovery', () => {
  it('waits for the next connection, then re-INVITEs with an ICE restart, keeping hold as it was', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    expect(session.invites).toHaveLength(0);
    recovery.reconnected();
    expect(session.invites).toHaveLength(1);
    expect(session.invites[0]!.sessionDescriptionHandlerOptions).toMatchObject({
      hold: false,
      offerOptions: { iceRestart: true },
    });
    session.answer(200);
    expect(recovery.pending).toBe(0);
    await vi.advanceTimersByTimeAsync(CALL_RECOVERY_LIMIT_MS * 2);
    expect(last().state).toBe('connected');
  });

  it('491 (both re-INVITEd at once): again after a random 0–2 s (RFC 3261 §14.1)', async () => {
    const { session, recovery } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    session.answer(491);
    await vi.advanceTimersByTimeAsync(999);
    expect(session.invites).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.invites).toHaveLength(2);
  });

  it('488 (SIP.js’s answer while it rolls back an offer of its own): again after a random 0–2 s, not the end', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    session.answer(488);
    expect(last().state).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.invites).toHaveLength(2);
    session.answer(200);
    expect(recovery.pending).toBe(0);
  });

  it('481 (the far end no longer knows the call): ends at once with call-resume-refused', () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    session.answer(481);
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'call-resume-refused', status: 481 } });
    expect(session.byes).toBe(1);
  });

  it('477 or 408 (the proxy cannot reach the far end yet): tried again until the bound, then call-not-recovered', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    session.answer(477);
    await vi.advanceTimersByTimeAsync(2000);
    expect(session.invites).toHaveLength(2);
    session.answer(408);
    expect(last().state).toBe('connected');
    await vi.advanceTimersByTimeAsync(CALL_RECOVERY_LIMIT_MS);
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'call-not-recovered', seconds: 20 } });
  });

  it('SIP.js’s own 503 (the new connection failed too): waits for the next reconnection, no new re-INVITE', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    session.answer(503, false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(session.invites).toHaveLength(1);
    expect(last().state).toBe('connected');
    recovery.reconnected();
    expect(session.invites).toHaveLength(2);
  });

  it('a call not yet answered cannot be carried over: it ends with connection-lost', () => {
    const { session, recovery, last } = setUp();
    session.state = SessionState.Establishing;
    recovery.connectionLost();
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'connection-lost' } });
  });

  it('a hang-up while disconnected ends the call at once and sends its BYE once registered again', () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    expect(recovery.hangUp(last().id)).toBe(true);
    // Ended for the user now, media stopped, but no BYE into a missing connection.
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'you-hung-up' } });
    expect(session.mediaClosed).toBe(true);
    expect(session.byes).toBe(0);
    expect(recovery.pending).toBe(0);
    recovery.reconnected();
    // The BYE goes over the new connection; no recovery re-INVITE for a call the user ended.
    expect(session.byes).toBe(1);
    expect(session.invites).toHaveLength(0);
    expect(recovery.goodbyesPending).toBe(0);
    recovery.reconnected();
    expect(session.byes).toBe(1);
  });

  it('a waiting BYE outlives any backoff: still offline long after the bound, it goes out once registered', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.hangUp(last().id);
    await vi.advanceTimersByTimeAsync(CALL_RECOVERY_LIMIT_MS * 3);
    // No BYE into a missing connection, where SIP.js would lose it.
    expect(session.byes).toBe(0);
    expect(recovery.goodbyesPending).toBe(1);
    recovery.reconnected();
    expect(session.byes).toBe(1);
    expect(recovery.goodbyesPending).toBe(0);
    // The call stays ended as the user ended it (not "not recovered").
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'you-hung-up' } });
  });

  it('sign-out sends a waiting BYE on what is left', () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.hangUp(last().id);
    recovery.dispose();
    expect(session.byes).toBe(1);
    expect(recovery.goodbyesPending).toBe(0);
  });

  it('a call still disconnected at the bound ends for the user, and its BYE waits for the next registration', async () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    await vi.advanceTimersByTimeAsync(CALL_RECOVERY_LIMIT_MS);
    expect(last()).toMatchObject({ state: 'ended', ended: { kind: 'call-not-recovered', seconds: 20 } });
    expect(session.mediaClosed).toBe(true);
    expect(session.byes).toBe(0);
    recovery.reconnected();
    expect(session.byes).toBe(1);
    expect(session.invites).toHaveLength(0);
  });

  it('the far end ended the dialog meanwhile: no BYE on the next connection', () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.hangUp(last().id);
    session.state = SessionState.Terminated;
    recovery.reconnected();
    expect(session.byes).toBe(0);
  });

  it('registered again, the re-INVITE still out: the hang-up is an ordinary one (BYE at once), and the late 200 changes nothing', () => {
    const { session, recovery, last } = setUp();
    recovery.connectionLost();
    recovery.reconnected();
    expect(session.invites).toHaveLength(1);
    // A connection is there: the caller sends the BYE now (in-call controls).
    expect(recovery.hangUp(last().id)).toBe(false);
    expect(recovery.pending).toBe(0);
    const updates = last();
    session.answer(200);
    expect(last()).toBe(updates);
  });

  it('a call not waiting (connection never lost) is hung up as usual', () => {
    const { recovery, last } = setUp();
    expect(recovery.hangUp(last().id)).toBe(false);
  });
});
