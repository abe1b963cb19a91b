/** Merge-operation verbs: per-catalog listing, conflict types, strategies, the 500s. */
import assert from "node:assert/strict";
import type { TestServer } from "./server/mod.ts";
import { MERGE_SEED as M } from "./server/handlers/merges.ts";
import { loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

const UNKNOWN = "99999999-9999-4999-8999-999999999999";

const adminHome = (server: TestServer) => loginAsTenantAdmin(server.url);

Deno.test("list-merge-operations --catalog: the catalog's operations, paged", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["list-merge-operations", "--catalog", "sales"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/sales/merge-operations"]);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(
      lines[0],
      /^ID +Status +Source +Target +Conflicts +Initiated At +Completed At$/,
    );
    assert.match(
      lines[1],
      new RegExp(`^${M.M1}  Conflicted  dev +main +2 +2026-03-01 11:00:00 UTC  -$`),
    );
    assert.match(
      lines[3],
      /Completed +hotfix +main +0 +2026-03-01 11:20:00 UTC +2026-03-01 11:20:30 UTC$/,
    );
    const json = await run(["list-merge-operations", "--catalog", "sales", "--json"], { home });
    const ops = JSON.parse(json.stdout);
    assert.equal(ops.length, 3);
    assert.equal(ops[0].conflicts_count, 2);

    server.clearRequests();
    const page = await run(
      ["list-merge-operations", "--catalog", "sales", "--limit", "1", "--offset", "1", "--json"],
      { home },
    );
    assert.deepEqual(JSON.parse(page.stdout).map((o: { id: string }) => o.id), [M.M2]);
    assert.equal(server.requests[0].query, "limit=1&offset=1");
    server.clearRequests();
    const all = await run(
      ["list-merge-operations", "--catalog", "sales", "--all", "--limit", "2", "--json"],
      { home },
    );
    assert.equal(JSON.parse(all.stdout).length, 3);
    assert.equal(server.requests.length, 2);

    const none = await run(["list-merge-operations", "--catalog", "marketing"], { home });
    assert.equal(none.stdout, "No merge operations found for catalog marketing\n");
    const missing = await run(["list-merge-operations"], { home });
    assert.equal(missing.code, 2);
  });
});

Deno.test("get-merge-operation: details, 404, bad id", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const r = await run(["get-merge-operation", "--id", M.M1], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Catalog: +sales$/m);
    assert.match(r.stdout, /^Source Branch: +dev$/m);
    assert.match(r.stdout, /^Status: +Conflicted$/m);
    assert.match(r.stdout, /^Conflicts: +2$/m);
    const json = await run(["get-merge-operation", "--id", M.M1, "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout).conflicts, [M.C1, M.C2]);
    const missing = await run(["get-merge-operation", "--id", UNKNOWN], { home });
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /Failed to get merge operation \(404\): Merge operation not found/,
    );
    assert.equal((await run(["get-merge-operation", "--id", "x"], { home })).code, 2);
  });
});

Deno.test("list-conflicts shows the conflict type's name and asset", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["list-conflicts", "--merge-id", M.M1], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [`GET /api/v1/merge-operations/${M.M1}/conflicts`]);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^ID +Type +Asset +Resolution +Created At +Description$/);
    assert.match(lines[1], new RegExp(`^${M.C1}  SchemaChange +orders +unresolved +2026-03-01`));
    assert.match(lines[2], /DataOverlap +customers +unresolved .*Both branches wrote/);
    const json = await run(["list-conflicts", "--merge-id", M.M1, "--json"], { home });
    assert.deepEqual(Object.keys(JSON.parse(json.stdout)[0].conflict_type), ["SchemaChange"]);
    const none = await run(["list-conflicts", "--merge-id", UNKNOWN], { home });
    assert.equal(none.stdout, `No conflicts found for merge operation ${UNKNOWN}\n`);
  });
});

Deno.test("resolve-conflict: PascalCase body only; in-memory backend's 500 explained", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run([
      "resolve-conflict",
      "--merge-id",
      M.M1,
      "--conflict-id",
      M.C1,
      "--resolution",
      "use-source",
    ], { home });
    assert.equal(r.code, 1);
    assert.deepEqual(requestLines(server), [`POST /api/v1/conflicts/${M.C1}/resolve`]);
    assert.deepEqual(JSON.parse(server.requests[0].body), { strategy: "TakeSource" });
    assert.match(
      r.stderr,
      new RegExp(
        "^Error: API Request Failed: Failed to resolve conflict \\(500\\): " +
          "Operation not supported by this store\nHint: .*in-memory store",
      ),
    );
    server.clearRequests();
    const bad = await run([
      "resolve-conflict",
      "--merge-id",
      M.M1,
      "--conflict-id",
      M.C1,
      "--resolution",
      "theirs",
    ], { home });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'theirs' is not a strategy/);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("resolve all conflicts; complete-merge says it merges target into source", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const resolve = (conflict: string, ...rest: string[]) =>
      run(["resolve-conflict", "--merge-id", M.M1, "--conflict-id", conflict, ...rest], { home });
    server.clearRequests();
    const one = await resolve(
      M.C1,
      "--resolution",
      "MANUAL",
      "--resolved-value",
      '{"keep":"both"}',
    );
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, `✅ Conflict ${M.C1} of merge operation ${M.M1} resolved (Manual)\n`);
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      strategy: "Manual",
      resolved_value: { keep: "both" },
    });
    const early = await run(["complete-merge", "--id", M.M1], { home });
    assert.equal(early.code, 1);
    assert.match(early.stderr, /\(400\): Cannot complete merge: conflicts not resolved/);
    assert.match(early.stderr, /Hint: see the conflicts with: pangolin-admin list-conflicts/);
    const two = await resolve(M.C2, "--resolution", "take_target", "--json");
    assert.deepEqual(JSON.parse(two.stdout), { status: "resolved", conflict_id: M.C2 });
    const badJson = await resolve(M.C2, "--resolution", "Manual", "--resolved-value", "text");
    assert.equal(badJson.code, 2);

    server.clearRequests();
    const done = await run(["complete-merge", "--id", M.M1], { home });
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/merge-operations/${M.M1}`,
      `POST /api/v1/merge-operations/${M.M1}/complete`,
    ]);
    assert.match(
      done.stdout,
      new RegExp(`^✅ Merge operation ${M.M1} completed \\(commit [0-9a-f-]{36}\\)\n$`),
    );
    assert.match(
      done.stderr,
      /the server merges target branch 'main' into source branch 'dev' \(catalog sales\)/,
    );
  }, { backend: "sql" });
});

Deno.test("complete-merge: --json, and 404 for an unknown id", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const r = await run(["complete-merge", "--id", M.M2, "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    const reply = JSON.parse(r.stdout);
    assert.equal(reply.status, "completed");
    assert.equal(reply.operation_id, M.M2);
    const missing = await run(["complete-merge", "--id", UNKNOWN], { home });
    assert.equal(missing.code, 5);
  });
});

Deno.test("abort-merge: --yes needed without a terminal; a missing id is exit 5", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const refused = await run(["abort-merge", "--id", M.M1], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing without --yes/);
    assert.equal(server.requests.length, 0);

    const r = await run(["abort-merge", "--id", M.M3, "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Merge operation ${M.M3} aborted\n`);
    assert.deepEqual(requestLines(server), [`POST /api/v1/merge-operations/${M.M3}/abort`]);
    const json = await run(["abort-merge", "--id", M.M3, "-y", "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout), { status: "aborted", operation_id: M.M3 });

    const missing = await run(["abort-merge", "--id", UNKNOWN, "--yes"], { home });
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      new RegExp(
        "^Error: API Request Failed: Failed to abort merge operation \\(500\\): " +
          "Merge operation not found\nHint: no merge operation 9{8}",
      ),
    );
  });
});

Deno.test("abort-merge on a terminal names the merge in its question", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const no = await run(["abort-merge", "--id", M.M1], { home, terminal: true, answers: [false] });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, [
      `Abort merge operation ${M.M1} (dev into main in catalog sales, status Conflicted)?`,
    ]);
    assert.match((await run(["get-merge-operation", "--id", M.M1], { home })).stdout, /Conflicted/);
    const yes = await run(["abort-merge", "--id", M.M1], { home, terminal: true, answers: [true] });
    assert.equal(yes.code, 0, yes.stderr);
    assert.match((await run(["get-merge-operation", "--id", M.M1], { home })).stdout, /Aborted/);
  });
});
