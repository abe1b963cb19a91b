/** token-report: tokens and service-user keys against an age and expiry policy. */
import assert from "node:assert/strict";
import { PAGE_SIZE } from "../lib/api/client.ts";
import { formatDate } from "../lib/output.ts";
import { SEED } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  requestLines,
  run,
  runProcess,
  withServer,
} from "./helpers.ts";

const DAY = 86_400_000;

async function adminHome(url: string): Promise<string> {
  return await loginAsTenantAdmin(url);
}

async function mint(home: string, username: string, hours = 24): Promise<string> {
  const r = await run([
    "create-token",
    "--tenant-id",
    SEED.tenantId,
    "--username",
    username,
    "--expires-in-hours",
    String(hours),
    "--json",
  ], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).id;
}

async function serviceUser(home: string, name: string): Promise<{ id: string; key: string }> {
  const r = await run(["create-service-user", "--name", name, "--json"], { home });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  return { id: out.id, key: out.api_key };
}

/** One call with the key (the client-credentials exchange sets last-used). */
async function useKey(url: string, su: { id: string; key: string }): Promise<void> {
  const r = await run(["list-catalogs", "--url", url], {
    env: { PANGOLIN_CLIENT_ID: su.id, PANGOLIN_API_KEY: su.key },
  });
  assert.equal(r.code, 0, r.stderr);
}

Deno.test("token-report lists old and expiring tokens, old and unused keys; exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const old = await mint(home, "alice");
    const soon = await mint(home, SEED.tenantAdmin.username, 1);
    const fresh = await mint(home, "alice");
    server.setTokenCreatedAt(old, new Date(Date.now() - 100 * DAY));
    const stale = await serviceUser(home, "etl-stale");
    const unused = await serviceUser(home, "etl-unused");
    const rotated = await serviceUser(home, "etl-rotated");
    const off = await serviceUser(home, "etl-off");
    for (const su of [stale, rotated, off]) {
      server.setServiceUserCreatedAt(su.id, new Date(Date.now() - 60 * DAY));
    }
    const r1 = await run(["rotate-service-user-key", "--id", rotated.id, "--json"], { home });
    assert.equal(r1.code, 0, r1.stderr);
    rotated.key = JSON.parse(r1.stdout).api_key;
    await useKey(server.url, stale);
    await useKey(server.url, rotated);
    const r2 = await run(["update-service-user", "--id", off.id, "--active", "false"], { home });
    assert.equal(r2.code, 0, r2.stderr);

    const policy = ["--max-age", "30d", "--expiring-within", "30m", "--key-max-age", "30d"];
    server.clearRequests();
    // 45 minutes on, the one-hour token ends within the window it outlives.
    const later = () => new Date(Date.now() + 45 * 60_000);
    const json = await run(["token-report", ...policy, "--json"], { home, now: later });
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.policy, {
      default: false,
      max_age_seconds: 30 * 86400,
      expiring_within_seconds: 1800,
      key_max_age_seconds: 30 * 86400,
    });
    assert.deepEqual(
      report.findings.map((f: Record<string, string>) => [f.kind, f.token_id ?? f.name]),
      [
        ["token-too-old", old],
        ["token-expiring", soon],
        ["key-too-old", "etl-stale"],
        ["key-never-used", "etl-unused"],
      ],
    );
    const [tooOld, expiring, staleKey, unusedKey] = report.findings;
    assert.equal(tooOld.user_id, SEED.user.id);
    assert.equal(tooOld.username, "alice");
    assert.equal(expiring.user_id, SEED.tenantAdmin.id);
    assert.equal(staleKey.service_user_id, stale.id);
    assert.equal(staleKey.key_date_source, "created-at");
    assert.equal(staleKey.key_date, staleKey.created_at);
    assert.equal(unusedKey.last_used, null);
    const rotatedKey = report.service_user_keys.find((k: { name: string }) =>
      k.name === "etl-rotated"
    );
    assert.equal(rotatedKey.key_date_source, "audit-log-rotation");
    assert.ok(Date.now() - Date.parse(rotatedKey.key_date) < 60_000, "the rotation's time");
    assert.ok(Date.now() - Date.parse(rotatedKey.created_at) > 59 * DAY, "created-at unchanged");
    assert.deepEqual(report.counts, {
      findings: 4,
      token_too_old: 1,
      token_expiring: 1,
      key_too_old: 1,
      key_never_used: 1,
      users: 2,
      users_checked: 2,
      users_not_checked: 0,
      tokens: 3,
      tokens_short_lived: 0,
      service_users_checked: 3,
      service_users_skipped: 1,
    });
    assert.equal(report.limits.length, 4);
    assert.equal(json.stdout.includes(unused.key) || json.stdout.includes("eyJ"), false);
    assert.equal(json.stdout.includes("api-key-hash"), false);
    assert.equal(JSON.stringify(report).includes(fresh), false);
    assert.match(json.stderr, /^Error: 4 findings break the policy\.$/m);

    // Users (all pages), each user's tokens (one request each), the service users.
    const lines = requestLines(server);
    assert.deepEqual(lines.slice(0, 1), ["GET /api/v1/users"]);
    assert.deepEqual(
      lines.slice(1, 3).sort(),
      [
        `GET /api/v1/users/${SEED.tenantAdmin.id}/tokens`,
        `GET /api/v1/users/${SEED.user.id}/tokens`,
      ].sort(),
    );
    assert.deepEqual(lines.slice(3), ["GET /api/v1/service-users"]);
    // The users and each user's tokens are read in pages of PAGE_SIZE (a whole list in one
    // reply can pass the reply limit).
    assert.equal(server.requests[0].query, `limit=${PAGE_SIZE}&offset=0`);
    assert.equal(server.requests[1].query, `limit=${PAGE_SIZE}&offset=0`);

    const human = await run(["token-report", ...policy], { home, now: later });
    assert.equal(human.code, 1);
    const pad = (s: string, n: number) => s.padEnd(n);
    const tokenRow = (f: Record<string, string>, label: string) =>
      [
        pad(label, 8),
        f.token_id,
        pad(f.username, 10),
        formatDate(f.created_at),
        formatDate(f.expires_at),
      ].join("  ");
    const date = formatDate(staleKey.key_date);
    assert.equal(
      human.stdout,
      [
        "Policy: tokens older than 30d; tokens expiring within 30m; service-user keys older " +
        "than 30d or never used",
        "",
        "Tokens:",
        [
          "Finding ",
          "Token ID                            ",
          "User      ",
          "Created At             ",
          "Expires At",
        ]
          .join("  "),
        tokenRow(tooOld, "too old"),
        tokenRow(expiring, "expiring"),
        "",
        "Service-user keys:",
        [
          "Finding   ",
          "Service User ID                     ",
          "Name      ",
          "Key Date               ",
          "Key Date From",
          "Last Used",
        ].join("  "),
        [
          "too old   ",
          stale.id,
          "etl-stale ",
          date,
          "created-at   ",
          formatDate(staleKey.last_used),
        ].join("  "),
        [
          "never used",
          unused.id,
          "etl-unused",
          formatDate(unusedKey.key_date),
          "created-at   ",
          "never",
        ].join("  "),
        "",
        "4 findings: 1 token too old, 1 token expiring, 1 key too old, 1 key never used " +
        "(checked 3 tokens of 2 users and 3 service-user keys)",
        "",
      ].join("\n"),
    );
    assert.equal(
      human.stderr,
      [
        "Note: sessions from login are not recorded by the server, so they are not listed and " +
        "stay valid until they expire (at most 24 h).",
        "Note: tokens minted for a username that is no user are filed under no listed user, so " +
        "they are not checked.",
        "Note: the server keeps no rotation time: key ages count from created-at for 2 keys " +
        `and from a rotation recorded in ${home}/.pangolin/audit.log for 1; a key rotated from ` +
        "another host looks older than it is.",
        "Note: 1 inactive or expired service user not checked (their keys do not work).",
        "Error: 4 findings break the policy.",
        "",
      ].join("\n"),
    );

    // Without this host's record of the rotation, the key's age counts from created-at.
    const noLog = await run(["token-report", "--key-max-age", "30d", "--json"], {
      home,
      env: { PANGOLIN_AUDIT_LOG: "off" },
    });
    assert.match(noLog.stderr, /this host's audit log is off: every key's age counts from/);
    const kinds = JSON.parse(noLog.stdout).findings.map((f: Record<string, string>) =>
      `${f.kind} ${f.name} ${f.key_date_source}`
    );
    assert.deepEqual(kinds.sort(), [
      "key-never-used etl-unused created-at",
      "key-too-old etl-rotated created-at",
      "key-too-old etl-stale created-at",
    ]);
  });
});

Deno.test("token-report within the policy: exit 0 and a 'No findings' line", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    await mint(home, "alice");
    server.clearRequests();
    const r = await run(["token-report"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "Policy: tokens older than 90d; service-user keys older than 90d or never used\n\n" +
        "No findings: all within the policy (checked 1 token of 2 users and 0 service-user " +
        "keys)\n",
    );
    assert.match(
      r.stderr,
      /^Note: no policy flag given; using the default policy --max-age 90d --key-max-age 90d\.$/m,
    );
    assert.equal(r.stderr.includes("Error"), false);
    const json = JSON.parse((await run(["token-report", "--json"], { home })).stdout);
    assert.equal(json.policy.default, true);
    assert.equal(json.policy.expiring_within_seconds, null);
    assert.deepEqual(json.findings, []);

    // Only a key policy: no user or token request at all.
    server.clearRequests();
    const keys = await run(["token-report", "--key-max-age", "30d"], { home });
    assert.equal(keys.code, 0, keys.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/service-users"]);
    assert.match(
      keys.stdout,
      /^No findings: all within the policy \(checked 0 service-user keys\)$/m,
    );
    assert.equal(keys.stderr, "");
  });
});

Deno.test("token-report as root in a tenant: users not checked are counted, exit 1", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const r = await run(["token-report", "--max-age", "30d", "--tenant", SEED.tenantId], {
      home,
    });
    assert.equal(r.code, 1);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users"], "no token listing sent");
    assert.match(
      r.stderr,
      new RegExp(
        "^Warning: as root, the server lists only the default tenant's tokens; the tokens of " +
          `2 users of tenant ${SEED.tenantId} are not checked \\(only that tenant's admin can ` +
          "list them\\)\\.$",
        "m",
      ),
    );
    assert.match(
      r.stdout,
      new RegExp(
        "^No findings in what was checked: all within the policy " +
          "\\(checked 0 tokens of 0 users; 2 users not checked\\)$",
        "m",
      ),
    );
    assert.match(r.stderr, /^Error: The tokens of 2 users were not checked\.$/m);
    assert.match(r.stderr, /^Hint: log in as that tenant's admin/m);
    const json = await run([
      "token-report",
      "--max-age",
      "30d",
      "--tenant",
      SEED.tenantId,
      "--json",
    ], {
      home,
    });
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.counts.users_not_checked, 2);
    assert.equal(report.counts.users_checked, 0);
    assert.match(report.limits.at(-1), /2 users of another tenant were not checked/);
  });
});

Deno.test("token-report: bad durations are usage errors; a tenant user gets exit 4", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    server.clearRequests();
    for (
      const bad of [["--max-age", "soon"], ["--expiring-within", "0d"], ["--key-max-age", "-1d"]]
    ) {
      const r = await run(["token-report", ...bad], { home });
      assert.equal(r.code, 2, `${bad.join(" ")}: ${r.stderr}`);
    }
    assert.equal(server.requests.length, 0);
    const alice = await loginAs(server.url, "alice", "password", { tenantId: SEED.tenantId });
    const r = await run(["token-report", "--max-age", "30d"], { home: alice });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: API Request Failed: Failed to list user tokens \(403\)/m);
    assert.equal(r.stdout, "");
  });
});

Deno.test("token-report as a process: exit 1 with findings, the JSON alone on stdout", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const old = await mint(home, "alice");
    server.setTokenCreatedAt(old, new Date(Date.now() - 40 * DAY));
    const r = await runProcess(["token-report", "--max-age", "30d", "--json"], { home });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings.map((f: { token_id: string }) => f.token_id), [old]);
    assert.match(r.stderr, /^Error: 1 finding breaks the policy\.$/m);
  });
});

Deno.test("the README's daily token-report passes on a healthy setup; a long token near its end does not", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    // The admin's session is listed once rotated; a device token of alice's lives 24 h too.
    assert.equal((await run(["rotate-token"], { home })).code, 0);
    await mint(home, "alice");
    const daily = ["token-report", "--max-age", "30d", "--expiring-within", "1d"];
    const r = await run(daily, { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^No findings: all within the policy \(checked 2 tokens of 2 users\)$/m);
    assert.match(
      r.stderr,
      /^Note: 2 tokens live no longer than --expiring-within 1d \(sessions and rotations of 24 h\); they are not counted as expiring\.$/m,
    );
    const json = JSON.parse((await run([...daily, "--json"], { home })).stdout);
    assert.equal(json.counts.tokens_short_lived, 2);
    assert.equal(json.counts.findings, 0);
    // A 30-day token is reported once it comes within a day of its end (the run uses a 30-day
    // token of its own: the 24-hour login session would have ended by then).
    const minted = await run([
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      SEED.tenantAdmin.username,
      "--role",
      "tenant-admin",
      "--expires-in-hours",
      String(30 * 24),
      "--json",
    ], { home });
    const device = JSON.parse(minted.stdout);
    const nearEnd = () => new Date(Date.now() + 29.5 * DAY);
    const late = await run([...daily, "--json"], {
      env: { PANGOLIN_TOKEN: device.token, PANGOLIN_URL: server.url },
      now: nearEnd,
    });
    const report = JSON.parse(late.stdout);
    assert.equal(late.code, 1);
    assert.deepEqual(
      report.findings.map((f: { kind: string; token_id: string }) => [f.kind, f.token_id]),
      [["token-expiring", device.id]],
    );
  });
});
