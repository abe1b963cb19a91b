/** whoami --check asks the server; --min-valid alone does not; client credentials shown. */
import assert from "node:assert/strict";
import { loginAs, readConfig, requestLines, run, tempHome, withServer } from "./helpers.ts";

Deno.test("whoami --check: a live session passes with one GET /api/v1/users/me", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.requests.length = 0;
    const r = await run(["whoami", "--check"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users/me"]);
    assert.match(r.stdout, /^Server: +accepts this session \(checked just now\)$/m);
    const json = await run(["whoami", "--check", "--json"], { home });
    assert.equal(JSON.parse(json.stdout).accepted, true);
  });
});

Deno.test("whoami --check on a revoked token: exit 3 with the server's reason", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const token = String((await readConfig(home)).profiles.default.token);
    const jti = String((await readConfig(home)).profiles.default.token_id);
    assert.equal((await run(["revoke-token-by-id", "--id", jti], { home })).code, 0);
    // The profile dropped its own token; the same token from the environment is what is left.
    const env = { PANGOLIN_TOKEN: token, PANGOLIN_URL: server.url };
    const plain = await run(["whoami"], { home: await tempHome(), env });
    assert.equal(plain.code, 0, "without --check, whoami only reads the token");
    const r = await run(["whoami", "--check"], { home: await tempHome(), env });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "Error: The server refuses the session of env PANGOLIN_TOKEN (401: Token has been " +
        "revoked).\nHint: log in again: pangolin-admin login --username <name>\n",
    );
  });
});

Deno.test("whoami --check on a revoked saved token and on garbage: exit 3", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const token = String((await readConfig(home)).profiles.default.token);
    // Revoked from elsewhere (another terminal): the profile still holds it.
    await run(["revoke-token"], {
      home: await tempHome(),
      env: { PANGOLIN_TOKEN: token, PANGOLIN_URL: server.url },
    });
    const r = await run(["whoami", "--min-valid", "2h", "--check"], { home });
    assert.equal(r.code, 3);
    assert.equal(
      r.stderr,
      "Error: The server refuses the session of profile 'default' (401: Token has been " +
        "revoked).\nHint: log in again: pangolin-admin login --username admin\n",
    );
    const garbage = await run(["whoami", "--check"], {
      env: { PANGOLIN_TOKEN: "garbage", PANGOLIN_URL: server.url },
    });
    assert.equal(garbage.code, 3);
    assert.equal(
      garbage.stderr.split("\n")[0],
      "Error: The server refuses the session of env PANGOLIN_TOKEN (401: Invalid token).",
    );
    let forged = "";
    await withServer(async (other) => {
      forged = await other.mintJwt({ username: "admin" });
    }, { jwtSecret: "a-secret-this-server-never-had-0123456789" });
    const unknown = await run(["whoami", "--check"], {
      env: { PANGOLIN_TOKEN: forged, PANGOLIN_URL: server.url },
    });
    assert.equal(unknown.code, 3, unknown.stderr);
  });
});

Deno.test("whoami --min-valid alone sends nothing; with --check it still fails first locally", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.requests.length = 0;
    const ok = await run(["whoami", "--min-valid", "2h"], { home });
    assert.equal(ok.code, 0, ok.stderr);
    const soon = await run(["whoami", "--min-valid", "25h", "--check"], { home });
    assert.equal(soon.code, 3);
    assert.match(soon.stderr, /sooner than --min-valid 1d 1h/);
    assert.deepEqual(requestLines(server), [], "no request from --min-valid");
    const both = await run(["whoami", "--min-valid", "2h", "--check"], { home });
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users/me"]);
  });
});

Deno.test("whoami under client credentials shows the exchanged token's role and expiry", async () => {
  await withServer(async (server) => {
    const admin = await loginAs(server.url, "admin", "password");
    const created = JSON.parse(
      (await run(["create-service-user", "--name", "cron", "--role", "tenant-admin", "--json"], {
        home: admin,
      })).stdout,
    );
    const env = {
      PANGOLIN_URL: server.url,
      PANGOLIN_CLIENT_ID: created.id,
      PANGOLIN_API_KEY: created.api_key,
    };
    server.requests.length = 0;
    const r = await run(["whoami", "--json"], { home: await tempHome(), env });
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.role, "tenant-admin");
    const left = Date.parse(info.expires_at) - Date.now();
    assert.ok(left > 55 * 60_000 && left <= 3600_000, `one hour: ${info.expires_at}`);
    assert.equal(info.user_id, created.id);
    assert.deepEqual(requestLines(server), ["POST /v1/pangolin-admin/v1/oauth/tokens"]);
    const human = await run(["whoami", "--check"], { home: await tempHome(), env });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Role: +tenant-admin$/m);
    assert.match(human.stdout, /^Expires At: +\d{4}-\d\d-\d\d .* UTC \(in (59m|1h)/m);
    assert.equal((human.stdout + human.stderr).includes(created.api_key), false);
  });
});
