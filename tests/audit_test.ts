/** Audit verbs: filters checked before sending, client-side tenant filter, exact paging. */
import assert from "node:assert/strict";
import { NIL_UUID, SEED, type TestServer } from "./server/mod.ts";
import { AUDIT_SEED as E } from "./server/handlers/audit.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

const adminHome = (server: TestServer) => loginAsTenantAdmin(server.url);
const rootHome = (server: TestServer) => loginAs(server.url, "admin", "password");

function ids(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ id: string }>).map((e) => e.id);
}

function queries(server: TestServer): Array<Record<string, string>> {
  return server.requests.map((r) => Object.fromEntries(new URLSearchParams(r.query)));
}

Deno.test("list-audit-events: the tenant's events, newest first, table and JSON", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["list-audit-events"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/audit"]);
    assert.deepEqual(queries(server), [{ limit: "100", offset: "0" }]);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(
      lines[0],
      /^ID +Timestamp +Tenant +User +Action +Resource Type +Resource +Result$/,
    );
    assert.match(
      lines[1],
      new RegExp(
        `^${E.A1}  2026-03-01 09:00:06 UTC  ${SEED.tenantId}  acme-admin +create_catalog +` +
          "catalog +sales +success$",
      ),
    );
    assert.deepEqual(lines.slice(1).map((l) => l.split(" ")[0]), [E.A1, E.A2, E.A3, E.A4]);
    const json = await run(["list-audit-events", "--json"], { home });
    assert.deepEqual(ids(json.stdout), [E.A1, E.A2, E.A3, E.A4]);
    assert.equal(JSON.parse(json.stdout)[0].resource_name, "sales");
  });
});

Deno.test("list-audit-events: unknown filter values are refused before sending", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    for (
      const argv of [
        ["--action", "create-tables"],
        ["--resource-type", "tables"],
        ["--result", "failed"],
        // Names are taken (looked up); what can be neither name nor id is refused.
        ["--user-id", "3c8e5f21-6d4b"],
        ["--tenant-id", ""],
      ]
    ) {
      const r = await run(["list-audit-events", ...argv], { home });
      assert.equal(r.code, 2, argv.join(" "));
      assert.equal(r.stdout, "");
    }
    const bad = await run(["count-audit-events", "--action", "nope"], { home });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'nope' is not an audit action; valid values: create_catalog, /);
    assert.match(bad.stderr, /tenant_impersonation/);
    const result = await run(["list-audit-events", "--result", "maybe"], { home });
    assert.match(result.stderr, /valid values: success, failure/);
    assert.equal(server.requests.length, 0);

    const ok = await run(
      ["list-audit-events", "--action", "DELETE_CATALOG", "--result", "Failure", "--json"],
      { home },
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(queries(server), [
      { action: "delete_catalog", result: "failure", limit: "100", offset: "0" },
    ]);
    assert.deepEqual(ids(ok.stdout), [E.A3]);
  });
});

Deno.test("list-audit-events as root: --offset exact though the server skips twice", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    const token = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`))
      .profiles.default.token;
    // The server's own answer to offset=2, limit=2 for root loses events (api.md 5.11.1).
    const raw = await fetch(`${server.url}/api/v1/audit?limit=2&offset=2`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.deepEqual((await raw.json()).map((e: { id: string }) => e.id), [E.N3]);

    server.clearRequests();
    const r = await run(["list-audit-events", "--offset", "2", "--limit", "2", "--json"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [E.A2, E.N2]);
    assert.deepEqual(queries(server), [{ limit: "4" }]);

    server.clearRequests();
    const all = await run(["list-audit-events", "--all", "--limit", "2", "--json"], { home });
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(ids(all.stdout), [E.A1, E.N1, E.A2, E.N2, E.A3, E.A4, E.N3]);
    const q = queries(server);
    assert.deepEqual(q[0], { limit: "2" });
    assert.deepEqual(q[1], { limit: "2", end_time: "2026-03-01T09:00:05.000000000Z" });
    assert.ok(q.every((x) => !("offset" in x)), "root never sends offset");

    const tail = await run(["list-audit-events", "--all", "--offset", "5", "--json"], { home });
    assert.deepEqual(ids(tail.stdout), [E.A4, E.N3]);
  });
});

Deno.test("list-audit-events as a tenant admin pages with the server's offset", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["list-audit-events", "--offset", "1", "--limit", "2", "--json"], {
      home,
    });
    assert.deepEqual(ids(r.stdout), [E.A2, E.A3]);
    assert.deepEqual(queries(server), [{ limit: "2", offset: "1" }]);

    server.clearRequests();
    const all = await run(["list-audit-events", "--all", "--limit", "3", "--json"], { home });
    assert.deepEqual(ids(all.stdout), [E.A1, E.A2, E.A3, E.A4]);
    assert.deepEqual(queries(server), [
      { limit: "3", offset: "0" },
      { limit: "3", offset: "3" },
    ]);

    server.clearRequests();
    const big = await run(["list-audit-events", "--limit", "5000", "--json"], { home });
    assert.equal(ids(big.stdout).length, 4);
    assert.deepEqual(queries(server), [{ limit: "1000", offset: "0" }], "capped at 1000");
  });
});

Deno.test("--tenant-id is applied on the client (the server ignores it)", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const r = await run(["list-audit-events", "--tenant-id", NIL_UUID, "--limit", "2", "--json"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), [E.N1, E.N2]);
    assert.ok(queries(server).every((q) => !("tenant_id" in q)));
    const acme = await run(
      ["list-audit-events", "--tenant-id", SEED.tenantId, "--offset", "1", "--json"],
      { home },
    );
    assert.deepEqual(ids(acme.stdout), [E.A2, E.A3, E.A4]);

    const admin = await adminHome(server);
    const other = await run(["list-audit-events", "--tenant-id", NIL_UUID], { home: admin });
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stdout, "No audit events found\n");
    assert.match(other.stderr, /only root sees other tenants' events/);
  });
});

Deno.test("count-audit-events: the server's count, or counted here with --tenant-id", async () => {
  await withServer(async (server) => {
    const root = await rootHome(server);
    server.clearRequests();
    const all = await run(["count-audit-events"], { home: root });
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout, "Count: 7\n");
    assert.deepEqual(requestLines(server), ["GET /api/v1/audit/count"]);
    const json = await run(["count-audit-events", "--result", "failure", "--json"], {
      home: root,
    });
    assert.deepEqual(JSON.parse(json.stdout), { count: 3 });
    server.clearRequests();
    const acme = await run(["count-audit-events", "--tenant-id", SEED.tenantId], { home: root });
    assert.equal(acme.stdout, "Count: 4\n");
    assert.deepEqual(requestLines(server), ["GET /api/v1/audit"]);

    const user = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const mine = await run(["count-audit-events", "--user-id", SEED.user.id], { home: user });
    assert.equal(mine.stdout, "Count: 1\n");
  });
});

Deno.test("get-audit-event: details, 404 outside the caller's tenant, bad id", async () => {
  await withServer(async (server) => {
    const root = await rootHome(server);
    const r = await run(["get-audit-event", "--id", E.N2], { home: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ID: +b0000002-0000-4000-8000-000000000002$/m);
    assert.match(r.stdout, /^Action: +login_failed$/m);
    assert.match(r.stdout, /^Result: +failure$/m);
    assert.match(
      r.stdout,
      /^Metadata: +\{"reason":"invalid credentials","path":"\/api\/v1\/tenants"\}$/m,
    );
    const json = await run(["get-audit-event", "--id", E.N2, "--json"], { home: root });
    assert.equal(JSON.parse(json.stdout).action, "login_failed");

    const admin = await adminHome(server);
    const missing = await run(["get-audit-event", "--id", E.N2], { home: admin });
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /^Error: API Request Failed: Failed to get audit event \(404\): Audit event not found\n/,
    );
    const bad = await run(["get-audit-event", "--id", "42"], { home: admin });
    assert.equal(bad.code, 2);
  });
});
