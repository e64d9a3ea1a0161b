/**
 * What the benchmark puts into every page before the page's own scripts run (an init script):
 * - every RTCPeerConnection, kept as a WeakRef (so counting them never keeps one alive), with the
 *   time it was made;
 * - the time of every `200` to an INVITE that arrives on a WebSocket (the SIP transport), and
 *   for the load figure's breakdown: when the first WebSocket was made, when it opened and when
 *   the first REGISTER was sent (`performance.now()`);
 * - main-thread long tasks (PerformanceObserver 'longtask', epoch milliseconds);
 * - the time of the last click (capture phase, before the app's handlers run);
 * - DOM watchers: a MutationObserver that records `Date.now()` and `performance.now()` the moment
 *   a condition first holds (`marks[name]`), and disconnects itself when nothing is watched.
 * On the SPA (path `/`) two watchers start at once: the sign-in button in the DOM, and the status
 * text "Registered".
 */
export interface BenchMark {
  at: number;
  perf: number;
}

export interface BenchProbe {
  pcs: Array<{ ref: WeakRef<RTCPeerConnection>; created: number }>;
  ws200: number[];
  /** performance.now() of the first WebSocket made, opened, and REGISTER sent; undefined until then. */
  wsCreated?: number;
  wsOpen?: number;
  firstRegister?: number;
  longtasks: Array<{ start: number; duration: number }>;
  marks: Record<string, BenchMark>;
  lastClick: number;
  lastClickPerf: number;
  /** Watches until every [selector, text] pair is matched by some element (text: contained). */
  watchAll(name: string, pairs: Array<[string, string | null]>): void;
}

declare global {
  interface Window {
    __bench: BenchProbe;
  }
}

export function installProbes(): void {
  const watchers: Array<{ name: string; test: () => boolean }> = [];
  let observer: MutationObserver | undefined;
  const B: BenchProbe = {
    pcs: [],
    ws200: [],
    longtasks: [],
    marks: {},
    lastClick: 0,
    lastClickPerf: 0,
    watchAll(name, pairs) {
      delete B.marks[name];
      watchers.push({
        name,
        test: () =>
          pairs.every(([selector, text]) =>
            [...document.querySelectorAll(selector)].some(
              (el) => text === null || (el.textContent ?? '').includes(text),
            ),
          ),
      });
      if (!observer) {
        observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      }
      check();
    },
  };
  function check(): void {
    for (let i = watchers.length - 1; i >= 0; i--) {
      const w = watchers[i]!;
      if (!w.test()) continue;
      B.marks[w.name] = { at: Date.now(), perf: performance.now() };
      watchers.splice(i, 1);
    }
    if (watchers.length === 0 && observer) {
      observer.disconnect();
      observer = undefined;
    }
  }
  window.__bench = B;

  const NativePC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePC {
    constructor(config?: RTCConfiguration) {
      super(config);
      B.pcs.push({ ref: new WeakRef(this), created: Date.now() });
    }
  } as typeof RTCPeerConnection;

  const NativeWS = window.WebSocket;
  window.WebSocket = class extends NativeWS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      B.wsCreated ??= performance.now();
      this.addEventListener('open', () => void (B.wsOpen ??= performance.now()));
      this.addEventListener('message', (e: MessageEvent) => {
        const d: unknown = e.data;
        if (typeof d === 'string' && d.startsWith('SIP/2.0 200') && /\r\nCSeq:\s*\d+\s+INVITE\r\n/i.test(d)) {
          B.ws200.push(Date.now());
        }
      });
    }
    send(data: Parameters<WebSocket['send']>[0]): void {
      if (typeof data === 'string' && data.startsWith('REGISTER ')) B.firstRegister ??= performance.now();
      super.send(data);
    }
  } as typeof WebSocket;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the burst figure says so (no entries).
  }

  window.addEventListener(
    'click',
    () => {
      B.lastClick = Date.now();
      B.lastClickPerf = performance.now();
    },
    true,
  );

  // The SPA: at `/`, or at `/b/` (BENCH_AB_ROOT's build, figure 2's A/B).
  if (location.pathname === '/' || location.pathname === '/b/') {
    B.watchAll('signInReady', [['form button[type="submit"]', 'Sign in']]);
    B.watchAll('registered', [['[data-testid="registration-status"]', 'Registered']]);
  }
}

/**
 * In the page: waits until a peer connection made at or after `since` has received an RTP packet;
 * resolves with Date.now() at that moment (polled every 5 ms, so up to ~5 ms late) or 0 on timeout.
 */
export async function firstRtpAfter(since: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const { ref, created } of window.__bench.pcs) {
      const pc = ref.deref();
      if (!pc || created < since || pc.connectionState === 'closed') continue;
      let got = false;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio' && (s.packetsReceived ?? 0) > 0) got = true;
      });
      if (got) return Date.now();
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return 0;
}

/** In the page: peer connections still referenced, and those of them not closed. */
export function peerConnectionCounts(): { made: number; retained: number; open: number } {
  let retained = 0;
  let open = 0;
  for (const { ref } of window.__bench.pcs) {
    const pc = ref.deref();
    if (!pc) continue;
    retained++;
    if (pc.connectionState !== 'closed' && pc.signalingState !== 'closed') open++;
  }
  return { made: window.__bench.pcs.length, retained, open };
}
