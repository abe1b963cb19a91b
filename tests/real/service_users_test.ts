// Service users, cron runs and key rotation: the seed guide's and the README runbooks' workflows, through the CLI as a subprocess, against
// the real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import { exits, login, shell } from "./cli.ts";
import { realTest } from "./harness.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

realTest("real server: service users, cron runs, key rotation and --all", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const admin = await shell(server);
  await login(admin, fixtures.tenantAdmin.username, "password", { tenantId: fixtures.tenantId });
  const cron = await shell(server);
  let id = "";
  let key = "";

  await t.step("create-service-user prints the id and the key once", async () => {
    const r = exits(
      await admin.run([
        "create-service-user",
        "--name",
        "nightly-report",
        "--role",
        "tenant-admin",
        "--json",
      ]),
      0,
    );
    const doc = JSON.parse(r.stdout);
    id = doc.id;
    key = doc.api_key;
    assert.match(id, UUID);
    assert.match(key, /^pgl_[A-Za-z0-9]{64}$/);
    const listed = await server.request("GET", "/api/v1/service-users", {
      token: fixtures.adminToken,
    });
    assert.deepEqual((listed.json as Array<{ id: string }>).map((s) => s.id), [id]);
  });

  await t.step("a cron-style run with PANGOLIN_CLIENT_ID and PANGOLIN_API_KEY", async () => {
    const r = exits(
      await cron.run(["list-catalogs", "--json"], {
        env: { PANGOLIN_CLIENT_ID: id, PANGOLIN_API_KEY: key },
      }),
      0,
    );
    assert.deepEqual(JSON.parse(r.stdout).map((c: { name: string }) => c.name).sort(), [
      "marketing",
      "sales",
    ]);
    assert.equal(r.stderr.includes(key), false);
    await assert.rejects(Deno.stat(`${cron.home}/.pangolin/config`));
    // The key alone goes in X-API-Key, which a default server refuses for API-created keys.
    const legacy = exits(await cron.run(["list-catalogs"], { env: { PANGOLIN_API_KEY: key } }), 3);
    assert.match(legacy.stderr, /Invalid or expired API key/);
    assert.match(legacy.stderr, /PANGOLIN_CLIENT_ID/);
  });

  await t.step("key rotation: the old key is refused, the new one works", async () => {
    const keyFile = `${admin.home}/report.key`;
    const r = exits(
      await admin.run(["rotate-service-user-key", "--id", id, "--key-file", keyFile]),
      0,
    );
    assert.ok(r.stdout.includes(keyFile));
    const newKey = (await Deno.readTextFile(keyFile)).trim();
    assert.notEqual(newKey, key);
    assert.equal((await Deno.stat(keyFile)).mode! & 0o777, 0o600);
    const old = exits(
      await cron.run(["list-catalogs"], { env: { PANGOLIN_CLIENT_ID: id, PANGOLIN_API_KEY: key } }),
      3,
    );
    assert.match(old.stderr, /Invalid client_secret/);
    exits(
      await cron.run(["list-catalogs"], {
        env: { PANGOLIN_CLIENT_ID: id, PANGOLIN_API_KEY: newKey },
      }),
      0,
    );
    key = newKey;
  });

  await t.step("rotate-service-user-key --all: every key new, every old one refused", async () => {
    const second = JSON.parse(
      exits(await admin.run(["create-service-user", "--name", "etl", "--json"]), 0).stdout,
    );
    const olds: Record<string, string> = { [id]: key, [second.id]: second.api_key };
    const r = exits(await admin.run(["rotate-service-user-key", "--all"]), 0);
    const rotated = JSON.parse(r.stdout) as Array<Record<string, string>>;
    assert.deepEqual(rotated.map((x) => x.id).sort(), Object.keys(olds).sort());
    for (const entry of rotated) {
      const newKey = entry.api_key;
      assert.notEqual(newKey, olds[entry.id]);
      for (const [k, code] of [[olds[entry.id], 401], [newKey, 200]] as const) {
        const reply = await server.request("POST", "/v1/x/v1/oauth/tokens", {
          rawBody: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: entry.id,
            client_secret: k,
          }).toString(),
          contentType: "application/x-www-form-urlencoded",
        });
        assert.equal(reply.status, code, reply.text);
      }
    }
  });

  await t.step("update-service-user --active false: the server refuses its key", async () => {
    const second = JSON.parse(
      exits(await admin.run(["create-service-user", "--name", "temp", "--json"]), 0).stdout,
    );
    exits(await admin.run(["update-service-user", "--id", second.id, "--active", "false"]), 0);
    const got = await server.request("GET", `/api/v1/service-users/${second.id}`, {
      token: fixtures.adminToken,
    });
    assert.equal((got.json as { active: boolean }).active, false);
    const r = exits(
      await cron.run(["list-catalogs"], {
        env: { PANGOLIN_CLIENT_ID: second.id, PANGOLIN_API_KEY: second.api_key },
      }),
      3,
    );
    assert.match(r.stderr, /Client is inactive or expired/);
    exits(await admin.run(["delete-service-user", "--id", second.id, "--yes"]), 0);
    const gone = await server.request("GET", `/api/v1/service-users/${second.id}`, {
      token: fixtures.adminToken,
    });
    assert.equal(gone.status, 404);
  });
});
