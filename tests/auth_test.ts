/** login, logout, whoami and use, in-process against the test server. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  readConfig,
  requestLines,
  run,
  tempHome,
  withServer,
} from "./helpers.ts";

Deno.test("login --password-stdin saves the session and prints the contract line", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const r = await run(["login", "--url", server.url, "--username", "admin", "--password-stdin"], {
      home,
      stdin: "password\n",
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `✅ Logged in successfully as admin\nServer: ${server.url} (profile default)\n`,
    );
    assert.equal(r.stderr, "");
    const body = JSON.parse(server.requests.find((q) => q.path === "/api/v1/users/login")!.body);
    assert.deepEqual(body, { username: "admin", password: "password" });
    const profile = (await readConfig(home)).profiles.default;
    assert.equal(profile.url, server.url);
    assert.equal(profile.username, "admin");
    assert.equal(profile.role, "root");
    assert.equal(profile.tenant_id, null);
    assert.match(String(profile.token), /^ey/);
    assert.match(String(profile.token_id), /^[0-9a-f-]{36}$/);
    assert.equal(JSON.stringify(profile).includes("password"), false);
  });
});

Deno.test("login as a tenant admin sends tenant-id and saves the tenant's name", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const r = await run([
      "login",
      "--url",
      server.url,
      "-u",
      SEED.tenantAdmin.username,
      "-t",
      SEED.tenantId.toUpperCase(),
      "--password-stdin",
    ], { home, stdin: SEED.tenantAdmin.password });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `✅ Logged in successfully as ${SEED.tenantAdmin.username}\n` +
        `Server: ${server.url} (profile default)\n`,
    );
    const login = server.requests.find((q) => q.path === "/api/v1/users/login")!;
    assert.equal(JSON.parse(login.body)["tenant-id"], SEED.tenantId);
    const profile = (await readConfig(home)).profiles.default;
    assert.equal(profile.tenant_id, SEED.tenantId);
    assert.equal(profile.tenant_name, SEED.tenantName);
    assert.equal(profile.role, "tenant-admin");
    // The tenant's name comes from GET /api/v1/tenants/{id}, which members may read.
    assert.ok(requestLines(server).includes(`GET /api/v1/tenants/${SEED.tenantId}`));
  });
});

Deno.test("login --password works but warns that it is visible", async () => {
  await withServer(async (server) => {
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password", "password"]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /visible to other local users/);
    assert.equal(r.stderr.includes("password\n"), false);
  });
});

Deno.test("login asks on a terminal: username, then a hidden password", async () => {
  await withServer(async (server) => {
    const r = await run(["login", "--url", server.url], {
      terminal: true,
      answers: ["admin", "password"],
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompts, ["Username:", "Password:"]);
  });
});

Deno.test("login without a terminal never waits: missing input is a usage error", async () => {
  await withServer(async (server) => {
    const noPassword = await run(["login", "--url", server.url, "-u", "admin"]);
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /^Error: Missing password: pass --password-stdin/);
    const noUser = await run(["login", "--url", server.url, "--password-stdin"], { stdin: "x" });
    assert.equal(noUser.code, 2);
    assert.match(noUser.stderr, /Missing --username/);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("login with a wrong password: the server's 401 text, exit 3, nothing saved", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home,
      stdin: "wrong",
    });
    assert.equal(r.code, 3);
    assert.equal(
      r.stderr.split("\n")[0],
      "Error: API Request Failed: Failed to log in (401): Invalid credentials",
    );
    assert.match(r.stderr, /\nHint: /);
    await assert.rejects(Deno.stat(`${home}/.pangolin/config`));
  });
});

Deno.test("login throttled by the server: 429 says how long to wait, exit 1", async () => {
  await withServer(async (server) => {
    for (let i = 0; i < 2; i++) {
      await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
        stdin: "password",
      });
    }
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      stdin: "password",
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Failed to log in \(429\): too many authentication attempts/);
    assert.match(r.stderr, /Hint: .*wait 60 seconds/);
  }, { rateLimit: 2 });
});

Deno.test("cancelling the password prompt exits 130", async () => {
  await withServer(async (server) => {
    const r = await run(["login", "--url", server.url, "-u", "admin"], {
      terminal: true,
      answers: ["cancel"],
    });
    assert.equal(r.code, 130);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("whoami shows server, user, role, tenant, token id and expiry without a request", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const profile = (await readConfig(home)).profiles.default;
    server.clearRequests();
    const r = await run(["whoami"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length, 0);
    assert.match(r.stdout, new RegExp(`^URL: +${server.url}$`, "m"));
    assert.match(r.stdout, /^Profile: +default$/m);
    assert.match(r.stdout, new RegExp(`^Username: +${SEED.tenantAdmin.username}$`, "m"));
    assert.match(r.stdout, /^Role: +tenant-admin$/m);
    assert.match(r.stdout, new RegExp(`^Tenant: +${SEED.tenantName} \\(${SEED.tenantId}\\)$`, "m"));
    assert.match(r.stdout, new RegExp(`^Token ID: +${profile.token_id}$`, "m"));
    assert.match(r.stdout, /^Expires At: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 2[34]h \d+m\)$/m);
    const json = await run(["whoami", "--json"], { home });
    assert.equal(JSON.parse(json.stdout).token_id, profile.token_id);
  });
});

Deno.test("whoami exits 3 when not logged in, and when the saved token has expired", async () => {
  const none = await run(["whoami"]);
  assert.equal(none.code, 3);
  assert.match(none.stderr, /^Error: Not logged in \(profile 'default'\)\.\nHint: log in first/);
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const r = await run(["whoami"], { home, now: () => later });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /expired at/);
    const list = await run(["list-catalogs"], { home, now: () => later });
    assert.equal(list.code, 3);
    assert.match(
      list.stderr,
      /The saved session of profile 'default' expired at .*\nHint: log in again/,
    );
    assert.equal(server.requests.length, 0, "an expired token is never sent");
  });
});

Deno.test("use <tenant-name> sets root's tenant context, sent as X-Pangolin-Tenant", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const r = await run(["use", SEED.tenantName], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `✅ Using tenant ${SEED.tenantName} (${SEED.tenantId}) in profile 'default'\n`,
    );
    assert.equal((await readConfig(home)).profiles.default.tenant_id, SEED.tenantId);
    server.clearRequests();
    const list = await run(["list-catalogs", "--json"], { home });
    assert.equal(list.code, 0, list.stderr);
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], SEED.tenantId);
    const names = JSON.parse(list.stdout).map((c: { name: string }) => c.name);
    assert.ok(names.includes("sales"));
    const missing = await run(["use", "no-such-tenant"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /^Error: No tenant named 'no-such-tenant' on this server\.\n/);
  });
});

Deno.test("use is refused for a session that is not root", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const r = await run(["use", SEED.tenantName], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /root sessions only/);
  });
});

Deno.test("a new login revokes the session it replaces in the profile", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const first = String((await readConfig(home)).profiles.default.token_id);
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home,
      stdin: "password",
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `✅ Logged in successfully as admin\nServer: ${server.url} (profile default)\n`,
    );
    assert.equal(r.stderr, `Note: the profile's previous session (token ${first}) was revoked.\n`);
    assert.ok(server.isRevoked(first));
    const second = String((await readConfig(home)).profiles.default.token_id);
    assert.equal(server.isRevoked(second), false);
    // Another profile's session is not touched.
    await loginAs(server.url, "admin", "password", { home, profile: "other" });
    assert.equal(server.isRevoked(second), false);
  });
});
