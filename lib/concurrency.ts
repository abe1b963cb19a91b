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
