/** Bulk revocations mark the caller's own session, revoke it last and drop it from the profile. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, readConfig, requestLines, run, withServer } from "./helpers.ts";

const T = SEED.tenantId;
const LEGEND = "* this session's own token: revoking it ends the session you are running this " +
  "with (it is revoked last; --except-current keeps it)";

/**
 * A tenant admin whose session the server lists (rotate-token records the new token), and a
 * minted token of alice's.
 */
async function setup(server: TestServer) {
  const home = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
    tenantId: T,
  });
  const rotated = await run(["rotate-token"], { home });
  assert.equal(rotated.code, 0, rotated.stderr);
  const own = String((await readConfig(home)).profiles.default.token_id);
  const minted = await run([
    "create-token",
    "--tenant-id",
    T,
    "--username",
    SEED.user.username,
    "--json",
  ], { home });
  assert.equal(minted.code, 0, minted.stderr);
  const other = JSON.parse(minted.stdout).id as string;
  server.clearRequests();
  return { home, own, other };
}

function revocations(server: TestServer): string[] {
  return requestLines(server).filter((l) => l.startsWith("POST /api/v1/auth/revoke/"));
}

Deno.test("revoke-tokens --dry-run marks the caller's own session", async () => {
  await withServer(async (server) => {
    const { home, own, other } = await setup(server);
    const r = await run(["revoke-tokens", "--all-users", "--dry-run"], { home });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.ok(lines.some((l) => l.startsWith(`${own} *  ${SEED.tenantAdmin.username} `)), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${other}    ${SEED.user.username} `)), r.stdout);
    assert.equal(lines.at(-2), "Would revoke 2 tokens of 2 users");
    assert.equal(lines.at(-1), LEGEND);
    assert.deepEqual(revocations(server), []);
    const json = JSON.parse(
      (await run(["revoke-tokens", "--all-users", "--dry-run", "--json"], {
        home,
      })).stdout,
    );
    const mine = json.would_revoke.find((t: { id: string }) => t.id === own);
    assert.equal(mine.current, true);
    assert.equal(json.would_revoke.find((t: { id: string }) => t.id === other).current, undefined);
  });
});

Deno.test("revoke-tokens revokes the own session last, drops it from the profile, with a note", async () => {
  await withServer(async (server) => {
    const { home, own, other } = await setup(server);
    const r = await run(["revoke-tokens", "--all-users", "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(revocations(server), [
      `POST /api/v1/auth/revoke/${other}`,
      `POST /api/v1/auth/revoke/${own}`,
    ]);
    assert.equal(
      r.stdout,
      "✅ Revoked 2 of 2 tokens of 2 users\n" +
        `Including this session's own token ${own} (revoked last).\n`,
    );
    assert.ok(
      r.stderr.includes(
        `Note: token ${own} was this session's own; it was revoked last and removed from ` +
          "profile 'default'. Log in again to continue.\n",
      ),
      r.stderr,
    );
    assert.equal((await readConfig(home)).profiles.default.token, undefined);
    assert.ok(server.isRevoked(own));
  });
});

Deno.test("revoke-tokens --except-current keeps the own session", async () => {
  await withServer(async (server) => {
    const { home, own, other } = await setup(server);
    const dry = await run(["revoke-tokens", "--all-users", "--except-current", "--dry-run"], {
      home,
    });
    assert.equal(dry.stdout.includes(own), false);
    assert.equal(dry.stdout.includes(LEGEND), false);
    const r = await run(["revoke-tokens", "--all-users", "--except-current", "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Revoked 1 of 1 tokens of 1 users\n");
    assert.deepEqual(revocations(server), [`POST /api/v1/auth/revoke/${other}`]);
    assert.equal(server.isRevoked(own), false);
    assert.ok((await readConfig(home)).profiles.default.token);
    assert.equal((await run(["whoami", "--check"], { home })).code, 0);
  });
});

Deno.test("revoke-user-tokens marks the own session, revokes it last, asks naming it", async () => {
  await withServer(async (server) => {
    const { home, own } = await setup(server);
    const minted = await run([
      "create-token",
      "--tenant-id",
      T,
      "--username",
      SEED.tenantAdmin.username,
      "--json",
    ], { home });
    const second = JSON.parse(minted.stdout).id as string;
    server.clearRequests();
    const user = ["--user-id", SEED.tenantAdmin.id];
    const dry = await run(["revoke-user-tokens", ...user, "--dry-run"], { home });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^${own} \\* `, "m"));
    assert.match(dry.stdout, new RegExp(`^${second}   `, "m"));
    assert.ok(dry.stdout.endsWith(`${LEGEND}\n`));
    const no = await run(["revoke-user-tokens", ...user], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.deepEqual(no.prompts, [
      `Revoke 2 tokens of user ${SEED.tenantAdmin.username} (${SEED.tenantAdmin.id}), this ` +
      "session's own among them?",
    ]);
    const r = await run(["revoke-user-tokens", ...user, "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(revocations(server), [
      `POST /api/v1/auth/revoke/${second}`,
      `POST /api/v1/auth/revoke/${own}`,
    ]);
    assert.equal(
      r.stdout,
      `✅ Revoked 2 of 2 tokens for user ${SEED.tenantAdmin.id}\n` +
        `Including this session's own token ${own} (revoked last).\n`,
    );
    assert.equal((await readConfig(home)).profiles.default.token, undefined);
  });
});

Deno.test("revoke-user-tokens with PANGOLIN_TOKEN: the note says the token no longer works", async () => {
  await withServer(async (server) => {
    const { home } = await setup(server);
    const token = String((await readConfig(home)).profiles.default.token);
    const own = String((await readConfig(home)).profiles.default.token_id);
    const r = await run(["revoke-user-tokens", "--user-id", SEED.tenantAdmin.id, "--yes"], {
      env: { PANGOLIN_TOKEN: token, PANGOLIN_URL: server.url },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stderr.includes(
        `Note: token ${own} was this session's own (env PANGOLIN_TOKEN); it was revoked last ` +
          "and no longer works.\n",
      ),
      r.stderr,
    );
  });
});
