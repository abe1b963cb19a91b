/**
 * The deadlines of a client's requests, watched by one timer at a time.
 *
 * A timer of its own per request (`AbortSignal.timeout`) cannot be cancelled: each one stays
 * armed for the whole timeout after its request has finished, and keeps that request's signal,
 * and what fetch hung on it, alive until then. Over 10,000 revocations that was tens of
 * megabytes held for 30 s, copied by every garbage collection. Here a finished request lets go
 * of its controller at once. Every request of one client has the same timeout, so deadlines
 * come due in the order the requests started: they wait in a queue, and the one timer is set
 * for the oldest deadline still running. (The global setTimeout is not used: it loads Deno's
 * Node layer.)
 */

interface Entry {
  at: number;
  controller: AbortController | undefined;
}

/** One request's deadline: its signal, and `done` once its whole reply has been read. */
export interface Deadline {
  readonly signal: AbortSignal;
  done(): void;
}

/** Deadlines of `ms` each; `signal` of a request aborts with a TimeoutError when it is due. */
export class Deadlines {
  readonly ms: number;
  #queue: Entry[] = [];
  #head = 0;
  /** When the armed timer fires (Infinity: none is armed). */
  #armedFor = Infinity;

  constructor(ms: number) {
    this.ms = ms;
  }

  /** Starts the deadline of one request. */
  start(): Deadline {
    const controller = new AbortController();
    const entry: Entry = { at: performance.now() + this.ms, controller };
    this.#queue.push(entry);
    if (this.#armedFor === Infinity) this.#arm(entry.at);
    return {
      signal: controller.signal,
      done: () => {
        entry.controller = undefined;
        this.#dropFinished();
      },
    };
  }

  /** Requests whose deadline is still running. */
  get pending(): number {
    let n = 0;
    for (let i = this.#head; i < this.#queue.length; i++) if (this.#queue[i].controller) n++;
    return n;
  }

  #arm(at: number): void {
    this.#armedFor = at;
    const timer = AbortSignal.timeout(Math.max(0, Math.ceil(at - performance.now())));
    timer.addEventListener("abort", () => this.#fire(), { once: true });
  }

  /** Aborts every request now due; sets the timer for the next deadline still running. */
  #fire(): void {
    this.#armedFor = Infinity;
    const now = performance.now();
    for (; this.#head < this.#queue.length; this.#head++) {
      const entry = this.#queue[this.#head];
      if (!entry.controller) continue;
      if (entry.at > now) break;
      const controller = entry.controller;
      entry.controller = undefined;
      controller.abort(new DOMException("The request timed out", "TimeoutError"));
    }
    this.#compact();
    if (this.#head < this.#queue.length) this.#arm(this.#queue[this.#head].at);
  }

  /** Forgets the finished requests at the front of the queue (most finish in order). */
  #dropFinished(): void {
    while (this.#head < this.#queue.length && !this.#queue[this.#head].controller) this.#head++;
    this.#compact();
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
