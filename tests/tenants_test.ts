/** Tenant verbs: list, create (with its admin as a second step), update, delete. */
import assert from "node:assert/strict";
import { NIL_UUID, SEED, type TestServer } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  readConfig,
  requestLines,
  run,
  withServer,
} from "./helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rootHome(server: TestServer): Promise<string> {
  return await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
}

async function tenantAdminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

function bodyOf(server: TestServer, index: number): unknown {
  return JSON.parse(server.requests[index].body);
}

Deno.test("list-tenants: a table with the default tenant, --json, paging", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const r = await run(["list-tenants"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants"]);
    assert.equal(
      r.stdout,
      [
        "ID                                    Name     Properties",
        `${SEED.tenantId}  acme     -`,
        `${NIL_UUID}  default  -`,
        "",
      ].join("\n"),
    );
    const json = await run(["list-tenants", "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout), [
      { id: SEED.tenantId, name: "acme", properties: {} },
      { id: NIL_UUID, name: "default", properties: {} },
    ]);

    server.clearRequests();
    const page = await run(["list-tenants", "--limit", "1", "--offset", "1"], { home });
    assert.match(page.stdout, /^0{8}-.* +default +-$/m);
    assert.deepEqual(server.requests.map((q) => q.query), ["limit=1&offset=1"]);
    server.clearRequests();
    const all = await run(["list-tenants", "--all", "--limit", "1", "--json"], { home });
    assert.equal(JSON.parse(all.stdout).length, 2);
    assert.deepEqual(server.requests.map((q) => q.query), [
      "limit=1&offset=0",
      "limit=1&offset=1",
      "limit=1&offset=2",
    ]);
  });
});

Deno.test("list-tenants as a tenant admin: the 403 with a root-only hint, exit 4", async () => {
  await withServer(async (server) => {
    const r = await run(["list-tenants"], { home: await tenantAdminHome(server) });
    assert.equal(r.code, 4);
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to list tenants (403): Only Root can list tenants\n" +
        "Hint: only root can list tenants; log in as root\n",
    );
  });
});

Deno.test("create-tenant sends only {name, properties} and prints the id", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const r = await run(["create-tenant", "--name", "globex", "-P", "owner=ops", "-P", "t=a=b"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants", "POST /api/v1/tenants"]);
    assert.deepEqual(bodyOf(server, 1), { name: "globex", properties: { owner: "ops", t: "a=b" } });
    const id = r.stdout.match(/^Tenant ID: (\S+)$/m)![1];
    assert.match(id, UUID);
    assert.equal(r.stdout, `✅ Tenant globex created\nTenant ID: ${id}\n`);
    assert.equal(r.stderr, "");

    const json = await run(["create-tenant", "-n", "initech", "--json"], { home });
    assert.equal(json.code, 0, json.stderr);
    const t = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(t), ["id", "name", "properties"]);
    assert.equal(t.name, "initech");
  });
});

Deno.test("create-tenant: bad -P values, stray admin flags: exit 2, nothing sent", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    for (
      const argv of [
        ["create-tenant", "--name", "x", "-P", "novalue"],
        ["create-tenant", "--name", "x", "-P", "=v"],
        ["create-tenant", "--name", "x", "-P", "a=1", "-P", "a=2"],
        ["create-tenant", "--name", "x", "--admin-email", "a@b.c"],
        ["create-tenant", "--name", "x", "--admin-username", "boss", "--admin-email", "nope"],
      ]
    ) {
      const r = await run(argv, { home });
      assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
    }
    assert.deepEqual(requestLines(server), []);
  });
});

Deno.test("create-tenant --admin-username: the tenant, then its admin as a user", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const r = await run([
      "create-tenant",
      "--name",
      "globex",
      "--admin-username",
      "hank",
      "--admin-email",
      "hank@globex.example",
      "--admin-password-stdin",
    ], { home, stdin: "s3cret-pw\n" });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/tenants",
      "POST /api/v1/tenants",
      "POST /api/v1/users",
    ]);
    assert.deepEqual(bodyOf(server, 1), { name: "globex", properties: {} });
    const tenantId = r.stdout.match(/^Tenant ID: (\S+)$/m)![1];
    assert.deepEqual(bodyOf(server, 2), {
      username: "hank",
      email: "hank@globex.example",
      password: "s3cret-pw",
      tenant_id: tenantId,
      role: "tenant-admin",
    });
    const userId = r.stdout.match(/^User ID: +(\S+)$/m)![1];
    assert.equal(
      r.stdout,
      `✅ Tenant globex created\nTenant ID: ${tenantId}\n✅ Tenant admin hank created\n` +
        `User ID:   ${userId}\n`,
    );
    assert.equal(r.stderr.includes("s3cret-pw"), false);
    // The new admin can log in to the new tenant.
    await loginAs(server.url, "hank", "s3cret-pw", { tenantId });

    const json = await run([
      "create-tenant",
      "--name",
      "initech",
      "--admin-username",
      "bill",
      "--admin-email",
      "bill@initech.example",
      "--admin-password-stdin",
      "--json",
    ], { home, stdin: "pw" });
    const out = JSON.parse(json.stdout);
    assert.equal(out.name, "initech");
    assert.equal(out.admin.username, "bill");
    assert.equal(out.admin["tenant-id"], out.id);
    assert.equal(out.admin.role, "tenant-admin");
  });
});

Deno.test("create-tenant admin input: asked on a terminal, a usage error without one", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const base = ["create-tenant", "--name", "globex", "--admin-username", "hank"];
    const noEmail = await run([...base, "--admin-password-stdin"], { home, stdin: "pw" });
    assert.equal(noEmail.code, 2);
    assert.match(noEmail.stderr, /^Error: Missing --admin-email: the server needs an email/);
    const noPassword = await run([...base, "--admin-email", "h@g.example"], { home });
    assert.equal(noPassword.code, 2);
    assert.equal(
      noPassword.stderr,
      "Error: Missing --admin-password: pass --admin-password-stdin and pipe it in " +
        "(no terminal to ask on)\n",
    );
    const both = await run([...base, "--admin-password", "a", "--admin-password-stdin"], {
      home,
    });
    assert.equal(both.code, 2);
    assert.deepEqual(requestLines(server), []);

    const differ = await run(base, { home, terminal: true, answers: ["h@g.example", "a", "b"] });
    assert.equal(differ.code, 2);
    assert.match(differ.stderr, /The two passwords differ; nothing was sent/);
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants"], "no tenant was created");

    const asked = await run(base, {
      home,
      terminal: true,
      answers: ["hank@globex.example", "pw-1", "pw-1"],
    });
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(asked.prompts, [
      "Email of tenant admin hank:",
      "Password for tenant admin hank:",
      "Repeat the password:",
    ]);
    assert.equal(
      (bodyOf(server, server.requests.length - 1) as { password: string }).password,
      "pw-1",
    );

    const visible = await run([
      "create-tenant",
      "--name",
      "initech",
      "--admin-username",
      "bill",
      "--admin-email",
      "b@i.example",
      "--admin-password",
      "pw",
    ], { home });
    assert.equal(visible.code, 0, visible.stderr);
    assert.match(
      visible.stderr,
      /^Warning: a password on the command line is visible .*prefer --admin-password-stdin\.$/m,
    );
  });
});

Deno.test("create-tenant: the admin fails: the tenant's id and the way to finish", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    // The SQL backends keep usernames unique across tenants: `alice` exists in acme.
    const r = await run([
      "create-tenant",
      "--name",
      "globex",
      "--admin-username",
      SEED.user.username,
      "--admin-email",
      "a@globex.example",
      "--admin-password-stdin",
    ], { home, stdin: "pw" });
    assert.equal(r.code, 1);
    const tenantId = r.stdout.match(/^Tenant ID: (\S+)$/m)![1];
    assert.equal(r.stdout, `✅ Tenant globex created\nTenant ID: ${tenantId}\n`);
    assert.equal(
      r.stderr,
      `Error: Tenant globex was created (id ${tenantId}), but creating its admin alice failed: ` +
        "Failed to create user (500): Failed to create user\n" +
        "Hint: add the admin with: pangolin-admin create-user alice --email a@globex.example " +
        `--role tenant-admin --tenant-id ${tenantId} --password-stdin\n`,
    );
    const json = await run([
      "create-tenant",
      "--name",
      "initech",
      "--admin-username",
      SEED.user.username,
      "--admin-email",
      "a@initech.example",
      "--admin-password-stdin",
      "--json",
    ], { home, stdin: "pw" });
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout);
    assert.equal(out.name, "initech");
    assert.equal(out.admin, null);
    const list = await run(["list-tenants", "--json"], { home });
    assert.deepEqual(
      JSON.parse(list.stdout).map((t: { name: string }) => t.name),
      ["acme", "default", "globex", "initech"],
    );
  }, { backend: "sql" });
});

Deno.test("create-tenant refuses a name in use; a tenant admin gets the 403", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const taken = await run(["create-tenant", "--name", "acme"], { home });
    assert.equal(taken.code, 1);
    assert.equal(
      taken.stderr,
      `Error: A tenant named 'acme' already exists (${SEED.tenantId}); nothing was created.\n` +
        "Hint: the server does not keep tenant names unique; choose another name\n",
    );
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants"]);

    const admin = await run(["create-tenant", "--name", "globex"], {
      home: await tenantAdminHome(server),
    });
    assert.equal(admin.code, 4);
    assert.match(admin.stderr, /\(403\): Only Root can list tenants\nHint: only root can create/);
  });
});

Deno.test("update-tenant: name and merged properties; the server's object in --json", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    await run(["update-tenant", "--id", SEED.tenantId, "-P", "owner=ops"], { home });
    server.clearRequests();
    const r = await run([
      "update-tenant",
      "--id",
      SEED.tenantId,
      "--name",
      "acme-corp",
      "-P",
      "tier=gold",
    ], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Tenant acme-corp (${SEED.tenantId}) updated\n`);
    assert.deepEqual(requestLines(server), [`PUT /api/v1/tenants/${SEED.tenantId}`]);
    assert.deepEqual(bodyOf(server, 0), { name: "acme-corp", properties: { tier: "gold" } });

    const json = await run(["update-tenant", "--id", SEED.tenantId, "-P", "owner=data", "--json"], {
      home,
    });
    assert.deepEqual(JSON.parse(json.stdout), {
      id: SEED.tenantId,
      name: "acme-corp",
      properties: { owner: "data", tier: "gold" },
    });

    server.clearRequests();
    assert.equal((await run(["update-tenant", "--id", SEED.tenantId], { home })).code, 2);
    assert.equal(
      (await run(["update-tenant", "--id", "6f1c0b1e-2a3d", "--name", "x"], { home })).code,
      2,
    );
    assert.deepEqual(requestLines(server), []);
    const missing = await run(["update-tenant", "--id", SEED.user.id, "--name", "x"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /Failed to update tenant \(404\): Tenant not found/);
    const admin = await run(["update-tenant", "--id", SEED.tenantId, "--name", "x"], {
      home: await tenantAdminHome(server),
    });
    assert.equal(admin.code, 4);
    assert.match(admin.stderr, /Only Root can update tenants\nHint: only root can update tenants/);
  });
});

Deno.test("delete-tenant: asks, needs --yes without a terminal, then everything goes", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    assert.equal((await run(["use", "acme"], { home })).code, 0);
    server.clearRequests();
    const refused = await run(["delete-tenant", SEED.tenantId], { home });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      new RegExp(`^Error: Delete tenant acme \\(${SEED.tenantId}\\) .*: refusing without --yes`),
    );
    const declined = await run(["delete-tenant", SEED.tenantId], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(declined.code, 1);
    assert.deepEqual(declined.prompts, [
      `Delete tenant acme (${SEED.tenantId}) and everything in it: its users, service users, ` +
      "warehouses, catalogs, tables, roles, permissions, tokens and audit events?",
    ]);
    // The profile knows the tenant's name from 'use': nothing was sent to ask.
    assert.deepEqual(requestLines(server), []);

    const r = await run(["delete-tenant", SEED.tenantId, "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Tenant acme (${SEED.tenantId}) deleted\n`);
    assert.equal(r.stderr, "Note: profile 'default' no longer uses the deleted tenant.\n");
    assert.equal(requestLines(server).at(-1), `DELETE /api/v1/tenants/${SEED.tenantId}`);
    const profile = (await readConfig(home)).profiles.default;
    assert.equal(profile.tenant_id, undefined);
    // The cascade: acme's users went with it.
    const users = await run(["list-users", "--tenant", SEED.tenantId, "--json"], { home });
    assert.deepEqual(JSON.parse(users.stdout), []);
    const login = await run(["login", "-u", "alice", "-t", SEED.tenantId, "--password-stdin"], {
      stdin: SEED.user.password,
      env: { PANGOLIN_URL: server.url },
    });
    assert.equal(login.code, 3);

    const gone = await run(["delete-tenant", SEED.tenantId, "--yes"], { home });
    assert.equal(gone.code, 5);
    assert.match(gone.stderr, /Failed to delete tenant \(404\): Tenant not found/);
    const byName = await run(["delete-tenant", "acme", "--yes"], { home });
    assert.equal(byName.code, 5);
    assert.equal(
      byName.stderr,
      "Error: No tenant named 'acme' on this server.\n" +
        "Hint: names are case-sensitive; list-tenants shows them\n",
    );
  });
});

Deno.test("delete-tenant --json, the default-tenant warning, a tenant admin's 403", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    const r = await run(["delete-tenant", NIL_UUID, "--yes", "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    // Given by id with --yes: no request to learn the name.
    assert.deepEqual(JSON.parse(r.stdout), { deleted: NIL_UUID });
    assert.match(r.stderr, /^Warning: this is the default tenant/);
    const admin = await run(["delete-tenant", SEED.tenantId, "--yes"], {
      home: await tenantAdminHome(server),
    });
    assert.equal(admin.code, 4);
    assert.match(
      admin.stderr,
      /Failed to delete tenant \(403\): Only Root can delete tenants\nHint: only root can delete/,
    );
  });
});
