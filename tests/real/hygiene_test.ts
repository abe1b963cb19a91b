// Offboarding, token-report and doctor: the seed guide's and the README runbooks' workflows, through the CLI as a subprocess, against
// the real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import { exits, field, login, savedToken, shell, tokenStatus } from "./cli.ts";
import { realTest } from "./harness.ts";

realTest("real server: offboarding, token-report and doctor", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const admin = await shell(server);
  await login(admin, fixtures.tenantAdmin.username, "password", { tenantId: fixtures.tenantId });
  const alice = fixtures.user;

  await t.step(
    "token-report: no findings, then a token that breaks the policy (exit 1)",
    async () => {
      const clean = exits(await admin.run(["token-report"]), 0);
      assert.match(clean.stdout, /^No findings: /m);
      exits(
        await admin.run([
          "create-token",
          "--tenant-id",
          fixtures.tenantId,
          "--username",
          alice.username,
          "--expires-in-hours",
          "1",
        ]),
        0,
      );
      // A freshly minted token lives no longer than any window it is checked against, so
      // token-report notes it rather than reporting it as expiring; age is what breaks here.
      await new Promise((r) => setTimeout(r, 2100));
      const found = exits(await admin.run(["token-report", "--max-age", "1s"]), 1);
      assert.ok(
        found.stdout.includes(alice.id) || found.stdout.includes(alice.username),
        found.stdout,
      );
    },
  );

  await t.step("doctor: PASS lines against a healthy server, exit 0", async () => {
    const r = exits(await admin.run(["doctor"]), 0);
    assert.match(r.stdout, /^PASS /m);
    assert.doesNotMatch(r.stdout, /^FAIL /m);
  });

  await t.step("doctor: a revoked session is a FAIL, exit 1", async () => {
    const other = await shell(server);
    await login(other, fixtures.tenantAdmin.username, "password", {
      tenantId: fixtures.tenantId,
    });
    const token = await savedToken(other.home);
    const revoked = await server.request("POST", "/api/v1/auth/revoke", {
      token,
      body: {},
    });
    assert.equal(revoked.status, 200);
    const r = exits(await other.run(["doctor"]), 1);
    assert.match(r.stdout, /^FAIL /m);
  });

  await t.step(
    "offboard-user: the old password no longer logs in, tokens are refused",
    async () => {
      const aliceToken = exits(
        await admin.run(["create-token", "--tenant-id", fixtures.tenantId, "--username", "alice"]),
        0,
      );
      const token = field(aliceToken.stdout, "Token");
      const dry = exits(await admin.run(["offboard-user", "--user-id", alice.id, "--dry-run"]), 0);
      assert.ok(dry.stdout.length > 0);
      assert.equal(await tokenStatus(server, token), 200, "a dry run changes nothing");
      const r = await admin.run([
        "offboard-user",
        "--user-id",
        alice.id,
        "--reason",
        "left",
        "--yes",
      ]);
      exits(r, 0);
      assert.equal(await tokenStatus(server, token), 401);
      const attempt = await server.request("POST", "/api/v1/users/login", {
        body: { username: "alice", password: alice.password, "tenant-id": fixtures.tenantId },
      });
      assert.equal(attempt.status, 401);
      const relogin = await (await shell(server)).run(
        ["login", "-u", "alice", "-t", fixtures.tenantId, "--password-stdin"],
        { stdin: alice.password + "\n" },
      );
      exits(relogin, 3);
    },
  );
});
