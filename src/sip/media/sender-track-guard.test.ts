import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SenderTrackGuardHandler } from './sender-track-guard';

/*
 * WebRTC does not run under Node: these fakes stand in for the browser's RTCPeerConnection,
 * MediaStream and tracks, just enough for SIP.js's own SessionDescriptionHandler code (constraint
 * comparison, track replacement) to run unchanged. The real thing is the one-active-call e2e
 * journey (a microphone change, then Swap) in Chromium.
 */
class FakeTrack {
  enabled = true;
  readyState = 'live';
  constructor(readonly kind: string) {}
  stop(): void {
    this.readyState = 'ended';
  }
}

class FakeStream extends EventTarget {
  private readonly tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    super();
    this.tracks.push(...tracks);
  }
  getTracks = () => [...this.tracks];
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  addTrack = (t: FakeTrack) => void this.tracks.push(t);
  removeTrack = (t: FakeTrack) => void this.tracks.splice(this.tracks.indexOf(t), 1);
}

/** A sender whose replaceTrack settles when the test says so; `put` says if each track came live. */
class FakeSender {
  readonly pending: (() => void)[] = [];
  readonly put: boolean[] = [];
  constructor(public track: FakeTrack | null) {
    this.put.push(track?.enabled ?? false);
  }
  replaceTrack(track: FakeTrack): Promise<void> {
    this.put.push(track.enabled);
    return new Promise((resolve) =>
      this.pending.push(() => {
        this.track = track;
        resolve();
      }),
    );
  }
}

class FakePeerConnection {
  readonly senders: FakeSender[] = [];
  signalingState = 'stable';
  getSenders = () => this.senders;
  getReceivers = () => [];
  addTrack = (track: FakeTrack) => void this.senders.push(new FakeSender(track));
  addEventListener(): void {}
  close(): void {}
}

class FakeTrackEvent extends Event {
  readonly track: unknown;
  constructor(type: string, init: { track: unknown }) {
    super(type);
    this.track = init.track;
  }
}

const logger = { debug() {}, log() {}, warn() {}, error() {} };

/** The handler with a microphone that hands out a fresh (live) track on every getUserMedia. */
function handler() {
  const fetched: FakeTrack[] = [];
  const factory = () => {
    const track = new FakeTrack('audio');
    fetched.push(track);
    return Promise.resolve(new FakeStream([track]) as unknown as MediaStream);
  };
  const sdh = new SenderTrackGuardHandler(logger as never, factory, {});
  const pc = sdh.peerConnection as unknown as FakePeerConnection;
  // SIP.js's protected step of every offer and answer: fetch the microphone if the constraints changed.
  const media = (constraints: MediaStreamConstraints) =>
    (
      sdh as unknown as { getLocalMediaStream(o: { constraints: MediaStreamConstraints }): Promise<void> }
    ).getLocalMediaStream({ constraints });
  /** Lets every pending replaceTrack finish, then the promise chain behind it. */
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0));
      for (const s of pc.senders) s.pending.splice(0).forEach((go) => go());
    }
    await new Promise((r) => setTimeout(r, 0));
  };
  return { sdh, pc, fetched, media, settle };
}

describe('SenderTrackGuardHandler: a microphone never goes live by itself', () => {
  beforeEach(() => {
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    vi.stubGlobal('MediaStream', FakeStream);
    vi.stubGlobal('MediaStreamTrackEvent', FakeTrackEvent);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a track SIP.js fetches again for a held call (new constraints) reaches the sender silent', async () => {
    const { sdh, pc, fetched, media, settle } = handler();
    await media({ audio: true, video: false });
    expect(pc.senders[0]!.track!.enabled).toBe(true);

    sdh.enableSenderTracks(false); // held
    const replaced = media({ audio: { deviceId: 'other-microphone' }, video: false });
    await settle();
    await replaced;
    expect(fetched).toHaveLength(2);
    expect(pc.senders[0]!.track).toBe(fetched[1]);
    expect(pc.senders[0]!.put).toEqual([true, false]);
    expect(fetched[1]!.enabled).toBe(false);

    sdh.enableSenderTracks(true); // resumed
    expect(fetched[1]!.enabled).toBe(true);
  });

  it('a hold asked while the replacement is still pending holds the new track too', async () => {
    const { sdh, pc, fetched, media, settle } = handler();
    await media({ audio: true, video: false });
    const replaced = media({ audio: { deviceId: 'other-microphone' }, video: false });
    while (pc.senders[0]!.pending.length === 0) await new Promise((r) => setTimeout(r, 0));
    expect(fetched[1]!.enabled).toBe(true); // live when it set out: the call was live then
    sdh.enableSenderTracks(false); // reaches the old track only: the sender still carries it
    await settle();
    await replaced;
    expect(pc.senders[0]!.track).toBe(fetched[1]);
    expect(fetched[1]!.enabled).toBe(false);
    expect(sdh.senderTracksEnabled).toBe(false);
  });

  it('a call held before its microphone arrives gets it silent', async () => {
    const { sdh, pc, media } = handler();
    sdh.enableSenderTracks(false);
    await media({ audio: true, video: false });
    expect(pc.senders[0]!.put).toEqual([false]);
    expect(pc.senders[0]!.track!.enabled).toBe(false);
  });

  it('the same constraints fetch nothing and leave the decision alone', async () => {
    const { sdh, pc, fetched, media, settle } = handler();
    await media({ audio: true, video: false });
    sdh.enableSenderTracks(false);
    await media({ audio: true, video: false });
    await settle();
    expect(fetched).toHaveLength(1);
    expect(pc.senders[0]!.track!.enabled).toBe(false);
  });
});
