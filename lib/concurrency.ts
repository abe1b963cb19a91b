/** Runs async work over items with at most `limit` in flight at once. */

/** One item's outcome. */
export type Outcome<T, R> = { item: T; ok: true; value: R } | {
  item: T;
  ok: false;
  error: unknown;
};

/** Maps `items` through `work`, `limit` at a time, keeping order; never throws. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  onDone?: (done: number, total: number) => void,
): Promise<Outcome<T, R>[]> {
  const results: Outcome<T, R>[] = new Array(items.length);
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      try {
        results[index] = { item, ok: true, value: await work(item) };
      } catch (error) {
        results[index] = { item, ok: false, error };
      }
      onDone?.(++done, items.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * At most `limit` tasks at once across every caller that shares it: bulk work spread over
 * several walkers (one per user) keeps one bound on the requests in flight.
 */
export class Semaphore {
  #free: number;
  #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#free = Math.max(1, limit);
  }

  /** Runs `task` once a slot is free; the slot is released when it settles. */
  async run<R>(task: () => Promise<R>): Promise<R> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * Runs `work` over items pulled one by one from `items` (an array, a generator, an async
 * generator), at most `limit` at once. Nothing is kept per item once its work is done, so a
 * stream of any length runs in bounded memory; `work` reports its own outcome and must not
 * throw (a throw stops the pulling and is rethrown once the work in flight has settled).
 */
export async function forEachBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items
    ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (items as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  let failure: unknown;
  async function worker() {
    while (!failed) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (err) {
        if (!failed) failure = err;
        failed = true;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failed) {
    await iterator.return?.();
    throw failure;
  }
}
