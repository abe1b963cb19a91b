/**
 * login's flow: the config checked and locked before the server is asked, the server named,
 * a profile reused as the tool's own hints promise, the old session of another server ended.
 */
import assert from "node:assert/strict";
import { SEED, startServer } from "./server/mod.ts";
import { loginAs, readConfig, requestLines, run, tempHome, withServer } from "./helpers.ts";

function loginBody(server: { requests: Array<{ path: string; body: string }> }) {
  const req = server.requests.filter((q) => q.path === "/api/v1/users/login").at(-1);
  return req ? JSON.parse(req.body) : undefined;
}

Deno.test("a corrupt config: login sends nothing (no session is issued that cannot be saved)", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
    const bytes = '{"profiles": {"default": ';
    await Deno.writeTextFile(`${home}/.pangolin/config`, bytes, { mode: 0o600 });
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home,
      stdin: "password",
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: The config file .* is not valid JSON/);
    assert.deepEqual(requestLines(server), []);
    assert.equal(await Deno.readTextFile(`${home}/.pangolin/config`), bytes);
  });
});

Deno.test("login -p NAME after logout reuses the profile's server, username and tenant", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      tenantId: SEED.tenantId,
      profile: "acme",
    });
    const out = await run(["logout", "-p", "acme"], { home });
    assert.equal(out.code, 0, out.stderr);
    // The hint the tool prints, as printed: no --url, no tenant.
    const again = await run(
      ["login", "--username", SEED.tenantAdmin.username, "--profile", "acme", "--password-stdin"],
      { home, stdin: SEED.tenantAdmin.password },
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(
      again.stdout,
      `✅ Logged in successfully as ${SEED.tenantAdmin.username}\nServer: ${server.url} (profile acme)\n`,
    );
    assert.equal(loginBody(server)["tenant-id"], SEED.tenantId);
    // And with nothing at all but the profile and the password.
    const bare = await run(["login", "-p", "acme", "--password-stdin"], {
      home,
      stdin: SEED.tenantAdmin.password,
    });
    assert.equal(bare.code, 0, bare.stderr);
    assert.deepEqual(loginBody(server), {
      username: SEED.tenantAdmin.username,
      password: SEED.tenantAdmin.password,
      "tenant-id": SEED.tenantId,
    });
  });
});

Deno.test("login --tenant <uuid> is the tenant to log in to; -t takes a name a profile knows", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const g = await run(
      [
        "login",
        "--url",
        server.url,
        "-u",
        SEED.tenantAdmin.username,
        "--tenant",
        SEED.tenantId,
        "--password-stdin",
      ],
      { home, stdin: SEED.tenantAdmin.password },
    );
    assert.equal(g.code, 0, g.stderr);
    assert.equal(loginBody(server)["tenant-id"], SEED.tenantId);

    // Now a profile knows the tenant's name: -t takes it, in another profile.
    const byName = await run(
      [
        "login",
        "--url",
        server.url,
        "-u",
        SEED.user.username,
        "-t",
        SEED.tenantName,
        "-p",
        "bob",
        "--password-stdin",
      ],
      { home, stdin: SEED.user.password },
    );
    assert.equal(byName.code, 0, byName.stderr);
    assert.equal(loginBody(server)["tenant-id"], SEED.tenantId);
    assert.equal((await readConfig(home)).profiles.bob.tenant_id, SEED.tenantId);

    server.clearRequests();
    const unknown = await run(
      ["login", "--url", server.url, "-u", "x", "-t", "nosuch", "-p", "x", "--password-stdin"],
      { home, stdin: "pw" },
    );
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /^Error: No saved profile knows a tenant named 'nosuch'/);
    const clash = await run(
      [
        "login",
        "--url",
        server.url,
        "-u",
        "x",
        "-t",
        SEED.tenantId,
        "--tenant",
        crypto.randomUUID(),
        "-p",
        "x",
        "--password-stdin",
      ],
      { home, stdin: "pw" },
    );
    assert.equal(clash.code, 2);
    assert.match(
      clash.stderr,
      /^Error: -t \(.*\) and --tenant \(.*\) name different tenants; pass one\n/,
    );
    assert.deepEqual(requestLines(server), []);
  });
});

Deno.test("login into a profile of another server revokes the old session there first", async () => {
  await withServer(async (next) => {
    const old = await startServer();
    try {
      const home = await loginAs(old.url, "admin", "password");
      const oldJti = String((await readConfig(home)).profiles.default.token_id);
      const oldToken = String((await readConfig(home)).profiles.default.token);
      const r = await run(["login", "--url", next.url, "-u", "admin", "--password-stdin"], {
        home,
        stdin: "password",
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stdout,
        `✅ Logged in successfully as admin\nServer: ${next.url} (profile default)\n`,
      );
      assert.equal(
        r.stderr,
        `Note: the profile's session on ${old.url} (token ${oldJti}) was revoked there.\n`,
      );
      assert.ok(old.isRevoked(oldJti));
      // The old token went to its own server only, never to the new one.
      assert.ok(next.requests.length > 0);
      assert.ok(next.requests.every((q) => !JSON.stringify(q).includes(oldToken)));
      assert.ok(old.requests.some((q) => JSON.stringify(q.headers).includes(oldToken)));
    } finally {
      await old.close();
    }
  });
});

Deno.test("when the old server cannot be reached, login says the old session stays valid", async () => {
  await withServer(async (next) => {
    const old = await startServer();
    const home = await loginAs(old.url, "admin", "password");
    const saved = (await readConfig(home)).profiles.default;
    await old.close();
    const r = await run([
      "login",
      "--url",
      next.url,
      "-u",
      "admin",
      "--password-stdin",
      "--timeout",
      "2",
    ], {
      home,
      stdin: "password",
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^Warning: the profile's session on ${old.url} \\(token ${saved.token_id}\\) could not be ` +
          `revoked \\(.*\\); it stays valid until it expires at ${saved.expires_at}\\.\\n$`,
      ),
    );
    assert.equal((await readConfig(home)).profiles.default.url, next.url);
  });
});
