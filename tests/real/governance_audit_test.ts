// Roles, permissions, role assignment, audit events, system settings and merge operations
// through the CLI as a subprocess, against the real Pangolin server; every effect is read
// back from the server itself.
import assert from "node:assert/strict";
import { exits, fetchJson, tenantAdminShell } from "./cli.ts";
import { realTest } from "./harness.ts";

interface Role {
  id: string;
  name: string;
  description?: string | null;
}

interface Permission {
  id: string;
  "user-id": string;
  actions: string[];
  scope: Record<string, unknown>;
}

realTest("real server: roles, permissions, audit, settings and merges", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const token = fixtures.adminToken;
  const alice = fixtures.user;
  const admin = await tenantAdminShell(ctx);
  const permissionsOf = (user: string) =>
    fetchJson<Permission[]>(server, token, `/api/v1/permissions?user=${user}`);
  let roleId = "";

  await t.step("create-role, list-roles, get-role", async () => {
    const r = exits(
      await admin.run([
        "create-role",
        "--name",
        "analyst",
        "--description",
        "reads sales",
        "--json",
      ]),
      0,
    );
    roleId = JSON.parse(r.stdout).id;
    const stored = await fetchJson<Role>(server, token, `/api/v1/roles/${roleId}`);
    assert.equal(stored.name, "analyst");
    assert.equal(stored.description, "reads sales");
    const listed = JSON.parse(exits(await admin.run(["list-roles", "--json"]), 0).stdout);
    assert.deepEqual(listed.map((x: Role) => x.id), [roleId]);
    const got = JSON.parse(
      exits(await admin.run(["get-role", "--id", "analyst", "--json"]), 0).stdout,
    );
    assert.equal(got.id, roleId);
  });

  await t.step("assign-role, list-user-roles, revoke-user-role", async () => {
    exits(await admin.run(["assign-role", "--user-id", "alice", "--role-id", "analyst"]), 0);
    const held = await fetchJson<Role[]>(server, token, `/api/v1/users/${alice.id}/roles`);
    assert.deepEqual(held.map((x) => x.id), [roleId]);
    const listed = JSON.parse(
      exits(await admin.run(["list-user-roles", "--user-id", "alice", "--json"]), 0).stdout,
    );
    assert.deepEqual(listed.map((x: Role) => x.id), [roleId]);
    exits(
      await admin.run(["revoke-user-role", "--user-id", "alice", "--role-id", roleId, "--yes"]),
      0,
    );
    assert.deepEqual(await fetchJson(server, token, `/api/v1/users/${alice.id}/roles`), []);
  });

  await t.step("delete-role: gone on the server", async () => {
    exits(await admin.run(["delete-role", "--id", roleId, "--yes"]), 0);
    const gone = await server.request("GET", `/api/v1/roles/${roleId}`, { token });
    assert.equal(gone.status, 404);
  });

  await t.step("grant-permission, list-permissions, revoke-permission", async () => {
    exits(await admin.run(["grant-permission", "alice", "read,write", "catalog:marketing"]), 0);
    const granted = (await permissionsOf(alice.id)).find((p) =>
      p.scope.catalog_id === fixtures.catalogs.marketing
    );
    assert.ok(granted, "the grant is stored");
    assert.deepEqual([...granted.actions].sort(), ["read", "write"]);
    const listed = JSON.parse(
      exits(await admin.run(["list-permissions", "--user", "alice", "--json"]), 0).stdout,
    );
    assert.deepEqual(
      listed.map((p: Permission) => p.id).sort(),
      [fixtures.permissionId, granted.id].sort(),
    );
    exits(
      await admin.run(["revoke-permission", "alice", "read,write", "catalog:marketing", "--yes"]),
      0,
    );
    assert.deepEqual((await permissionsOf(alice.id)).map((p) => p.id), [fixtures.permissionId]);
    exits(await admin.run(["revoke-permission", "--id", fixtures.permissionId, "--yes"]), 0);
    assert.deepEqual(await permissionsOf(alice.id), []);
  });

  await t.step("get-system-settings, update-system-settings", async () => {
    const before = JSON.parse(exits(await admin.run(["get-system-settings", "--json"]), 0).stdout);
    assert.deepEqual(
      before,
      await fetchJson<Record<string, unknown>>(server, token, "/api/v1/config/settings"),
    );
    exits(await admin.run(["update-system-settings", "--default-retention-days", "90"]), 0);
    const after = await fetchJson<Record<string, unknown>>(
      server,
      token,
      "/api/v1/config/settings",
    );
    assert.equal(after.default_retention_days, 90);
    assert.equal(after.allow_public_signup, before.allow_public_signup, "the rest is kept");
  });

  let mergeId = "";
  await t.step("merges: list, get, list-conflicts; complete refused, abort accepted", async () => {
    const branch = await server.request("POST", "/api/v1/branches", {
      token,
      body: { name: "dev", catalog: "sales", branch_type: "experimental" },
    });
    assert.equal(branch.status, 201, branch.text);
    const merge = await server.request("POST", "/api/v1/branches/merge", {
      token,
      body: { source_branch: "dev", target_branch: "main", catalog: "sales" },
    });
    assert.equal(merge.status, 200, merge.text);
    mergeId = (merge.json as { id: string }).id;
    const listed = JSON.parse(
      exits(await admin.run(["list-merge-operations", "--catalog", "sales", "--json"]), 0).stdout,
    );
    assert.deepEqual(listed.map((m: { id: string }) => m.id), [mergeId]);
    const got = JSON.parse(
      exits(await admin.run(["get-merge-operation", "--id", mergeId, "--json"]), 0).stdout,
    );
    assert.equal(got.status, "Completed");
    const conflicts = exits(
      await admin.run(["list-conflicts", "--merge-id", mergeId, "--json"]),
      0,
    );
    assert.deepEqual(JSON.parse(conflicts.stdout), []);
    // The build's in-memory store keeps no conflicts: resolving one is its 500.
    const resolve = exits(
      await admin.run([
        "resolve-conflict",
        "--merge-id",
        mergeId,
        "--conflict-id",
        crypto.randomUUID(),
        "--resolution",
        "TakeSource",
      ]),
      1,
    );
    assert.match(resolve.stderr, /\(500\)/);
    const complete = exits(await admin.run(["complete-merge", "--id", mergeId]), 1);
    assert.match(complete.stderr, /\(400\): Cannot complete merge/);
    exits(await admin.run(["abort-merge", "--id", mergeId, "--yes"]), 0);
    const after = await fetchJson<{ status: string }>(
      server,
      token,
      `/api/v1/merge-operations/${mergeId}`,
    );
    assert.equal(after.status, "Aborted");
  });

  await t.step("audit: list, count and get agree with the server", async () => {
    const events = JSON.parse(
      exits(await admin.run(["list-audit-events", "--all", "--json"]), 0).stdout,
    ) as Array<{ id: string; action: string }>;
    assert.ok(events.some((e) => e.action === "merge_branch"), JSON.stringify(events));
    const served = await fetchJson<{ count: number }>(server, token, "/api/v1/audit/count");
    const count = exits(await admin.run(["count-audit-events", "--json"]), 0);
    assert.equal(JSON.parse(count.stdout).count, served.count);
    assert.equal(events.length, served.count);
    const merges = exits(
      await admin.run(["count-audit-events", "--action", "merge_branch", "--json"]),
      0,
    );
    assert.equal(JSON.parse(merges.stdout).count, 1);
    const one = JSON.parse(
      exits(await admin.run(["get-audit-event", "--id", events[0].id, "--json"]), 0).stdout,
    );
    assert.deepEqual(one, await fetchJson(server, token, `/api/v1/audit/${events[0].id}`));
  });
});
