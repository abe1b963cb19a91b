/**
 * The ids a paged walk has already listed, to stop on a page that repeats one. A million ids
 * held as strings cost about 77 MB; a UUID in its lowercase canonical form is held here as 16
 * bytes in open-addressing tables instead (about 22 MB at a million, exact, no false
 * positives). Any other id (other spelling, names, numbers) is kept as a string. The hash is
 * keyed with a random seed per set, so a hostile server cannot choose ids that all collide.
 *
 * One table doubling in place held the old and the new table at once: 51 MB while a million
 * ids grew it from 2^20 slots to 2^21, 34 MB after, for 16 MB of ids. So the UUIDs are spread
 * over SHARDS small tables by their hash, each grown by GROWTH on its own, and the shards'
 * sizes are staggered so that they do not all grow at the same count: while one is copied,
 * the others stand, and the set as a whole grows smoothly instead of in steps.
 */

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The hash's top SHARD_BITS bits pick one of the SHARDS tables. */
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
/** Its other bits, scaled to a table's size (not a power of two), pick the first slot tried. */
const SPAN = 2 ** (32 - SHARD_BITS);
/** Slots in the smallest table: about 70 KB for all of them before the first id. */
const FIRST_SLOTS = 64;
/** A table grows by a quarter, not double, so that most of its slots are in use at any time. */
const GROWTH = 1.25;
/** At this load a new id takes about 13 probes on average, 4 to 5 right after a growth. */
const MAX_LOAD = 0.8;

/** How many slots shard `shard` has after `level` growths: FIRST_SLOTS·GROWTH^(level + shard/SHARDS). */
function slotsOf(shard: number, level: number): number {
  return Math.ceil(FIRST_SLOTS * GROWTH ** (level + shard / SHARDS));
}

/** A set of id strings; `add` says whether the id was new. */
export class IdSet {
  /** Four words per slot; an all-zero key marks a free slot (the nil UUID is `#nil` instead). */
  #tables: Uint32Array<ArrayBuffer>[] = [];
  #counts = new Int32Array(SHARDS);
  #limits = new Int32Array(SHARDS);
  #levels = new Uint8Array(SHARDS);
  #count = 0;
  #nil = false;
  #others = new Set<string>();
  readonly #seed = crypto.getRandomValues(new Uint32Array(1))[0] | 1;

  constructor() {
    for (let s = 0; s < SHARDS; s++) {
      const slots = slotsOf(s, 0);
      this.#tables.push(new Uint32Array(4 * slots));
      this.#limits[s] = Math.floor(slots * MAX_LOAD);
    }
  }

  /** How many ids the set holds. */
  get size(): number {
    return this.#count + (this.#nil ? 1 : 0) + this.#others.size;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (id.length !== 36 || !CANONICAL.test(id)) {
      if (this.#others.has(id)) return false;
      this.#others.add(id);
      return true;
    }
    const a = parseInt(id.slice(0, 8), 16) >>> 0;
    const b = parseInt(id.slice(9, 13) + id.slice(14, 18), 16) >>> 0;
    const c = parseInt(id.slice(19, 23) + id.slice(24, 28), 16) >>> 0;
    const d = parseInt(id.slice(28, 36), 16) >>> 0;
    if ((a | b | c | d) === 0) {
      if (this.#nil) return false;
      this.#nil = true;
      return true;
    }
    const h = this.#hash(a, b, c, d);
    const shard = h >>> (32 - SHARD_BITS);
    if (!insert(this.#tables[shard], h, a, b, c, d)) return false;
    this.#count++;
    if (++this.#counts[shard] > this.#limits[shard]) this.#grow(shard);
    return true;
  }

  #hash(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(this.#seed ^ a, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ b, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ c, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ d, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h >>> 0;
  }

  #grow(shard: number): void {
    const old = this.#tables[shard];
    const level = ++this.#levels[shard];
    const slots = slotsOf(shard, level);
    const table = new Uint32Array(4 * slots);
    for (let i = 0; i < old.length; i += 4) {
      const a = old[i], b = old[i + 1], c = old[i + 2], d = old[i + 3];
      if ((a | b | c | d) !== 0) insert(table, this.#hash(a, b, c, d), a, b, c, d);
    }
    this.#tables[shard] = table;
    // Detached, the old table's memory is freed now: it has lived long, so the collector would
    // free it only at its next full collection (a million ids added alone ended with 6.8 MB of
    // dropped tables still held).
    old.buffer.transfer(0);
    this.#limits[shard] = Math.floor(slots * MAX_LOAD);
  }
}

/**
 * Puts a non-zero key in `table` by linear probing from the slot its hash's low bits scale to;
 * false when it is there already.
 */
function insert(
  table: Uint32Array,
  h: number,
  a: number,
  b: number,
  c: number,
  d: number,
): boolean {
  const slots = table.length >>> 2;
  let i = 4 * Math.floor(((h & (SPAN - 1)) * slots) / SPAN);
  for (;;) {
    const ka = table[i], kb = table[i + 1], kc = table[i + 2], kd = table[i + 3];
    if ((ka | kb | kc | kd) === 0) {
      table[i] = a;
      table[i + 1] = b;
      table[i + 2] = c;
      table[i + 3] = d;
      return true;
    }
    if (ka === a && kb === b && kc === c && kd === d) return false;
    i += 4;
    if (i === table.length) i = 0;
  }
}
