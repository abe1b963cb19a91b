/**
 * The client's per-request transport work: request URLs joined as text must be exactly what
 * the URL parser makes of them, and request deadlines (lib/api/deadline.ts) abort what is due,
 * only that, and let go of finished requests.
 */
import assert from "node:assert/strict";
import { ApiClient } from "../lib/api/client.ts";
import { Deadlines } from "../lib/api/deadline.ts";

/** What the parser makes of base + path + query: the URL the request must go to. */
function parsed(base: string, path: string, query: Record<string, string | number | undefined>) {
  const url = new URL(base.replace(/\/+$/, "") + path);
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url;
}

Deno.test("request URLs joined as text are what the URL parser makes of them", async () => {
  const bases = [
    "http://127.0.0.1:8080",
    "http://127.0.0.1:8080/",
    "http://127.0.0.1:8080/pangolin",
    "http://[::1]:9000",
    "https://catalog.example.invalid",
    "HTTP://Catalog.Example.invalid:443/Base/",
    "https://catalog.example.invalid:443",
    "http://user:secret@127.0.0.1:8080",
    "http://127.0.0.1:8080/a/../b c/",
    "http://127.0.0.1:8080/x?y=1",
  ];
  const paths = [
    "/api/v1/users/0b9d7c1e-3f6a-4c2b-9e1d-5a4b3c2d1e0f/tokens",
    "/api/v1/catalogs/a%20b",
    "/api/v1/catalogs/..",
    "/api/v1/catalogs/%2e%2E/users",
    "/api/v1/catalogs/%2E",
    "/api/v1/catalogs/a.b",
    "/api/v1/catalogs/ä",
    "/api/v1/catalogs/a b",
    "/api/v1/catalogs/a?b",
    "/api/v1/catalogs/a#b",
    "/api/v1/catalogs/",
    "/api/v1//x",
    "/api/v1/x%zz",
  ];
  const queries = [{}, { limit: 5, offset: undefined }, { q: "a b&c=d/é", limit: 0 }, {
    offset: undefined,
  }];
  for (const base of bases) {
    const sent: string[] = [];
    const written: string[] = [];
    const api = new ApiClient({
      baseUrl: base,
      credential: { kind: "none" },
      timeoutSeconds: 10,
      fetch: ((input: string | URL) => {
        sent.push(String(input));
        return Promise.resolve(
          new Response("{}", { headers: { "content-type": "application/json" } }),
        );
      }) as typeof fetch,
      onWrite: (_method, path) => written.push(path),
      warn: { write: () => {} },
      userAgent: "transport-test",
    });
    for (const path of paths) {
      for (const query of queries) {
        const want = parsed(base, path, query);
        sent.length = 0;
        written.length = 0;
        await api.send("send", "POST", path, { query, json: {}, idempotent: true });
        assert.deepEqual(sent, [want.href], `${base} ${path} ${JSON.stringify(query)}`);
        assert.deepEqual(written, [want.pathname], `${base} ${path}`);
      }
    }
  }
});

/** Resolves when `signal` aborts, or rejects after `ms` (so a test cannot hang). */
function abortedWithin(signal: AbortSignal, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const cap = AbortSignal.timeout(ms);
    const fail = () => reject(new Error(`not aborted within ${ms} ms`));
    cap.addEventListener("abort", fail, { once: true });
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener("abort", () => {
      cap.removeEventListener("abort", fail);
      resolve(signal.reason);
    }, { once: true });
  });
}

Deno.test("a deadline aborts its request when due, with a TimeoutError, and only then", async () => {
  const deadlines = new Deadlines(150);
  const slow = deadlines.start();
  const quick = deadlines.start();
  quick.done();
  await new Promise<void>((resolve) => queueMicrotask(resolve));
  assert.equal(slow.signal.aborted, false, "aborted before its deadline");
  const started = performance.now();
  const reason = await abortedWithin(slow.signal, 10_000);
  assert.ok(performance.now() - started >= 100, "aborted well before its deadline");
  assert.ok(reason instanceof DOMException && reason.name === "TimeoutError", String(reason));
  assert.equal(quick.signal.aborted, false, "a finished request was aborted");
  slow.done();
  assert.equal(deadlines.pending, 0);
});

Deno.test("a deadline that starts after the watched one finished is still kept", async () => {
  // The timer is set for the first request; it finishes at once, and the next request's
  // deadline must be watched when that timer fires, not forgotten with it.
  const deadlines = new Deadlines(100);
  deadlines.start().done();
  await abortedWithin(AbortSignal.timeout(30), 10_000).catch(() => {});
  const later = deadlines.start();
  const reason = await abortedWithin(later.signal, 10_000);
  assert.equal((reason as DOMException).name, "TimeoutError");
  // Deadlines of different requests come due one after the other, each at its own time.
  const first = deadlines.start();
  await abortedWithin(AbortSignal.timeout(60), 10_000).catch(() => {});
  const second = deadlines.start();
  await abortedWithin(first.signal, 10_000);
  assert.equal(second.signal.aborted, false, "the second was aborted with the first");
  await abortedWithin(second.signal, 10_000);
});

Deno.test("finished requests are let go of: nothing is pending after many", () => {
  const deadlines = new Deadlines(60_000);
  const running = [];
  for (let i = 0; i < 10_000; i++) {
    running.push(deadlines.start());
    if (running.length > 8) running.shift()!.done();
  }
  assert.equal(deadlines.pending, 8);
  // Out of order, as concurrent requests finish.
  for (const d of running.reverse()) d.done();
  assert.equal(deadlines.pending, 0);
  assert.ok(running.every((d) => !d.signal.aborted));
});
