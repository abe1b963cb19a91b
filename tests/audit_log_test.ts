/** The local audit trail: one JSON line per state-changing command, 0600, never a secret. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, readConfig, run, tempHome, withServer } from "./helpers.ts";

async function lines(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await Deno.readTextFile(path);
  return text.trimEnd().split("\n").map((l) => JSON.parse(l));
}

Deno.test("state-changing commands append one line each; reads append nothing", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const log = `${home}/.pangolin/audit.log`;
    const minted = JSON.parse(
      (await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "alice", "--json"], {
        home,
      })).stdout,
    );
    await run(["list-user-tokens", "--user-id", SEED.user.id], { home });
    await run(["revoke-token-by-id", "--id", minted.id], { home });
    const entries = await lines(log);
    assert.deepEqual(entries.map((e) => e.command), [
      "login",
      "create-token",
      "revoke-token-by-id",
    ]);
    const revoke = entries[2];
    assert.equal(revoke.profile, "default");
    assert.equal(revoke.user, SEED.tenantAdmin.username);
    assert.deepEqual(revoke.targets, [minted.id]);
    assert.deepEqual(revoke.requests, [`POST /api/v1/auth/revoke/${minted.id} 200`]);
    assert.equal(revoke.result, "ok");
    assert.equal(revoke.exit_code, 0);
    assert.match(String(revoke.time), /^\d{4}-\d\d-\d\dT/);
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(log)).mode! & 0o777, 0o600);
    const text = await Deno.readTextFile(log);
    const session = String((await readConfig(home)).profiles.default.token);
    for (const secret of [session, minted.token, SEED.tenantAdmin.password]) {
      assert.equal(text.includes(secret), false);
    }
  });
});

Deno.test("a refused write is recorded as failed with its exit code", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const id = crypto.randomUUID();
    const r = await run(["delete-token", "--token-id", id], { home });
    assert.equal(r.code, 4);
    const last = (await lines(`${home}/.pangolin/audit.log`)).at(-1)!;
    assert.equal(last.command, "delete-token");
    assert.equal(last.result, "failed");
    assert.equal(last.exit_code, 4);
    assert.deepEqual(last.requests, [`DELETE /api/v1/tokens/${id} 403`]);
  });
});

Deno.test("PANGOLIN_AUDIT_LOG moves the trail, and off disables it", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const moved = `${home}/elsewhere/trail.jsonl`;
    const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home,
      stdin: "password",
      env: { PANGOLIN_AUDIT_LOG: moved },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await lines(moved)).length, 1);
    await assert.rejects(Deno.stat(`${home}/.pangolin/audit.log`));
    const off = await tempHome();
    await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home: off,
      stdin: "password",
      env: { PANGOLIN_AUDIT_LOG: "off" },
    });
    await assert.rejects(Deno.stat(`${off}/.pangolin/audit.log`));
  });
});

Deno.test("a failed login is recorded under the name tried, without the password", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    await run(["login", "--url", server.url, "-u", "mallory", "--password-stdin"], {
      home,
      stdin: "guessed-password",
    });
    const [entry] = await lines(`${home}/.pangolin/audit.log`);
    assert.equal(entry.user, "mallory");
    assert.equal(entry.result, "failed");
    assert.equal(entry.exit_code, 3);
    assert.equal(JSON.stringify(entry).includes("guessed-password"), false);
  });
});
