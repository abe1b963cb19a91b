// Fixed-window counters for the Pangolin test double's credential throttles (spec 2.9).
// Expiry is computed lazily on each hit, so no timer is ever left running.

/** A per-key fixed-window counter; every counted hit extends the window from that hit. */
export class FixedWindow {
  #entries = new Map<string, { count: number; until: number }>();

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Whether the key has already reached the limit (a refused hit is not counted). */
  blocked(key: string, now = Date.now()): boolean {
    const e = this.#entries.get(key);
    if (!e || e.until <= now) return false;
    return e.count >= this.limit;
  }

  /** Counts one hit and extends the key's window to one window after now. */
  count(key: string, now = Date.now()): void {
    const e = this.#entries.get(key);
    const fresh = !e || e.until <= now;
    this.#entries.set(key, { count: fresh ? 1 : e.count + 1, until: now + this.windowMs });
  }

  /** Checks and counts in one step; false means refuse. */
  hit(key: string, now = Date.now()): boolean {
    if (this.blocked(key, now)) return false;
    this.count(key, now);
    return true;
  }

  /** Forgets a key (a successful login clears its account counter). */
  clear(key: string): void {
    this.#entries.delete(key);
  }
}
