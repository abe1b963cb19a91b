/** --json: every command prints exactly one JSON document on stdout, and nothing else there. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, run, tempHome, withServer } from "./helpers.ts";

function oneDocument(stdout: string, what: string): unknown {
  assert.ok(stdout.endsWith("\n"), what);
  try {
    return JSON.parse(stdout);
  } catch (err) {
    throw new Error(`${what}: stdout is not one JSON document: ${err}\n${stdout}`);
  }
}

Deno.test("every command's --json output is one document", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const env = { PANGOLIN_URL: server.url };
    const json = async (argv: string[], opts: { stdin?: string; home?: string } = {}) => {
      const r = await run([...argv, "--json"], { home: opts.home ?? home, env, stdin: opts.stdin });
      assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
      return oneDocument(r.stdout, argv[0]) as Record<string, unknown> & unknown[];
    };
    const rootHome = await loginAs(server.url, "admin", "password");
    const used = await json(["use", SEED.tenantName], { home: rootHome });
    assert.equal(used.tenant_id, SEED.tenantId);

    const login = await json([
      "login",
      "-u",
      SEED.tenantAdmin.username,
      "-t",
      SEED.tenantId,
      "--password-stdin",
    ], { stdin: SEED.tenantAdmin.password });
    assert.equal(login.logged_in, SEED.tenantAdmin.username);
    assert.equal("token" in login, false, "login --json does not print the token");
    assert.equal((await json(["whoami"])).role, "tenant-admin");
    const created = await json([
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      "alice",
    ]);
    assert.match(String(created.token), /^eyJ/);
    assert.equal((await json(["list-user-tokens", "--user-id", SEED.user.id])).length, 1);
    assert.ok(Array.isArray(await json(["list-my-tokens"])));
    assert.deepEqual(await json(["revoke-token-by-id", "--id", String(created.id)]), {
      revoked: created.id,
    });
    assert.deepEqual(await json(["delete-token", "--token-id", String(created.id)]), {
      deleted: created.id,
    });
    const dry = await json(["revoke-user-tokens", "--user-id", SEED.user.id, "--dry-run"]);
    assert.equal(dry.dry_run, true);
    const revoked = await json(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"]);
    assert.deepEqual(revoked.failed, []);
    assert.equal(typeof (await json(["cleanup-expired-tokens"])).count, "number");
    const su = await json(["create-service-user", "--name", "bot"]);
    assert.match(String(su.api_key), /^pgl_/);
    assert.equal((await json(["list-service-users"])).length, 1);
    assert.equal((await json(["get-service-user", "--id", String(su.id)])).name, "bot");
    assert.equal(
      (await json(["update-service-user", "--id", String(su.id), "--description", "d"])).updated,
      su.id,
    );
    const rotated = await json(["rotate-service-user-key", "--id", String(su.id)]);
    assert.notEqual(rotated.api_key, su.api_key);
    const all = await json(["rotate-service-user-key", "--all"]);
    assert.equal(all.length, 1);
    assert.deepEqual(await json(["delete-service-user", "--id", String(su.id), "--yes"]), {
      deleted: su.id,
    });
    assert.equal((await json(["list-catalogs"])).length, 2);
    const rotatedToken = await json(["rotate-token"]);
    assert.equal(rotatedToken.rotated, true);
    assert.equal("token" in rotatedToken, false, "the saved token is not printed");
    const out = await json(["revoke-token"]);
    assert.equal(out.verified, true);
    const gone = await run(["logout", "--json"], { home, env });
    assert.equal(gone.code, 3);
    assert.equal(gone.stdout, "");
  });
});

Deno.test("paging: --limit/--offset send one page; --all follows pages to the end", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    for (let i = 0; i < 5; i++) {
      const r = await run(["create-service-user", "--name", `bot-${i}`, "--json"], { home });
      assert.equal(r.code, 0, r.stderr);
    }
    server.clearRequests();
    const page = await run(["list-service-users", "--limit", "2", "--offset", "1", "--json"], {
      home,
    });
    assert.deepEqual(JSON.parse(page.stdout).map((u: { name: string }) => u.name), [
      "bot-1",
      "bot-2",
    ]);
    assert.equal(server.requests[0].query, "limit=2&offset=1");
    server.clearRequests();
    const all = await run(["list-service-users", "--all", "--limit", "2", "--json"], { home });
    assert.equal(JSON.parse(all.stdout).length, 5);
    assert.deepEqual(server.requests.map((r) => r.query), [
      "limit=2&offset=0",
      "limit=2&offset=2",
      "limit=2&offset=4",
    ]);
  });
});
