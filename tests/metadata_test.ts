/** Business metadata, asset details and access-request verbs, in-process. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { SEED_ASSETS } from "./server/handlers/metadata.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

const ORDERS = SEED_ASSETS.orders.id;
const CHURN = SEED_ASSETS.churnModel.id;
const NOWHERE = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const ALICE = SEED.user.id;

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function aliceHome(server: TestServer): Promise<string> {
  return await loginAs(server.url, SEED.user.username, SEED.user.password, {
    tenantId: SEED.tenantId,
  });
}

function lastBody(server: TestServer, method: string): Record<string, unknown> {
  const req = server.requests.findLast((r) => r.method === method);
  assert.ok(req, `no ${method} request`);
  return JSON.parse(req.body);
}

Deno.test("set-metadata: reads, merges and writes the whole record", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const first = await run([
      "set-metadata",
      "--asset-id",
      ORDERS,
      "--description",
      "Orders fact table",
      "--tags",
      "finance, pii,,finance",
      "-P",
      "owner=data-team",
      "--property",
      "tier=",
    ], { home });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/assets/${ORDERS}/metadata`,
      `GET /api/v1/assets/${ORDERS}`,
      `POST /api/v1/assets/${ORDERS}/metadata`,
    ]);
    assert.deepEqual(lastBody(server, "POST"), {
      tags: ["finance", "pii"],
      properties: { owner: "data-team", tier: "" },
      discoverable: false,
      description: "Orders fact table",
    });
    assert.equal(first.stdout, `✅ Metadata of asset ${ORDERS} created\n`);
    assert.equal(first.stderr, "");

    server.clearRequests();
    const second = await run(
      ["set-metadata", "--asset-id", ORDERS, "-P", "owner=platform", "--discoverable", "true"],
      { home },
    );
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/assets/${ORDERS}/metadata`,
      `POST /api/v1/assets/${ORDERS}/metadata`,
    ]);
    assert.deepEqual(lastBody(server, "POST"), {
      tags: ["finance", "pii"],
      properties: { owner: "platform", tier: "" },
      discoverable: true,
      description: "Orders fact table",
    });
    assert.equal(second.stdout, `✅ Metadata of asset ${ORDERS} updated\n`);

    const json = await run(["set-metadata", "--asset-id", ORDERS, "--tags", "", "--json"], {
      home,
    });
    assert.equal(json.code, 0, json.stderr);
    const reply = JSON.parse(json.stdout);
    assert.deepEqual(reply.metadata.tags, []);
    assert.equal(reply.metadata["asset-id"], ORDERS);
    assert.equal(reply.metadata.discoverable, true);
  });
});

Deno.test("set-metadata: the old form, unknown assets, and usage errors", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const old = await run(
      ["set-metadata", "--entity-type", "table", "--entity-id", ORDERS, "rows", "42"],
      { home },
    );
    assert.equal(old.code, 0, old.stderr);
    assert.deepEqual(lastBody(server, "POST"), {
      tags: [],
      properties: { rows: 42 },
      discoverable: false,
    });

    const orphan = await run(["set-metadata", "--asset-id", NOWHERE, "--tags", "x"], { home });
    assert.equal(orphan.code, 0, orphan.stderr);
    assert.match(
      orphan.stderr,
      /^Warning: asset .* was not found in your tenant; the server keeps/,
    );
    const missing = await run(["set-metadata", "--asset-id", NOWHERE, "--discoverable", "true"], {
      home,
    });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /Failed to set metadata \(404\): Asset not found/);

    server.clearRequests();
    for (
      const argv of [
        ["set-metadata", "--asset-id", ORDERS],
        ["set-metadata", "--tags", "a"],
        ["set-metadata", "--asset-id", ORDERS, "-P", "=x"],
        ["set-metadata", "--asset-id", ORDERS, "--discoverable", "maybe"],
        ["set-metadata", "--asset-id", ORDERS, "only-a-key"],
        ["set-metadata", "--entity-type", "catalog", "--entity-id", ORDERS, "k", "v"],
        ["set-metadata", "--asset-id", ORDERS, "--entity-id", CHURN, "--tags", "a"],
      ]
    ) {
      const bad = await run(argv, { home });
      assert.equal(bad.code, 2, argv.join(" "));
    }
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("set-metadata --discoverable true: the server's manage-discovery check", async () => {
  await withServer(async (server) => {
    const alice = await aliceHome(server);
    const r = await run(["set-metadata", "--asset-id", ORDERS, "--discoverable", "true"], {
      home: alice,
    });
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /Failed to set metadata \(403\): Missing MANAGE_DISCOVERY permission on this catalog/,
    );
  });
});

Deno.test("get-metadata: fields, --json envelope, 404 with a hint", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const set = await run(
      ["set-metadata", "--asset-id", ORDERS, "--tags", "finance,pii", "-P", "owner=data-team"],
      { home },
    );
    assert.equal(set.code, 0, set.stderr);
    server.clearRequests();
    const r = await run(["get-metadata", "--asset-id", ORDERS], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [`GET /api/v1/assets/${ORDERS}/metadata`]);
    assert.match(r.stdout, new RegExp(`^Asset ID: +${ORDERS}$`, "m"));
    assert.match(r.stdout, /^Description: +-$/m);
    assert.match(r.stdout, /^Tags: +finance, pii$/m);
    assert.match(r.stdout, /^Discoverable: +no$/m);
    assert.match(r.stdout, new RegExp(`^Created By: +${SEED.tenantAdmin.id}$`, "m"));
    assert.match(r.stdout, /\nProperties:\n {2}owner: data-team\n$/);
    const json = await run(["get-metadata", "--entity-id", ORDERS, "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout).metadata.properties, { owner: "data-team" });
    const none = await run(["get-metadata", "--asset-id", CHURN], { home });
    assert.equal(none.code, 5);
    assert.match(
      none.stderr,
      /^Error: API Request Failed: Failed to get metadata \(404\): Metadata not found\nHint: this /,
    );
    const noId = await run(["get-metadata"], { home });
    assert.equal(noId.code, 2);
  });
});

Deno.test("delete-metadata: confirmed, 204, root's 404 explained", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await run(["set-metadata", "--asset-id", ORDERS, "--tags", "x"], { home });
    server.clearRequests();
    const refused = await run(["delete-metadata", "--asset-id", ORDERS], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing without --yes/);
    assert.equal(server.requests.length, 0);
    const asked = await run(["delete-metadata", "--asset-id", ORDERS], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(asked.code, 1);
    assert.deepEqual(asked.prompts, [`Delete the business metadata of asset ${ORDERS}?`]);
    assert.equal(server.requests.length, 0);

    const del = await run(["delete-metadata", "--asset-id", ORDERS, "--yes"], { home });
    assert.equal(del.code, 0, del.stderr);
    assert.deepEqual(requestLines(server), [`DELETE /api/v1/assets/${ORDERS}/metadata`]);
    assert.equal(del.stdout, `✅ Business metadata deleted for asset ${ORDERS}\n`);
    const json = await run(["delete-metadata", "--asset-id", ORDERS, "--yes", "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout), { deleted: ORDERS });

    const root = await loginAs(server.url, "admin", "password");
    const r = await run(["delete-metadata", "--asset-id", ORDERS, "--yes"], { home: root });
    assert.equal(r.code, 5);
    assert.match(
      r.stderr,
      /Failed to delete metadata \(404\): Asset not found\nHint: root's session/,
    );
    const alice = await aliceHome(server);
    const denied = await run(["delete-metadata", "--asset-id", ORDERS, "--yes"], { home: alice });
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /Failed to delete metadata \(403\): Forbidden/);
  });
});

Deno.test("get-asset-details: the nested shape, and who may see it", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await run(["set-metadata", "--asset-id", ORDERS, "--description", "Orders", "--tags", "pii"], {
      home,
    });
    server.clearRequests();
    const r = await run(["get-asset-details", "--id", ORDERS], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [`GET /api/v1/assets/${ORDERS}`]);
    assert.match(r.stdout, /^Name: +orders$/m);
    assert.match(r.stdout, /^Kind: +ICEBERG_TABLE$/m);
    assert.match(r.stdout, /^Catalog: +sales$/m);
    assert.match(r.stdout, /^Namespace: +analytics\.sales$/m);
    assert.match(r.stdout, /^Description: +Orders$/m);
    assert.match(r.stdout, /^Tags: +pii$/m);
    assert.match(r.stdout, /^Properties: \(none\)$/m);
    const json = JSON.parse(
      (await run(["get-asset-details", "--id", ORDERS, "--json"], { home })).stdout,
    );
    assert.deepEqual(Object.keys(json).sort(), ["asset", "catalog", "metadata", "namespace"]);
    assert.equal(json.asset.id, ORDERS);
    assert.deepEqual(json.namespace, ["analytics", "sales"]);

    const alice = await aliceHome(server);
    const readable = await run(["get-asset-details", "--id", ORDERS], { home: alice });
    assert.equal(readable.code, 0, readable.stderr);
    const denied = await run(["get-asset-details", "--id", CHURN], { home: alice });
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /Failed to get asset \(403\): Access denied/);
    const missing = await run(["get-asset-details", "--id", NOWHERE], { home });
    assert.equal(missing.code, 5);
    const root = await loginAs(server.url, "admin", "password");
    const rootMissing = await run(["get-asset-details", "--id", ORDERS], { home: root });
    assert.equal(rootMissing.code, 5);
    assert.match(rootMissing.stderr, /Hint: root's session has no tenant/);
    assert.equal((await run(["get-asset-details", "--id", "orders"], { home })).code, 2);
  });
});

Deno.test("request-access and list-access-requests: admins see all, users their own", async () => {
  await withServer(async (server) => {
    const admin = await adminHome(server);
    const alice = await aliceHome(server);
    server.clearRequests();
    const r = await run(
      ["request-access", "--asset-id", CHURN, "--reason", "quarterly report"],
      { home: alice },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/assets/${CHURN}`,
      `POST /api/v1/assets/${CHURN}/access-requests`,
    ]);
    assert.deepEqual(lastBody(server, "POST"), { reason: "quarterly report" });
    const id = r.stdout.match(/^✅ Access request (\S+) submitted for asset /)![1];
    assert.equal(r.stdout, `✅ Access request ${id} submitted for asset ${CHURN}\n`);
    assert.equal(r.stderr, "", "the asset exists (403 to alice is not a 404)");

    const noReason = await run(["request-access", "--asset-id", NOWHERE, "--json"], {
      home: admin,
    });
    assert.equal(noReason.code, 0, noReason.stderr);
    assert.deepEqual(lastBody(server, "POST"), {});
    assert.equal(JSON.parse(noReason.stdout).status, "pending");
    assert.match(noReason.stderr, /Warning: asset .* was not found in your tenant/);
    for (let i = 0; i < 4; i++) {
      const who = i % 2 === 0 ? admin : alice;
      const more = await run(["request-access", "--asset-id", ORDERS], { home: who });
      assert.equal(more.code, 0, more.stderr);
    }

    const all = await run(["list-access-requests", "--json"], { home: admin });
    assert.equal(JSON.parse(all.stdout).length, 6);
    const table = await run(["list-access-requests"], { home: admin });
    assert.match(table.stdout, /^ID +User ID +Asset ID +Status +Requested At +Reason$/m);
    assert.match(
      table.stdout,
      new RegExp(`^${id} +${ALICE} +${CHURN} +pending +\\S+ \\S+ UTC +quarterly report$`, "m"),
    );

    const own = JSON.parse(
      (await run(["list-access-requests", "--all", "--json"], { home: alice })).stdout,
    );
    assert.equal(own.length, 3);
    assert.ok(own.every((q: { "user-id": string }) => q["user-id"] === ALICE));
    const allQuery = server.requests.findLast((q) => q.path === "/api/v1/access-requests")!;
    assert.equal(allQuery.query, "", "--all asks for the whole list in one request");

    // Pages of 2 over six requests, three of them alice's: some page is short.
    let seen = 0;
    let shortNote = false;
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await run(
        ["list-access-requests", "--limit", "2", "--offset", String(offset), "--json"],
        { home: alice },
      );
      seen += JSON.parse(page.stdout).length;
      shortNote ||= /this page can be short even when more follow; --all/.test(page.stderr);
    }
    assert.equal(seen, 3);
    assert.ok(shortNote);

    const root = await loginAs(server.url, "admin", "password");
    const rootList = await run(["list-access-requests"], { home: root });
    assert.equal(rootList.stdout, "No access requests found\n");
    assert.match(rootList.stderr, /root's session has no tenant/);
  });
});

Deno.test("update-access-request: lowercase status, comment, read on approval", async () => {
  await withServer(async (server) => {
    const admin = await adminHome(server);
    const alice = await aliceHome(server);
    const req = await run(["request-access", "--asset-id", CHURN, "--json"], { home: alice });
    const id = JSON.parse(req.stdout).id;
    server.clearRequests();
    const r = await run(
      ["update-access-request", "--id", id, "--status", "Approved", "--comment", "ok for Q3"],
      { home: admin },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [`PUT /api/v1/access-requests/${id}`]);
    assert.deepEqual(lastBody(server, "PUT"), { status: "approved", comment: "ok for Q3" });
    assert.equal(r.stdout, `✅ Access request ${id} approved\n`);
    const perms = await run(["list-permissions", "--user", "alice", "--json"], { home: admin });
    const granted = JSON.parse(perms.stdout).find((p: { scope: { type: string } }) =>
      p.scope.type === "asset"
    );
    assert.deepEqual(granted.actions, ["read"], "the approval granted read on the asset");
    assert.equal(granted.scope.asset_id, CHURN);

    const again = await run(["update-access-request", "--id", id, "--status", "reject", "--json"], {
      home: admin,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(lastBody(server, "PUT"), { status: "rejected" });
    const reviewed = JSON.parse(again.stdout);
    assert.equal(reviewed.status, "rejected");
    assert.equal(reviewed["reviewed-by"], SEED.tenantAdmin.id);

    server.clearRequests();
    for (const status of ["pending", "denied", ""]) {
      const bad = await run(["update-access-request", "--id", id, "--status", status], {
        home: admin,
      });
      assert.equal(bad.code, 2, status);
    }
    assert.equal(server.requests.length, 0);
    const denied = await run(["update-access-request", "--id", id, "--status", "approved"], {
      home: alice,
    });
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /Failed to update access request \(403\): Only admins can review/);
    const missing = await run(["update-access-request", "--id", NOWHERE, "--status", "approved"], {
      home: admin,
    });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /\(404\): Request not found/);
  });
});

Deno.test("get-asset-details masks credentials in an asset's location and properties", async () => {
  const details = {
    asset: {
      id: NOWHERE,
      name: "crm",
      kind: "DB_CONN_STRING",
      location: "postgresql://etl:s3cr3t@db.internal:5432/crm",
      properties: { password: "s3cr3t", owner: "crm-team" },
    },
    metadata: null,
    catalog: "sales",
    namespace: ["ops"],
  };
  const fake = (() =>
    Promise.resolve(
      new Response(JSON.stringify(details), {
        headers: { "content-type": "application/json" },
      }),
    )) as typeof fetch;
  const env = { PANGOLIN_URL: "http://127.0.0.1:9", PANGOLIN_TOKEN: "t" };
  const json = await run(["get-asset-details", "--id", NOWHERE, "--json"], { env, fetch: fake });
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stdout.includes("s3cr3t"), false);
  const asset = JSON.parse(json.stdout).asset;
  assert.equal(asset.location, "postgresql://***@db.internal:5432/crm");
  assert.deepEqual(asset.properties, { password: "***", owner: "crm-team" });
  const text = await run(["get-asset-details", "--id", NOWHERE], { env, fetch: fake });
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.includes("s3cr3t"), false);
  assert.match(text.stdout, /^ {2}password: \*\*\*$/m);
});
