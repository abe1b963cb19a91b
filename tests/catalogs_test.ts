/** Catalog verbs: create, update, delete, summary and the namespace tree. */
import assert from "node:assert/strict";
import { SEED, SEED_CATALOGS, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";
import { renderTree } from "../commands/catalogs/list_namespace_tree.ts";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function ok(argv: string[], home: string) {
  const r = await run(argv, { home });
  assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  return r;
}

Deno.test("create-catalog sends warehouse_name; refuses an existing name", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "s3-main", "--bucket", "lake"], home);
    server.clearRequests();
    const r = await run([
      "create-catalog",
      "lakehouse",
      "--warehouse",
      "s3-main",
      "--storage-location",
      "s3://lake/lakehouse",
      "-P",
      "owner=finance",
    ], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Catalog lakehouse created\n");
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/catalogs/lakehouse",
      "GET /api/v1/warehouses",
      "POST /api/v1/catalogs",
    ]);
    assert.deepEqual(JSON.parse(server.requests[2].body), {
      name: "lakehouse",
      warehouse_name: "s3-main",
      storage_location: "s3://lake/lakehouse",
      properties: { owner: "finance" },
    });

    const json = await ok(["create-catalog", "bare", "--warehouse", "s3-main", "--json"], home);
    const c = JSON.parse(json.stdout);
    assert.equal(c.name, "bare");
    assert.equal(c.catalog_type, "Local");
    assert.equal(c.warehouse_name, "s3-main");

    server.clearRequests();
    const again = await run(["create-catalog", "sales", "--warehouse", "s3-main"], { home });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^Error: Catalog 'sales' already exists; the server would silently/);
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/sales"]);
  });
});

Deno.test("create-catalog: unknown warehouse (5), root (4), no --warehouse (2)", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["create-catalog", "x", "--warehouse", "nope"], { home });
    assert.equal(r.code, 5);
    assert.equal(
      r.stderr,
      "Error: Warehouse 'nope' not found in this tenant; nothing was created.\n" +
        "Hint: see pangolin-admin list-warehouses (names are case-sensitive)\n",
    );
    assert.deepEqual(
      requestLines(server),
      ["GET /api/v1/catalogs/x", "GET /api/v1/warehouses"],
      "no POST was sent",
    );
    assert.equal((await run(["create-catalog", "x"], { home })).code, 2);

    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    server.clearRequests();
    const refused = await run(["create-catalog", "x", "--warehouse", "w"], { home: root });
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /^Error: Root cannot create local catalogs: the server refuses/);
    assert.match(refused.stderr, /\nHint: .*root may create federated catalogs/);
    assert.deepEqual(requestLines(server), []);

    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    await ok(["create-warehouse", "w", "--bucket", "b"], home);
    const user = await run(["create-catalog", "mine", "--warehouse", "w"], { home: alice });
    assert.equal(user.code, 0, "tenant users may create catalogs");
  });
});

Deno.test("update-catalog: warehouse checked, properties merged, --name refused", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "s3-main", "--bucket", "lake"], home);
    server.clearRequests();
    const r = await run([
      "update-catalog",
      "sales",
      "--warehouse",
      "s3-main",
      "--storage-location",
      "s3://lake/sales",
      "-P",
      "owner=finance",
    ], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Catalog sales updated\n");
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/warehouses",
      "PUT /api/v1/catalogs/sales",
    ]);
    assert.deepEqual(JSON.parse(server.requests[1].body), {
      warehouse_name: "s3-main",
      storage_location: "s3://lake/sales",
      properties: { owner: "finance" },
    });

    const json = await ok(["update-catalog", "--id", "sales", "-P", "tier=gold", "--json"], home);
    assert.deepEqual(JSON.parse(json.stdout).properties, { owner: "finance", tier: "gold" });

    const byUuid = await run(
      ["update-catalog", "--id", "4d9f6a32-7e5c-4b43-9a0d-3c4e5f6a7b82", "-P", "a=b"],
      { home },
    );
    assert.equal(byUuid.code, 0, byUuid.stderr);
    assert.equal(byUuid.stdout, `✅ Catalog sales (${SEED_CATALOGS.sales.id}) updated\n`);

    server.clearRequests();
    const rename = await run(["update-catalog", "--id", "sales", "--name", "revenue"], { home });
    assert.equal(rename.code, 2);
    assert.match(rename.stderr, /^Error: Catalogs cannot be renamed: the server has no rename/);
    const nothing = await run(["update-catalog", "sales"], { home });
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /Nothing to update: pass --warehouse, --storage-location or -P/);
    assert.deepEqual(requestLines(server), []);

    const noWarehouse = await run(["update-catalog", "sales", "--warehouse", "nope"], { home });
    assert.equal(noWarehouse.code, 5);
    assert.match(noWarehouse.stderr, /^Error: Warehouse 'nope' not found in this tenant; nothing/);
    assert.deepEqual(requestLines(server), ["GET /api/v1/warehouses"], "no PUT was sent");

    const missing = await run(["update-catalog", "nope", "-P", "a=b"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /Failed to update catalog \(404\): Catalog not found/);
  });
});

Deno.test("delete-catalog: a missing catalog is exit 5 (the server would say 500)", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const refused = await run(["delete-catalog", "sales"], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing without --yes \(no terminal to ask on\)/);
    assert.deepEqual(requestLines(server), []);

    const missing = await run(["delete-catalog", "nope", "--yes"], { home });
    assert.equal(missing.code, 5);
    assert.equal(
      missing.stderr,
      "Error: Catalog 'nope' not found; nothing was deleted.\n" +
        "Hint: check the name with pangolin-admin list-catalogs (names are case-sensitive)\n",
    );
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/nope"], "no DELETE was sent");

    const no = await run(["delete-catalog", "sales"], { home, terminal: true, answers: [false] });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, [
      `Delete catalog sales (${SEED_CATALOGS.sales.id}) with its namespaces, tables, branches ` +
      "and tags?",
    ]);

    server.clearRequests();
    const r = await run(["delete-catalog", "sales", "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Catalog sales (${SEED_CATALOGS.sales.id}) deleted\n`);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/catalogs/sales",
      "DELETE /api/v1/catalogs/sales",
    ]);
    const json = await ok(["delete-catalog", "marketing", "-y", "--json"], home);
    assert.deepEqual(JSON.parse(json.stdout), { deleted: "marketing" });
    assert.equal((await ok(["list-catalogs"], home)).stdout, "No catalogs found\n");
  });
});

Deno.test("list-namespace-tree prints the tree indented; --json as the server's", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await ok(["list-namespace-tree", "sales"], home);
    assert.equal(r.stdout, "analytics\n  sales\n");
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/sales/namespaces/tree"]);
    const json = JSON.parse((await ok(["list-namespace-tree", "sales", "--json"], home)).stdout);
    assert.deepEqual(json, {
      root: [{
        name: "analytics",
        full_path: ["analytics"],
        children: [{ name: "sales", full_path: ["analytics", "sales"], children: [] }],
      }],
    });
    await ok(["create-warehouse", "w", "--bucket", "b"], home);
    await ok(["create-catalog", "fresh", "--warehouse", "w"], home);
    assert.equal((await ok(["list-namespace-tree", "fresh"], home)).stdout, "default\n");
    const paged = await ok(["list-namespace-tree", "sales", "--offset", "1"], home);
    assert.equal(paged.stdout, "No namespaces found in catalog sales\n");
  });
});

Deno.test("list-namespace-tree nested-JSON errors: 404 exit 5, 403 exit 4", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const missing = await run(["list-namespace-tree", "nope"], { home });
    assert.equal(missing.code, 5);
    assert.equal(
      missing.stderr,
      "Error: API Request Failed: Failed to list namespace tree (404): Namespace does not exist: " +
        "nope\nHint: the catalog 'nope' does not exist in this tenant; see pangolin-admin " +
        "list-catalogs (names are case-sensitive)\n",
    );
    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const forbidden = await run(["list-namespace-tree", "marketing"], { home: alice });
    assert.equal(forbidden.code, 4);
    assert.match(forbidden.stderr, /Failed to list namespace tree \(403\): Forbidden\n/);
    assert.equal((await run(["list-namespace-tree", "sales"], { home: alice })).code, 0);
  });
});

Deno.test("renderTree indents children by level", () => {
  const node = (path: string[], children = []) => ({
    name: path.at(-1)!,
    full_path: path,
    children,
  });
  const tree = [
    node(["default"]),
    { ...node(["a"]), children: [{ ...node(["a", "b"]), children: [node(["a", "b", "c"])] }] },
  ];
  assert.deepEqual(renderTree(tree), ["default", "a", "  b", "    c"]);
});

Deno.test("catalog-summary: fields, the table-count note, and root's nil-tenant note", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await ok(["catalog-summary", "sales"], home);
    assert.equal(
      r.stdout,
      "Name:             sales\n" +
        "Namespaces:       2\n" +
        "Branches:         2\n" +
        "Tables:           0\n" +
        "Storage Location: -\n",
    );
    assert.equal(
      r.stderr,
      "Note: the server does not count tables; its table count is always 0.\n",
    );
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/sales/summary"]);
    const json = JSON.parse((await ok(["catalog-summary", "sales", "--json"], home)).stdout);
    assert.deepEqual(json, {
      name: "sales",
      table_count: 0,
      namespace_count: 2,
      branch_count: 2,
      storage_location: null,
    });

    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    await ok(["use", SEED.tenantName], root);
    const asRoot = await run(["catalog-summary", "sales"], { home: root });
    assert.equal(asRoot.code, 5);
    assert.match(asRoot.stderr, /^Note: the server reads summaries in root's own tenant/);
    assert.match(asRoot.stderr, /\nHint: root sees only the default tenant's catalogs here/);
  });
});

Deno.test("list-catalogs masks secrets in a federated catalog's config", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await run([
      "create-federated-catalog",
      "partner",
      "--storage-location",
      "s3://x",
      "--properties-stdin",
    ], { home, stdin: "uri=https://partner.example.com\ntoken=tok-123\n" });
    const r = await ok(["list-catalogs", "--json"], home);
    assert.equal(r.stdout.includes("tok-123"), false);
    const partner = JSON.parse(r.stdout).find((c: { name: string }) => c.name === "partner");
    assert.equal(partner.federated_config.properties.token, "***");
    assert.equal(partner.federated_config.properties.uri, "https://partner.example.com");
  });
});
