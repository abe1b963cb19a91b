// TEST ONLY. A hostile server on 127.0.0.1: it answers every request with one chosen attack
// instead of the API, for the tests of the client's limits. Bodies are streamed, so a huge or
// endless body costs this process nothing while the client reads it.

/** What the hostile server sends. */
export type HostileMode =
  /** 200 JSON: `bytes` of a JSON array's whitespace, streamed. */
  | { kind: "huge"; bytes: number }
  /** 200 with Content-Encoding gzip: `bytes` of zeros compressed (small on the wire). */
  | { kind: "gzip-bomb"; bytes: number }
  /** 200 JSON: a body that never ends (a few bytes every 50 ms, until the client leaves). */
  | { kind: "endless-body" }
  /**
   * A listing of `total` items (`Infinity`: pages without end), honouring limit and offset,
   * each item with a unique id and a name.
   */
  | { kind: "pages"; total: number }
  /** Every page holds the items of offset 0 shifted by one: each page repeats ids. */
  | { kind: "repeating-pages" }
  /** An error (status) whose body reflects the request: its headers and body, in JSON. */
  | { kind: "reflect"; status: number };

/** A running hostile server. */
export interface HostileServer {
  url: string;
  /** Paths of the requests seen, with their query. */
  requests: string[];
  setMode(mode: HostileMode): void;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

function idOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

function item(n: number): Record<string, unknown> {
  return {
    id: idOf(n),
    name: `name-${n}`,
    username: `user-${n}`,
    email: `user-${n}@example.invalid`,
    "tenant-id": null,
    role: "tenant-user",
    created_at: "2026-01-01T00:00:00Z",
    expires_at: "2026-12-31T00:00:00Z",
  };
}

/** A stream of `total` bytes made by `fill` in chunks, produced only as fast as it is read. */
function byteStream(total: number, fill: (chunk: Uint8Array) => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(CHUNK, total - sent));
      fill(chunk);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 1 });
}

function page(total: number, params: URLSearchParams): unknown[] {
  const offset = Number(params.get("offset") ?? 0);
  const limit = params.has("limit") ? Number(params.get("limit")) : 1000;
  const out: unknown[] = [];
  for (let n = offset; n < Math.min(total, offset + limit); n++) out.push(item(n));
  return out;
}

/** Starts a hostile server on a free loopback port. */
export function startHostileServer(initial: HostileMode): HostileServer {
  let mode = initial;
  const requests: string[] = [];
  /** Stops each endless body still being sent. */
  const endless = new Set<() => void>();
  const abort = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: abort.signal,
    onListen() {},
  }, async (req) => {
    const url = new URL(req.url);
    requests.push(url.pathname + url.search);
    const body = await req.text();
    switch (mode.kind) {
      case "huge": {
        const open = new TextEncoder().encode("[");
        const stream = byteStream(mode.bytes, (chunk) => chunk.fill(0x20));
        return new Response(
          stream.pipeThrough(
            new TransformStream({
              start(c) {
                c.enqueue(open);
              },
            }),
          ),
          { headers: { "content-type": "application/json" } },
        );
      }
      case "gzip-bomb": {
        const zeros = byteStream(mode.bytes, () => {});
        return new Response(
          zeros.pipeThrough(
            new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
          ),
          {
            headers: { "content-type": "application/json", "content-encoding": "gzip" },
          },
        );
      }
      case "endless-body": {
        let stop = () => {};
        const tick = new TextEncoder().encode("[ ");
        return new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              const timer = setInterval(() => {
                try {
                  controller.enqueue(tick);
                } catch {
                  stop();
                }
              }, 50);
              stop = () => {
                clearInterval(timer);
                endless.delete(stop);
                try {
                  controller.close();
                } catch {
                  // already closed or cancelled
                }
              };
              endless.add(stop);
            },
            cancel() {
              stop();
            },
          }),
          { headers: { "content-type": "application/json" } },
        );
      }
      case "pages":
        return Response.json(page(mode.total, url.searchParams));
      case "repeating-pages": {
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const limit = Number(url.searchParams.get("limit") ?? 100);
        // Each page starts one item after the previous page's start: all but one id repeat.
        const shifted = new URLSearchParams({
          offset: String(offset / limit),
          limit: String(limit),
        });
        return Response.json(page(Infinity, shifted));
      }
      case "reflect":
        return Response.json({
          error: `bad request: ${
            JSON.stringify({
              url: req.url,
              headers: Object.fromEntries(req.headers),
              body,
            })
          } ${"and more ".repeat(80)}`,
        }, { status: mode.status });
    }
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    setMode(next) {
      mode = next;
    },
    async close() {
      for (const stop of [...endless]) stop();
      abort.abort();
      await server.finished;
    },
  };
}
