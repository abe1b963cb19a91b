/**
 * Bulk revocation and the token report over 12,000 tokens, from real CLI processes against the
 * double: the listings are read page by page (the reply limit is set between one page and the
 * whole list, so one whole-list reply would fail), every token is revoked, and the child's peak
 * RSS (GNU time) stays bounded.
 */
import assert from "node:assert/strict";
import { PAGE_SIZE } from "../lib/api/client.ts";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAsTenantAdmin, readConfig, withServer } from "./helpers.ts";
import { measurePeak } from "./peak_rss.ts";

const TOKENS = 12_000;
const LIMIT_MB = 200;
const TIME = "/usr/bin/time";
const haveTime = await Deno.stat(TIME).then((s) => s.isFile, () => false);
if (!haveTime) console.log("bulk memory tests skipped: no GNU time at /usr/bin/time");

/** A measured run (tests/peak_rss.ts), its stdout as text. */
async function measure(argv: string[], env: Record<string, string>) {
  const r = await measurePeak(argv, env);
  return { ...r, stdout: new TextDecoder().decode(r.stdout) };
}

/** Bytes of one listing reply of `query`, asked with the saved session. */
async function replyBytes(server: TestServer, token: string, path: string): Promise<number> {
  const r = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
  return (await r.arrayBuffer()).byteLength;
}

/** A reply limit (MiB) above one page of PAGE_SIZE and below the whole list. */
async function limitBetween(server: TestServer, home: string, userId: string): Promise<string> {
  const token = String((await readConfig(home)).profiles.default.token);
  const path = `/api/v1/users/${userId}/tokens`;
  const page = await replyBytes(server, token, `${path}?limit=${PAGE_SIZE}&offset=0`);
  const whole = await replyBytes(server, token, path);
  assert.ok(page < whole, `a page (${page} B) is smaller than the whole list (${whole} B)`);
  return ((page + whole) / 2 / 1024 / 1024).toFixed(3);
}

Deno.test({
  name: "revoke-user-tokens and token-report over 12,000 tokens page, and stay under 200 MB",
  ignore: !haveTime,
  async fn() {
    await withServer(async (server) => {
      const home = await loginAsTenantAdmin(server.url);
      const ids = await server.addTokens(SEED.user.id, TOKENS);
      const env = {
        HOME: home,
        PANGOLIN_MAX_REPLY_MB: await limitBetween(server, home, SEED.user.id),
      };

      const report = await measure(["token-report", "--max-age", "3650d", "--json"], env);
      assert.equal(report.code, 0, report.stderr);
      assert.ok(JSON.parse(report.stdout).counts.tokens >= TOKENS);
      assert.ok(report.peakMb < LIMIT_MB, `token-report peak RSS ${report.peakMb.toFixed(0)} MB`);

      server.clearRequests();
      const r = await measure(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stdout.split("\n")[0],
        `✅ Revoked ${TOKENS} of ${TOKENS} tokens for user ${SEED.user.id}`,
      );
      for (const id of ids) assert.ok(server.isRevoked(id), id);
      // Revoked tokens leave the listing, so each next page starts at the kept ones: 0.
      const pages = server.requests.filter((q) => q.path.endsWith("/tokens") && q.method === "GET");
      const expected = Math.floor(TOKENS / PAGE_SIZE) + 1;
      assert.deepEqual(
        pages.map((q) => q.query),
        Array.from({ length: expected }, () => `limit=${PAGE_SIZE}&offset=0`),
      );
      assert.ok(r.peakMb < LIMIT_MB, `revoke-user-tokens peak RSS ${r.peakMb.toFixed(0)} MB`);
    });
  },
});

Deno.test({
  name: "revoke-tokens --all-users --older-than 0s over 12,000 tokens stays under 200 MB",
  ignore: !haveTime,
  async fn() {
    await withServer(async (server) => {
      const home = await loginAsTenantAdmin(server.url);
      const ids = [
        // More than a page for one of the users, whose whole list passes the reply limit.
        ...await server.addTokens(SEED.user.id, PAGE_SIZE + 1000),
        ...await server.addTokens(SEED.tenantAdmin.id, TOKENS - PAGE_SIZE - 1000),
      ];
      const env = {
        HOME: home,
        PANGOLIN_MAX_REPLY_MB: await limitBetween(server, home, SEED.user.id),
      };
      const r = await measure(
        ["revoke-tokens", "--all-users", "--older-than", "0s", "--yes", "--except-current"],
        env,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^✅ Revoked ${TOKENS} of ${TOKENS} tokens of 2 users\n`));
      for (const id of ids) assert.ok(server.isRevoked(id), id);
      assert.match(r.stderr, new RegExp(`Revoking: ${TOKENS}/${TOKENS}\n`));
      assert.ok(r.peakMb < LIMIT_MB, `revoke-tokens peak RSS ${r.peakMb.toFixed(0)} MB`);
    });
  },
});
