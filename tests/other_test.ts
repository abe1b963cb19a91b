/** stats, search, bulk-delete and validate. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { ASSET_SEED as A } from "./server/handlers/other.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

const adminHome = (server: TestServer) => loginAsTenantAdmin(server.url);
const rootHome = (server: TestServer) => loginAs(server.url, "admin", "password");

function query(server: TestServer, i = 0): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(server.requests[i].query));
}

Deno.test("stats: root's system scope shows what the server does not count", async () => {
  await withServer(async (server) => {
    const root = await rootHome(server);
    server.clearRequests();
    const r = await run(["stats"], { home: root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/dashboard/stats"]);
    assert.equal(
      r.stdout,
      [
        "Scope:      system (every tenant)",
        "Tenants:    2",
        "Catalogs:   2",
        "Warehouses: 0",
        "Namespaces: not counted",
        "Tables:     not counted",
        "Users:      not counted",
        "Branches:   not counted",
        "",
      ].join("\n"),
    );
    const admin = await run(["stats", "--json"], { home: await adminHome(server) });
    const stats = JSON.parse(admin.stdout);
    assert.equal(stats.scope, "tenant");
    assert.equal(stats.namespaces_count, 3);
    assert.equal(stats.tables_count, 5);
  });
});

Deno.test("search without --catalog uses the unified route; offset applied here", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["search", "orders"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/search"]);
    assert.deepEqual(query(server), { q: "orders", limit: "50" });
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^Kind +Name +Context +ID +Description$/);
    assert.match(
      lines[1],
      new RegExp(`^Asset +orders +sales\\.analytics\\.sales +${A.orders}  -$`),
    );
    assert.match(lines[2], /^Asset +orders_daily /);
    assert.match(lines[3], /^Asset +marketing_orders +marketing\.ml /);

    server.clearRequests();
    const page = await run(["search", "orders", "--offset", "1", "--limit", "1", "--json"], {
      home,
    });
    assert.deepEqual(JSON.parse(page.stdout).map((x: { name: string }) => x.name), [
      "orders_daily",
    ]);
    assert.deepEqual(query(server), { q: "orders", limit: "2" });

    server.clearRequests();
    const all = await run(["search", "a", "--all", "--json"], { home });
    const kinds = new Set(JSON.parse(all.stdout).map((x: { kind: string }) => x.kind));
    assert.deepEqual([...kinds].sort(), ["Asset", "Catalog", "Namespace", "Branch"].sort());
    assert.deepEqual(query(server), { q: "a", limit: "1000" });

    const none = await run(["search", "zzz"], { home });
    assert.equal(none.stdout, "No results found for 'zzz'\n");
  });
});

Deno.test("search --catalog uses the asset route with its paging and total", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["search", "orders", "--catalog", "sales"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/search/assets"]);
    assert.deepEqual(query(server), { q: "orders", catalog: "sales", limit: "50", offset: "0" });
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^Name +Namespace +Catalog +Type +Access +ID$/);
    assert.match(
      lines[1],
      new RegExp(`^orders +analytics\\.sales +sales +table +yes +${A.orders}$`),
    );
    assert.match(lines[2], /^orders_daily +analytics\.sales +sales +view /);

    const one = await run(["search", "orders", "--catalog", "sales", "--limit", "1"], { home });
    assert.match(one.stderr, /Showing 1 of 2 assets/);
    server.clearRequests();
    const all = await run([
      "search",
      "orders",
      "--catalog",
      "sales",
      "--all",
      "--limit",
      "1",
      "--json",
    ], {
      home,
    });
    assert.equal(JSON.parse(all.stdout).length, 2);
    assert.deepEqual(server.requests.map((x) => new URLSearchParams(x.query).get("offset")), [
      "0",
      "1",
    ]);

    server.clearRequests();
    const empty = await run(["search", " ", "--catalog", "sales"], { home });
    assert.equal(empty.code, 2);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("search: a tenant user sees what it may read; root gets a note", async () => {
  await withServer(async (server) => {
    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const r = await run(["search", "orders", "--json"], { home: alice });
    assert.deepEqual(JSON.parse(r.stdout).map((x: { name: string }) => x.name), [
      "orders",
      "orders_daily",
    ]);
    const root = await run(["search", "orders"], { home: await rootHome(server) });
    assert.equal(root.code, 0, root.stderr);
    assert.equal(root.stdout, "No results found for 'orders'\n");
    assert.match(root.stderr, /as root, search covers the default tenant only/);
  });
});

Deno.test("bulk-delete: UUIDs checked first, refusal without a terminal, exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const bad = await run(["bulk-delete", "--ids", `${A.orders},nope,42`, "--yes"], { home });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a UUID: 'nope', '42'/);
    const refused = await run(["bulk-delete", "--ids", A.orders], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Delete 1 asset: refusing without --yes/);
    assert.equal(server.requests.length, 0);

    const missing = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const r = await run(["bulk-delete", "--ids", `${A.orders}, ${missing}`, "--confirm"], { home });
    assert.equal(r.code, 1);
    assert.deepEqual(requestLines(server), ["POST /api/v1/bulk/assets/delete"]);
    assert.deepEqual(JSON.parse(server.requests[0].body), { asset_ids: [A.orders, missing] });
    assert.equal(r.stdout, "✅ Deleted 1 of 2 assets\n");
    assert.match(r.stderr, new RegExp(`^  Asset not found: ${missing}$`, "m"));
    assert.match(r.stderr, /Error: 1 of 2 assets were not deleted\./);

    const ok = await run(["bulk-delete", "--ids", A.customers, "--yes", "--json"], { home });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { succeeded: 1, failed: 0, errors: [] });
  });
});

Deno.test("bulk-delete asks on a terminal and sends more than 100 ids in batches", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const ids = Array.from(
      { length: 150 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    ids[149] = A.churnModel;
    server.clearRequests();
    const r = await run(["bulk-delete", "--ids", ids.join(",")], {
      home,
      terminal: true,
      answers: [true],
    });
    assert.deepEqual(r.prompts, ["Delete 150 assets?"]);
    assert.equal(r.code, 1);
    assert.deepEqual(server.requests.map((x) => JSON.parse(x.body).asset_ids.length), [100, 50]);
    assert.equal(r.stdout, "✅ Deleted 1 of 150 assets\n");
    const no = await run(["bulk-delete", "--ids", A.orders], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(no.code, 1);
    assert.match(no.stderr, /Nothing was deleted/);
  });
});

Deno.test("validate: a table, exit 1 when a name is taken, usage errors first", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["validate", "catalog", "sales", "finance"], { home });
    assert.equal(r.code, 1);
    assert.deepEqual(requestLines(server), ["POST /api/v1/validate/names"]);
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      resource_type: "catalog",
      names: ["sales", "finance"],
    });
    assert.equal(
      r.stdout,
      [
        "Name     Available  Reason",
        "sales    no         Catalog already exists",
        "finance  yes        -",
        "",
      ].join("\n"),
    );
    assert.match(r.stderr, /Error: 1 of 2 catalog names are not available\./);
    const free = await run(["validate", "warehouse", "s3-main", "--json"], { home });
    assert.equal(free.code, 0, free.stderr);
    assert.deepEqual(JSON.parse(free.stdout), [
      { name: "s3-main", available: true, reason: null },
    ]);
    const token = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`))
      .profiles.default.token;
    const created = await fetch(`${server.url}/api/v1/warehouses`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "s3-main" }),
    });
    assert.equal(created.status, 201, await created.text());
    const taken = await run(["validate", "warehouse", "s3-main", "--json"], { home });
    assert.equal(taken.code, 1);
    assert.deepEqual(JSON.parse(taken.stdout), [
      { name: "s3-main", available: false, reason: "Warehouse already exists" },
    ]);
    server.clearRequests();
    for (const argv of [["validate"], ["validate", "table", "x"], ["validate", "catalog"]]) {
      const bad = await run(argv, { home });
      assert.equal(bad.code, 2, argv.join(" "));
    }
    assert.equal(server.requests.length, 0);
  });
});
