/**
 * Wrong PINs across calls. A mailbox's PIN is the second factor behind the SIP password (the
 * proxy tells the server whose mailbox a call is for; the PIN proves it is the owner who calls
 * over a connection that is not trusted for skip-pin). Three tries a call and unlimited calls
 * would let anyone holding the password find a 4-digit PIN in about 3,300 calls, so after
 * `maxFailures` wrong PINs in a row the mailbox takes no PIN for `lockMs`, twice as long after
 * each lockout that follows without a right PIN in between (up to `maxLockMs`). A right PIN
 * clears the count. skip-pin is not affected: the owner calling over a trusted connection is
 * never locked out by someone guessing.
 *
 * Kept in memory, per server: a restart forgets it, and two servers sharing one mailbox store
 * (the cluster lab) count apart.
 */
export interface PinGuardOptions {
  /** Wrong PINs in a row before PIN entry is locked. Default 10 (three calls' worth and one). */
  maxFailures: number;
  /** How long the first lockout lasts. Default 15 min. */
  lockMs: number;
  /** The longest lockout. Default 24 h. */
  maxLockMs: number;
}

export const DEFAULT_PIN_GUARD: PinGuardOptions = {
  maxFailures: 10,
  lockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
};

interface MailboxState {
  failures: number;
  /** Lockouts since the last right PIN. */
  lockouts: number;
  lockedUntil: number;
}

export class PinGuard {
  private readonly options: PinGuardOptions;
  private readonly mailboxes = new Map<string, MailboxState>();

  constructor(
    options: Partial<PinGuardOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_PIN_GUARD, ...options };
  }

  /** Whether `mailbox` takes no PIN now. */
  isLocked(mailbox: string): boolean {
    return (this.mailboxes.get(mailbox)?.lockedUntil ?? 0) > this.now();
  }

  /** A wrong PIN for `mailbox`; returns whether that locked it. */
  failed(mailbox: string): boolean {
    const state = this.mailboxes.get(mailbox) ?? { failures: 0, lockouts: 0, lockedUntil: 0 };
    this.mailboxes.set(mailbox, state);
    state.failures++;
    if (state.failures < this.options.maxFailures) return false;
    const lockMs = Math.min(this.options.lockMs * 2 ** state.lockouts, this.options.maxLockMs);
    state.lockouts++;
    state.failures = 0;
    state.lockedUntil = this.now() + lockMs;
    return true;
  }

  /** The right PIN for `mailbox`: the count starts again. */
  succeeded(mailbox: string): void {
    this.mailboxes.delete(mailbox);
  }
}
