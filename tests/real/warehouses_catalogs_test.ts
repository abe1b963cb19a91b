// Warehouses, catalogs and federated catalogs through the CLI as a subprocess, against the
// real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import { exits, fetchJson, listedNames, login, shell } from "./cli.ts";
import { realTest } from "./harness.ts";

interface Warehouse {
  id: string;
  name: string;
  storage_config: Record<string, string>;
}

realTest("real server: warehouses, catalogs and federated catalogs", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const token = fixtures.adminToken;
  const admin = await shell(server);
  await login(admin, fixtures.tenantAdmin.username, "password", { tenantId: fixtures.tenantId });
  const warehouses = () => fetchJson<Warehouse[]>(server, token, "/api/v1/warehouses");
  const byName = async (name: string) => (await warehouses()).find((w) => w.name === name);
  const secret = "wJalrXUtnFEMI-real-tier-secret";

  await t.step(
    "create-warehouse and list-warehouses: stored, secret kept off the output",
    async () => {
      const r = exits(
        await admin.run([
          "create-warehouse",
          "s3-x",
          "--bucket",
          "x-bucket",
          "--region",
          "eu-west-1",
          "--access-key",
          "AKIAREALTIER",
          "--secret-key-stdin",
        ], { stdin: secret + "\n" }),
        0,
      );
      assert.equal(r.stdout, "✅ Warehouse s3-x created\n");
      const stored = await byName("s3-x");
      assert.deepEqual(stored?.storage_config, {
        "s3.bucket": "x-bucket",
        "s3.region": "eu-west-1",
        "s3.access-key-id": "AKIAREALTIER",
        "s3.secret-access-key": secret,
      });
      const listed = exits(await admin.run(["list-warehouses", "--json"]), 0);
      assert.equal(listed.stdout.includes(secret), false);
      const rows = JSON.parse(listed.stdout) as Warehouse[];
      assert.deepEqual(rows.map((w) => w.name).sort(), ["s3-main", "s3-x"]);
      const table = exits(await admin.run(["list-warehouses"]), 0);
      assert.match(table.stdout, /^s3-x +s3 +x-bucket +eu-west-1 /m);
    },
  );

  await t.step("update-warehouse renames; the old name is free again for create", async () => {
    const id = (await byName("s3-x"))!.id;
    const r = exits(await admin.run(["update-warehouse", "s3-x", "--name", "s3-x-retired"]), 0);
    assert.equal(r.stdout, "✅ Warehouse s3-x renamed to s3-x-retired\n");
    assert.equal((await byName("s3-x-retired"))?.id, id);
    assert.equal(await byName("s3-x"), undefined);
    // The server keeps answering GET by the old name with the renamed record: the CLI must
    // not take that for "s3-x exists".
    const stale = await server.request("GET", "/api/v1/warehouses/s3-x", { token });
    assert.equal(stale.status, 200, "the server's by-name GET answers for a renamed name");
    assert.equal((stale.json as Warehouse).name, "s3-x-retired");
    exits(await admin.run(["create-warehouse", "s3-x", "--bucket", "new-bucket"]), 0);
    const fresh = await byName("s3-x");
    assert.ok(fresh && fresh.id !== id, "a new warehouse, not the renamed one");
    assert.equal(fresh.storage_config["s3.bucket"], "new-bucket");
    assert.equal((await byName("s3-x-retired"))?.storage_config["s3.bucket"], "x-bucket");
  });

  await t.step("update-warehouse: a taken name is refused; a free one renamed", async () => {
    const taken = exits(await admin.run(["update-warehouse", "s3-main", "--name", "s3-x"]), 1);
    assert.match(taken.stderr, /A warehouse named 's3-x' already exists/);
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), [
      "s3-main",
      "s3-x",
      "s3-x-retired",
    ]);
    exits(await admin.run(["update-warehouse", "--id", "s3-x-retired", "--name", "s3-old"]), 0);
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), [
      "s3-main",
      "s3-old",
      "s3-x",
    ]);
    const gone = exits(await admin.run(["update-warehouse", "s3-x-retired", "--name", "y"]), 5);
    assert.match(gone.stderr, /Warehouse not found/);
  });

  await t.step("delete-warehouse: gone from the listing; again is exit 5", async () => {
    const r = exits(await admin.run(["delete-warehouse", "s3-old", "--yes"]), 0);
    assert.equal(r.stdout, "✅ Warehouse s3-old deleted\n");
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), ["s3-main", "s3-x"]);
    exits(await admin.run(["delete-warehouse", "s3-old", "--yes"]), 5);
  });

  await t.step(
    "update-catalog --warehouse: a renamed-away or deleted name is refused",
    async () => {
      // GET /api/v1/warehouses/s3-x-retired still answers 200 after the rename and the delete.
      for (const name of ["s3-old", "s3-x-retired"]) {
        const r = exits(await admin.run(["update-catalog", "sales", "--warehouse", name]), 5);
        assert.match(r.stderr, new RegExp(`Warehouse '${name}' not found in this tenant`));
      }
      const sales = await fetchJson<{ warehouse_name: string }>(
        server,
        token,
        "/api/v1/catalogs/sales",
      );
      assert.equal(sales.warehouse_name, "s3-main");
      exits(await admin.run(["update-catalog", "sales", "--warehouse", "s3-x"]), 0);
      assert.equal(
        (await fetchJson<{ warehouse_name: string }>(server, token, "/api/v1/catalogs/sales"))
          .warehouse_name,
        "s3-x",
      );
    },
  );
});
