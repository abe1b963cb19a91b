// Audit paging against the real server: root's listing merges every tenant and applies `offset`
// once per tenant and again on the merged list, so the tool pages root by `end_time`. Every
// event comes back exactly once, as many as the server's own count.
import assert from "node:assert/strict";
import { exits, login, shell } from "./cli.ts";
import { type RealServer, realTest } from "./harness.ts";

interface Event {
  id: string;
  tenant_id: string;
  timestamp: string;
}

async function rawList(server: RealServer, token: string, query: string): Promise<Event[]> {
  const r = await server.request("GET", `/api/v1/audit?${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json as Event[];
}

async function rawCount(server: RealServer, token: string): Promise<number> {
  const r = await server.request("GET", "/api/v1/audit/count", { token });
  assert.equal(r.status, 200, r.text);
  return (r.json as { count: number }).count;
}

realTest("real server: root's audit listing, every event exactly once", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const root = await server.rootToken();
  // Three tenant admins in each of three more tenants: a create_user event in each tenant.
  for (const name of ["north", "south", "east"]) {
    const tenant = await server.request("POST", "/api/v1/tenants", {
      token: root,
      body: { name },
    });
    assert.equal(tenant.status, 201, tenant.text);
    const tenantId = (tenant.json as { id: string }).id;
    for (let i = 0; i < 3; i++) {
      const user = await server.request("POST", "/api/v1/users", {
        token: root,
        body: {
          username: `${name}-admin-${i}`,
          email: `${name}-${i}@example.invalid`,
          password: "password",
          tenant_id: tenantId,
          role: "tenant-admin",
        },
      });
      assert.equal(user.status, 201, user.text);
    }
  }
  // Failed Basic logins are recorded in the default (nil) tenant.
  for (let i = 0; i < 2; i++) {
    const r = await server.request("GET", "/api/v1/users/me", {
      headers: { authorization: `Basic ${btoa("admin:wrong")}` },
    });
    assert.equal(r.status, 401);
  }
  const total = await rawCount(server, root);
  const everything = await rawList(server, root, "limit=1000");
  assert.equal(everything.length, total);
  const tenants = new Set(everything.map((e) => e.tenant_id));
  assert.ok(tenants.size >= 5, `events in ${tenants.size} tenants`);
  const newestFirst = everything.map((e) => e.id);

  await t.step("the server's own offset loses root's events (api.md 5.11.1)", async () => {
    // Each tenant holds at most 3 events here: offset 3 inside each leaves nothing to merge.
    assert.deepEqual(await rawList(server, root, "limit=5&offset=3"), []);
    const skipped = await rawList(server, root, "limit=5&offset=1");
    assert.notDeepEqual(skipped.map((e) => e.id), newestFirst.slice(1, 6));
    // end_time is an inclusive bound applied inside each tenant: the merged page is exact.
    const cut = everything[4].timestamp;
    const page = await rawList(server, root, `limit=5&end_time=${encodeURIComponent(cut)}`);
    assert.deepEqual(page.map((e) => e.id), newestFirst.slice(4, 9));
  });

  const sh = await shell(server);
  await login(sh, "admin", "password");

  await t.step("--all (pages of 5, of 2, and of 1000): every event once, the count", async () => {
    for (const size of ["5", "2", "1000"]) {
      const r = exits(await sh.run(["list-audit-events", "--all", "--limit", size, "--json"]), 0);
      const ids = (JSON.parse(r.stdout) as Event[]).map((e) => e.id);
      assert.equal(ids.length, total, `--all --limit ${size}`);
      assert.equal(new Set(ids).size, total);
      assert.deepEqual(ids, newestFirst);
    }
    const table = exits(await sh.run(["list-audit-events", "--all", "--limit", "4"]), 0);
    const rows = table.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(" ")[0]);
    assert.deepEqual(rows, newestFirst);
  });

  await t.step("a limited listing with --offset is the exact slice", async () => {
    for (const [offset, limit] of [[3, 5], [1, 5], [0, 2], [10, 100]]) {
      const r = exits(
        await sh.run([
          "list-audit-events",
          "--offset",
          String(offset),
          "--limit",
          String(limit),
          "--json",
        ]),
        0,
      );
      assert.deepEqual(
        (JSON.parse(r.stdout) as Event[]).map((e) => e.id),
        newestFirst.slice(offset, offset + limit),
        `--offset ${offset} --limit ${limit}`,
      );
    }
    const plain = exits(await sh.run(["list-audit-events", "--json"]), 0);
    assert.deepEqual((JSON.parse(plain.stdout) as Event[]).map((e) => e.id), newestFirst);
    const count = exits(await sh.run(["count-audit-events", "--json"]), 0);
    assert.deepEqual(JSON.parse(count.stdout), { count: total });
  });

  await t.step("--tenant-id: only that tenant's events, counted the same", async () => {
    const acme = newestFirst.filter((_, i) => everything[i].tenant_id === fixtures.tenantId);
    assert.ok(acme.length > 0);
    const r = exits(
      await sh.run(["list-audit-events", "--all", "--limit", "2", "--tenant-id", "acme", "--json"]),
      0,
    );
    assert.deepEqual((JSON.parse(r.stdout) as Event[]).map((e) => e.id), acme);
    const count = exits(await sh.run(["count-audit-events", "--tenant-id", "acme"]), 0);
    assert.equal(count.stdout, `Count: ${acme.length}\n`);
  });

  await t.step("a tenant admin pages with the server's offset: the tenant's events", async () => {
    const admin = await shell(server);
    await login(admin, fixtures.tenantAdmin.username, "password", {
      tenantId: fixtures.tenantId,
    });
    const own = await rawCount(server, fixtures.adminToken);
    const r = exits(await admin.run(["list-audit-events", "--all", "--limit", "1", "--json"]), 0);
    const ids = (JSON.parse(r.stdout) as Event[]).map((e) => e.id);
    assert.equal(ids.length, own);
    assert.equal(new Set(ids).size, own);
  });
});
