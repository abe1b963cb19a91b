/**
 * The ids a paged walk has already listed, to stop on a page that repeats one. A million ids
 * held as strings cost about 77 MB; a UUID in its lowercase canonical form is held here as 16
 * bytes in an open-addressing table instead (about 34 MB at a million, exact, no false
 * positives). Any other id (other spelling, names, numbers) is kept as a string. The hash is
 * keyed with a random seed per set, so a hostile server cannot choose ids that all collide.
 */

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A set of id strings; `add` says whether the id was new. */
export class IdSet {
  #keys = new Uint32Array(4 * 1024);
  #used = new Uint8Array(1024);
  #count = 0;
  #others = new Set<string>();
  readonly #seed = crypto.getRandomValues(new Uint32Array(1))[0] | 1;

  /** How many ids the set holds. */
  get size(): number {
    return this.#count + this.#others.size;
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
    if (!this.#insert(a, b, c, d)) return false;
    if (this.#count * 4 > this.#used.length * 3) this.#grow();
    return true;
  }

  #slot(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(this.#seed ^ a, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ b, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ c, 0x9e3779b1);
    h = Math.imul((h ^ (h >>> 15)) ^ d, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h & (this.#used.length - 1);
  }

  #insert(a: number, b: number, c: number, d: number): boolean {
    const keys = this.#keys;
    const used = this.#used;
    const mask = used.length - 1;
    for (let i = this.#slot(a, b, c, d);; i = (i + 1) & mask) {
      if (!used[i]) {
        used[i] = 1;
        keys[4 * i] = a;
        keys[4 * i + 1] = b;
        keys[4 * i + 2] = c;
        keys[4 * i + 3] = d;
        this.#count++;
        return true;
      }
      if (
        keys[4 * i] === a && keys[4 * i + 1] === b && keys[4 * i + 2] === c &&
        keys[4 * i + 3] === d
      ) return false;
    }
  }

  #grow(): void {
    const keys = this.#keys;
    const used = this.#used;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#used = new Uint8Array(used.length * 2);
    this.#count = 0;
    for (let i = 0; i < used.length; i++) {
      if (used[i]) this.#insert(keys[4 * i], keys[4 * i + 1], keys[4 * i + 2], keys[4 * i + 3]);
    }
  }
}
