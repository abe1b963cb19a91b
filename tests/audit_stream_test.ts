/**
 * list-audit-events --all streams like every other listing: pages cut by `end_time` (root's
 * `offset` is wrong), written as they arrive, memory bounded (a child's peak RSS for 200,000
 * events), a page that repeats ids stops the walk, and a listing that fails half-way never leaves
 * stdout that parses as a complete result. The server here is a small loopback one of this file.
 */
import assert from "node:assert/strict";
import { runProcess, tempHome } from "./helpers.ts";
import { measurePeak } from "./peak_rss.ts";

const LIMIT_MB = 400;
const linux = Deno.build.os === "linux";
const BASE = Date.UTC(2026, 0, 1);

interface AuditServerOptions {
  total: number;
  /** Answer the first page whatever `end_time` and `offset` say (a server ignoring paging). */
  ignorePaging?: boolean;
  /** Answer 500 to the request with this number (1-based). */
  failAt?: number;
  /** A newer event is written before every request (offsets shift by one each time). */
  growing?: boolean;
}

function eventId(n: number): string {
  return `a0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

function newerId(n: number): string {
  return `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** A token whose claims say a tenant admin (the tool then pages by the server's offset). */
function tenantAdminToken(): string {
  const part = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "");
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: "HS256" })}.${
    part({
      sub: "u",
      jti: "j",
      username: "acme-admin",
      role: "tenant-admin",
      tenant_id: "b0000000-0000-4000-8000-000000000001",
      exp,
    })
  }.sig`;
}

/** Event n, newest first; every two events share a timestamp (ties at page edges). */
function event(n: number): Record<string, unknown> {
  const ms = BASE + 1_000_000_000 - Math.floor(n / 2) * 1000;
  return {
    id: eventId(n),
    tenant_id: `b0000000-0000-4000-8000-00000000000${n % 4}`,
    user_id: null,
    username: `user-${n % 50}`,
    action: "create_table",
    resource_type: "table",
    resource_id: null,
    resource_name: `table-${n}`,
    timestamp: new Date(ms).toISOString().replace("Z", "000000Z"),
    ip_address: "127.0.0.1",
    user_agent: "pangolin-admin-test",
    result: "success",
    error_message: null,
    metadata: { path: `/api/v1/tables/${n}`, reason: "x".repeat(40) },
  };
}

function startAuditServer(options: AuditServerOptions) {
  const requests: string[] = [];
  const abort = new AbortController();
  // Where each event's timestamp sits, to answer end_time without scanning.
  const timeOf = (n: number) => String(event(n).timestamp);
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: abort.signal,
    onListen() {},
  }, (req) => {
    const url = new URL(req.url);
    requests.push(url.pathname + url.search);
    if (options.failAt === requests.length) {
      return Response.json({ error: "Failed to retrieve audit events", details: "disk" }, {
        status: 500,
      });
    }
    const q = url.searchParams;
    const limit = Math.min(Number(q.get("limit") ?? 100), 1000);
    let first = Number(q.get("offset") ?? 0);
    const end = q.get("end_time");
    if (end && !options.ignorePaging) {
      // First event at or before end_time: timestamps fall by one second every two events.
      const seconds = (BASE + 1_000_000_000 - Date.parse(end)) / 1000;
      first = Math.max(0, Math.ceil(seconds) * 2);
      while (first > 0 && timeOf(first - 1) <= end) first--;
    }
    if (options.ignorePaging) first = 0;
    const body: unknown[] = [];
    if (options.growing) {
      // Newest first: the events written so far (one per request), then the listing's own.
      const written = requests.length;
      for (let p = first; p < Math.min(options.total + written, first + limit); p++) {
        body.push(p < written ? { ...event(0), id: newerId(written - 1 - p) } : event(p - written));
      }
      return Response.json(body);
    }
    for (let n = first; n < Math.min(options.total, first + limit); n++) body.push(event(n));
    return Response.json(body);
  });
  const addr = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    async close() {
      abort.abort();
      await server.finished;
    },
  };
}

/** A measured run (tests/peak_rss.ts), its stdout as text. */
async function measure(argv: string[], env: Record<string, string>) {
  const r = await measurePeak(argv, env);
  return { ...r, stdout: new TextDecoder().decode(r.stdout) };
}

const EVENTS = 200_000;

Deno.test({
  name: "list-audit-events --all --json: 200,000 events as one array, under 400 MB peak RSS",
  ignore: !linux,
  async fn() {
    const server = startAuditServer({ total: EVENTS });
    try {
      const r = await measure(["list-audit-events", "--all", "--json", "--url", server.url], {
        PANGOLIN_TOKEN: "a.b.c",
      });
      assert.equal(r.code, 0, r.stderr);
      const list = JSON.parse(r.stdout) as Array<{ id: string }>;
      assert.equal(list.length, EVENTS);
      assert.equal(new Set(list.map((e) => e.id)).size, EVENTS);
      assert.equal(list[EVENTS - 1].id, eventId(EVENTS - 1));
      assert.ok(r.peakMb < LIMIT_MB, `peak RSS ${r.peakMb.toFixed(0)} MB`);
      console.log(`--json peak RSS ${r.peakMb.toFixed(0)} MB`);
      // Pages of 1000 (the route's cap), cut by end_time, never by offset.
      assert.equal(server.requests.length, EVENTS / 1000 + 1);
      assert.ok(server.requests.every((p) => p.includes("limit=1000") && !p.includes("offset")));
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name: "list-audit-events --all as a table: 200,000 rows under 400 MB peak RSS",
  ignore: !linux,
  async fn() {
    const server = startAuditServer({ total: EVENTS });
    try {
      const r = await measure(["list-audit-events", "--all", "--url", server.url], {
        PANGOLIN_TOKEN: "a.b.c",
      });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split("\n");
      assert.equal(lines.length, EVENTS + 1);
      assert.equal(new Set(lines.slice(1).map((l) => l.split(" ")[0])).size, EVENTS);
      assert.ok(r.peakMb < LIMIT_MB, `peak RSS ${r.peakMb.toFixed(0)} MB`);
      console.log(`table peak RSS ${r.peakMb.toFixed(0)} MB`);
    } finally {
      await server.close();
    }
  },
});

Deno.test("list-audit-events --all: a page that repeats listed ids stops the walk (exit 1)", async () => {
  const server = startAuditServer({ total: 5000, ignorePaging: true });
  try {
    const r = await runProcess(["list-audit-events", "--all", "--json", "--url", server.url], {
      home: await tempHome(),
      env: { PANGOLIN_TOKEN: "a.b.c", PANGOLIN_AUDIT_LOG: "off" },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to list audit events \(200\): the page before \S+ repeats a0000000-0000-4000-8000-000000000000, already listed on an earlier page\n/,
    );
    assert.equal(server.requests.length, 2, "stopped at the first repeating page");
    assert.throws(() => JSON.parse(r.stdout), SyntaxError);
  } finally {
    await server.close();
  }
});

Deno.test("--json listing that fails half-way: exit 1, one error line, stdout never valid JSON", async () => {
  for (
    const [argv, written] of [
      // end_time pages: the second repeats the first's last timestamp (two events), dropped.
      [["list-audit-events", "--all", "--limit", "10", "--json"], 18],
      // The shared page machinery (ApiClient.pages, printListing) of every other list.
      [["list-tenants", "--all", "--limit", "10", "--json"], 20],
    ] as const
  ) {
    const server = startAuditServer({ total: 100, failAt: 3 });
    try {
      const r = await runProcess([...argv, "--url", server.url], {
        home: await tempHome(),
        env: { PANGOLIN_TOKEN: "a.b.c", PANGOLIN_AUDIT_LOG: "off" },
      });
      assert.equal(r.code, 1, `${argv[0]}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0],
        /^Error: API Request Failed: Failed to list \w[\w ]* \(500\): Failed to retrieve audit events: disk$/,
      );
      // Two pages were written as they came; the array is left open, so a parser refuses it.
      assert.ok(r.stdout.startsWith("[\n  {"), r.stdout.slice(0, 40));
      assert.equal((r.stdout.match(/"id":/g) ?? []).length, written);
      assert.throws(() => JSON.parse(r.stdout), SyntaxError);
      assert.ok(!r.stdout.trimEnd().endsWith("]"));
    } finally {
      await server.close();
    }
  }
});

Deno.test("by offset (a tenant admin): events written meanwhile repeat ids, dropped; each event once", async () => {
  const server = startAuditServer({ total: 95, growing: true });
  try {
    const r = await runProcess(
      ["list-audit-events", "--all", "--limit", "10", "--json", "--url", server.url],
      {
        home: await tempHome(),
        env: { PANGOLIN_TOKEN: tenantAdminToken(), PANGOLIN_AUDIT_LOG: "off" },
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const ids = (JSON.parse(r.stdout) as Array<{ id: string }>).map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, "no event twice");
    for (let n = 0; n < 95; n++) assert.ok(ids.includes(eventId(n)), `event ${n} listed`);
    assert.ok(server.requests.every((p) => /offset=\d+/.test(p) && !p.includes("end_time")));
  } finally {
    await server.close();
  }
  // A server that ignores the offset answers a page with nothing new: the walk stops, exit 1.
  const stuck = startAuditServer({ total: 50, ignorePaging: true });
  try {
    const r = await runProcess(
      ["list-audit-events", "--all", "--limit", "10", "--json", "--url", stuck.url],
      {
        home: await tempHome(),
        env: { PANGOLIN_TOKEN: tenantAdminToken(), PANGOLIN_AUDIT_LOG: "off" },
      },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to list audit events \(200\): the page at offset 10 repeats /,
    );
    assert.equal(stuck.requests.length, 2);
    assert.throws(() => JSON.parse(r.stdout), SyntaxError);
  } finally {
    await stuck.close();
  }
});
