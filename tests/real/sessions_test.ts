// Sessions and tokens: the seed guide's and the README runbooks' workflows, through the CLI as a subprocess, against
// the real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import {
  exits,
  field,
  firstLine,
  listedTokenIds,
  login,
  savedToken,
  shell,
  tokenStatus,
} from "./cli.ts";
import { realTest } from "./harness.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

realTest(
  "real server: sessions and tokens, as in the seed guide and the runbooks",
  async (t, ctx) => {
    const { server, fixtures } = ctx;
    const root = await shell(server);
    const admin = await shell(server);
    const alice = fixtures.user;

    await t.step("root logs in; whoami shows the root session", async () => {
      await login(root, "admin", "password");
      const who = exits(await root.run(["whoami"]), 0);
      assert.equal(field(who.stdout, "Username"), "admin");
      assert.equal(field(who.stdout, "Role"), "root");
      assert.equal(await tokenStatus(server, await savedToken(root.home)), 200);
    });

    await t.step("the tenant admin logs in with the tenant", async () => {
      await login(admin, fixtures.tenantAdmin.username, "password", {
        tenantId: fixtures.tenantId,
      });
      const who = exits(await admin.run(["whoami", "--json"]), 0);
      const doc = JSON.parse(who.stdout);
      assert.equal(doc.role, "tenant-admin");
      assert.equal(JSON.stringify(doc).includes(fixtures.tenantId), true);
    });

    const devices: Record<string, { id: string; token: string }> = {};
    await t.step("a token per device for alice; list-user-tokens lists exactly those", async () => {
      for (const device of ["desktop", "laptop", "ci"]) {
        const r = exits(
          await admin.run([
            "create-token",
            "--tenant-id",
            fixtures.tenantId,
            "--username",
            alice.username,
            "--expires-in-hours",
            "12",
          ]),
          0,
        );
        const id = field(r.stdout, "Token ID");
        assert.match(id, UUID);
        devices[device] = { id, token: field(r.stdout, "Token") };
        assert.equal(await tokenStatus(server, devices[device].token), 200);
      }
      const expected = Object.values(devices).map((d) => d.id).sort();
      assert.deepEqual(await listedTokenIds(server, fixtures.adminToken, alice.id), expected);
      const listed = exits(await admin.run(["list-user-tokens", "--user-id", alice.id]), 0);
      const shown = listed.stdout.split("\n").slice(1).filter((l) => l.trim()).map((l) =>
        l.split(/\s+/)[0]
      ).sort();
      assert.deepEqual(shown, expected);
      const json = JSON.parse(
        exits(await admin.run(["list-user-tokens", "--user-id", alice.id, "--json"]), 0).stdout,
      );
      assert.deepEqual(json.map((x: { id: string }) => x.id).sort(), expected);
    });

    await t.step(
      "revoke-token-by-id: the contract's line, and the server refuses the token",
      async () => {
        const r = exits(await admin.run(["revoke-token-by-id", "--id", devices.laptop.id]), 0);
        assert.equal(firstLine(r.stdout), `✅ Token ${devices.laptop.id} revoked successfully!`);
        assert.equal(await tokenStatus(server, devices.laptop.token), 401);
        const me = await server.request("GET", "/api/v1/users/me", { token: devices.laptop.token });
        assert.equal(me.text, "Token has been revoked");
        assert.ok(
          !(await listedTokenIds(server, fixtures.adminToken, alice.id)).includes(
            devices.laptop.id,
          ),
        );
      },
    );

    await t.step(
      "delete-token: the contract's line, and the server refuses the token",
      async () => {
        const r = exits(await admin.run(["delete-token", "--token-id", devices.ci.id]), 0);
        assert.equal(firstLine(r.stdout), `✅ Token ${devices.ci.id} deleted successfully!`);
        assert.equal(await tokenStatus(server, devices.ci.token), 401);
      },
    );

    await t.step("revoke-user-tokens ends the rest; the listing is then empty", async () => {
      const extra = exits(
        await admin.run(["create-token", "--tenant-id", fixtures.tenantId, "--username", "alice"]),
        0,
      );
      const extraToken = field(extra.stdout, "Token");
      const dry = exits(
        await admin.run(["revoke-user-tokens", "--user-id", alice.id, "--dry-run"]),
        0,
      );
      assert.ok(dry.stdout.includes(devices.desktop.id), dry.stdout);
      assert.equal(await tokenStatus(server, extraToken), 200, "a dry run revokes nothing");
      const r = exits(
        await admin.run(["revoke-user-tokens", "--user-id", alice.id, "--yes"]),
        0,
      );
      assert.ok(r.stdout.includes(`✅ Revoked 2 of 2 tokens for user ${alice.id}`), r.stdout);
      assert.equal(await tokenStatus(server, extraToken), 401);
      assert.equal(await tokenStatus(server, devices.desktop.token), 401);
      assert.deepEqual(await listedTokenIds(server, fixtures.adminToken, alice.id), []);
      const none = exits(await admin.run(["list-user-tokens", "--user-id", alice.id]), 0);
      assert.equal(firstLine(none.stdout), `No active tokens found for user ${alice.id}`);
    });

    await t.step("401, 403 and 404: the contract's lines and exit codes", async () => {
      const aliceShell = await shell(server);
      await login(aliceShell, alice.username, "password", { tenantId: fixtures.tenantId });
      const forbidden = exits(
        await aliceShell.run(["list-user-tokens", "--user-id", fixtures.tenantAdmin.id]),
        4,
      );
      assert.match(
        forbidden.stderr,
        /^Error: API Request Failed: Failed to .+ \(403\): Admin access required\nHint: /m,
      );
      const missing = exits(
        await admin.run(["get-service-user", "--id", "00000000-0000-4000-8000-000000000001"]),
        5,
      );
      assert.match(missing.stderr, /\(404\): Service user not found/);
      const revoked = exits(
        await admin.run(["list-catalogs"], { env: { PANGOLIN_TOKEN: devices.desktop.token } }),
        3,
      );
      assert.match(revoked.stderr, /\(401\): Token has been revoked/);
      assert.match(revoked.stderr, /^Hint: /m);
    });

    await t.step("list-my-tokens adds the current session, marked", async () => {
      const minted = exits(
        await admin.run([
          "create-token",
          "--tenant-id",
          fixtures.tenantId,
          "--username",
          fixtures.tenantAdmin.username,
        ]),
        0,
      );
      const mintedId = field(minted.stdout, "Token ID");
      const r = exits(await admin.run(["list-my-tokens"]), 0);
      const current = JSON.parse(exits(await admin.run(["whoami", "--json"]), 0).stdout);
      const currentId = current.token_id ?? current.tokenId ?? current["token-id"];
      assert.match(String(currentId), UUID);
      assert.ok(r.stdout.includes(mintedId), r.stdout);
      const currentLine = r.stdout.split("\n").find((l) => l.includes(String(currentId)));
      assert.ok(currentLine, r.stdout);
      assert.notEqual(currentLine, r.stdout.split("\n").find((l) => l.includes(mintedId)));
      // The server itself lists only the minted one: login sessions are not recorded.
      const mine = await server.request("GET", "/api/v1/users/me/tokens", {
        token: await savedToken(admin.home),
      });
      assert.deepEqual((mine.json as Array<{ id: string }>).map((x) => x.id), [mintedId]);
    });

    await t.step("rotate-token: the new token works, the old one is refused", async () => {
      const before = await savedToken(admin.home);
      exits(await admin.run(["rotate-token"]), 0);
      const after = await savedToken(admin.home);
      assert.notEqual(after, before);
      assert.equal(await tokenStatus(server, after), 200);
      assert.equal(await tokenStatus(server, before), 401);
      // Root sessions have no tenant: the server would make an unusable token, so it is refused.
      const rootToken = await savedToken(root.home);
      exits(await root.run(["rotate-token"]), 1);
      assert.equal(await savedToken(root.home), rootToken);
      assert.equal(await tokenStatus(server, rootToken), 200);
    });

    await t.step("logout revokes for real: the server refuses the old token", async () => {
      const other = await shell(server);
      await login(other, fixtures.tenantAdmin.username, "password", {
        tenantId: fixtures.tenantId,
      });
      const token = await savedToken(other.home);
      const r = exits(await other.run(["logout"]), 0);
      assert.equal(firstLine(r.stdout), "✅ Token revoked successfully!");
      assert.ok(r.stdout.includes("You have been logged out. Please login again to continue."));
      assert.equal(await tokenStatus(server, token), 401);
      const after = exits(await other.run(["list-catalogs"]), 3);
      assert.ok(after.stderr.startsWith("Error: "), after.stderr);
    });
  },
);
