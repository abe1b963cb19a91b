/** Service-user verbs, and the service-user credentials (client credentials, X-API-Key). */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, tempHome, withServer } from "./helpers.ts";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function create(home: string, name: string, role = "tenant-admin") {
  const r = await run(["create-service-user", "--name", name, "--role", role, "--json"], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { id: string; api_key: string; name: string };
}

Deno.test("create-service-user prints the id, the key once, and the cron lines", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["create-service-user", "--name", "nightly", "--description", "ETL"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(server.requests[0].body);
    assert.deepEqual(body, { name: "nightly", role: "tenant-user", description: "ETL" });
    const id = r.stdout.match(/^Service user ID: (\S+)$/m)![1];
    const key = r.stdout.match(/^PANGOLIN_API_KEY=(pgl_\w{64})$/m)![1];
    assert.match(r.stdout, /^✅ Service user nightly created \(role tenant-user\)$/m);
    assert.match(r.stdout, new RegExp(`^PANGOLIN_CLIENT_ID=${id}$`, "m"));
    assert.equal(r.stdout.split(key).length - 1, 1, "the key is printed once");
    assert.match(r.stderr, /cannot be shown again/);
    assert.ok(server.serviceUserKeyWorks(id, key));
  });
});

Deno.test("a service user's id and key work with no config file on a default server", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await create(home, "cron");
    const cronHome = await tempHome();
    server.clearRequests();
    const r = await run(["list-catalogs"], {
      home: cronHome,
      env: { PANGOLIN_URL: server.url, PANGOLIN_CLIENT_ID: su.id, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Name +Type +Warehouse +Storage Location$/m);
    assert.match(r.stdout, /^sales +Local/m);
    assert.deepEqual(requestLines(server), [
      "POST /v1/pangolin-admin/v1/oauth/tokens",
      "GET /api/v1/catalogs",
    ]);
    const form = new URLSearchParams(server.requests[0].body);
    assert.equal(form.get("grant_type"), "client_credentials");
    assert.equal(form.get("client_id"), su.id);
    await assert.rejects(Deno.stat(`${cronHome}/.pangolin`), "no config file is created");
    assert.equal((r.stdout + r.stderr).includes(su.api_key), false);
  });
});

Deno.test("PANGOLIN_API_KEY alone: refused by a default server, with the client-id hint", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await create(home, "legacy");
    const r = await run(["list-catalogs"], {
      env: { PANGOLIN_URL: server.url, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to list catalogs \(401\): Invalid or expired API key\nHint: .*set PANGOLIN_CLIENT_ID/,
    );
    assert.equal(server.requests.at(-1)!.headers["x-api-key"], su.api_key);
  });
});

Deno.test("PANGOLIN_API_KEY alone works where the server allows legacy keys", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await create(home, "legacy");
    const r = await run(["list-catalogs", "--json"], {
      env: { PANGOLIN_URL: server.url, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(JSON.parse(r.stdout)));
  }, { legacyApiKeys: true });
});

Deno.test("rotate-service-user-key: new key once, the old key stops working", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await create(home, "etl");
    const r = await run(["rotate-service-user-key", "--id", su.id], { home });
    assert.equal(r.code, 0, r.stderr);
    const key = r.stdout.match(/^PANGOLIN_API_KEY=(pgl_\w{64})$/m)![1];
    assert.notEqual(key, su.api_key);
    assert.equal(server.serviceUserKeyWorks(su.id, su.api_key), false);
    assert.ok(server.serviceUserKeyWorks(su.id, key));
    const old = await run(["list-catalogs"], {
      env: { PANGOLIN_URL: server.url, PANGOLIN_CLIENT_ID: su.id, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(old.code, 3);
    assert.match(old.stderr, /Invalid client_secret/);
  });
});

Deno.test("rotate-service-user-key --all prints the new keys as one JSON array", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const a = await create(home, "a");
    const b = await create(home, "b");
    const r = await run(["rotate-service-user-key", "--all"], { home });
    assert.equal(r.code, 0, r.stderr);
    const keys = JSON.parse(r.stdout) as Array<{ id: string; api_key: string }>;
    assert.deepEqual(keys.map((k) => k.id).sort(), [a.id, b.id].sort());
    for (const k of keys) assert.ok(server.serviceUserKeyWorks(k.id, k.api_key));
    assert.match(r.stderr, /Rotated 2 of 2 service users/);
  });
});

Deno.test("rotation on a SQL backend: each 500 reported with the backend hint, exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const a = await create(home, "a");
    const one = await run(["rotate-service-user-key", "--id", a.id], { home });
    assert.equal(one.code, 1);
    assert.match(one.stderr, /Failed to rotate API key \(500\)/);
    assert.match(one.stderr, /Hint: this server's backend cannot rotate keys/);
    const all = await run(["rotate-service-user-key", "--all"], { home });
    assert.equal(all.code, 1);
    assert.deepEqual(JSON.parse(all.stdout), []);
    assert.match(all.stderr, /Failed to rotate a \(/);
    assert.ok(server.serviceUserKeyWorks(a.id, a.api_key), "the old key still works");
  }, { backend: "sql" });
});

Deno.test("list, get, update and delete service users; the key hash is never printed", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await create(home, "reporting");
    const list = await run(["list-service-users"], { home });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +Name +Role +Active +Created At +Expires At +Last Used$/m);
    assert.match(list.stdout, new RegExp(`^${su.id} +reporting +tenant-admin +yes`, "m"));
    const json = await run(["list-service-users", "--json"], { home });
    assert.equal(json.stdout.includes("api-key-hash"), false);
    assert.equal(JSON.parse(json.stdout)[0]["created-at"] !== undefined, true);
    const get = await run(["get-service-user", "--id", su.id], { home });
    assert.match(get.stdout, /^Name: +reporting$/m);
    assert.equal(get.stdout.includes("$2"), false);

    server.clearRequests();
    const upd = await run(["update-service-user", "--id", su.id, "--active", "false"], { home });
    assert.equal(upd.code, 0, upd.stderr);
    assert.equal(upd.stdout, `✅ Service user ${su.id} updated\n`);
    assert.deepEqual(JSON.parse(server.requests[0].body), { active: false });
    const nothing = await run(["update-service-user", "--id", su.id], { home });
    assert.equal(nothing.code, 2);

    const noYes = await run(["delete-service-user", "--id", su.id], { home });
    assert.equal(noYes.code, 2);
    const del = await run(["delete-service-user", "--id", su.id, "--yes"], { home });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout, `✅ Service user ${su.id} deleted\n`);
  });
});

Deno.test("create-service-user --key-file keeps the key off the terminal", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const file = `${home}/etl.key`;
    const r = await run(["create-service-user", "--name", "etl", "--key-file", file], { home });
    assert.equal(r.code, 0, r.stderr);
    const key = (await Deno.readTextFile(file)).trim();
    assert.match(key, /^pgl_\w{64}$/);
    assert.equal((r.stdout + r.stderr).includes(key), false);
    assert.match(r.stdout, new RegExp(`API key written to ${file}`));
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  });
});

Deno.test("service-user commands as a plain user: the server's 403 text and exit 4", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const r = await run(["create-service-user", "--name", "x"], { home });
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to create service user \(403\): Only admins can create service users\n/,
    );
  });
});
