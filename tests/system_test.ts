/** System-settings verbs: the SMTP password masked, PUT sent as GET + merge. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { SEED_SMTP_PASSWORD } from "./server/handlers/system.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

const adminHome = (server: TestServer) => loginAsTenantAdmin(server.url);

Deno.test("get-system-settings masks the SMTP password, also in --json", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["get-system-settings"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/config/settings"]);
    assert.equal(
      r.stdout,
      [
        "Allow Public Signup:      no",
        "Default Warehouse Bucket: acme-lake",
        "Default Retention Days:   30",
        "SMTP Host:                smtp.acme.example",
        "SMTP Port:                587",
        "SMTP User:                mailer",
        "SMTP Password:            ******** (set)",
        "",
      ].join("\n"),
    );
    const json = await run(["get-system-settings", "--json"], { home });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      allow_public_signup: false,
      default_warehouse_bucket: "acme-lake",
      default_retention_days: 30,
      smtp_host: "smtp.acme.example",
      smtp_port: 587,
      smtp_user: "mailer",
      smtp_password: "********",
    });
    for (const out of [r, json]) {
      assert.equal((out.stdout + out.stderr).includes(SEED_SMTP_PASSWORD), false);
    }
  });
});

Deno.test("update-system-settings reads, merges and writes back the whole object", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["update-system-settings", "--default-retention-days", "90"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/config/settings",
      "PUT /api/v1/config/settings",
    ]);
    // PUT replaces everything: every other setting goes back as it was, the password too.
    assert.deepEqual(JSON.parse(server.requests[1].body), {
      allow_public_signup: false,
      default_warehouse_bucket: "acme-lake",
      default_retention_days: 90,
      smtp_host: "smtp.acme.example",
      smtp_port: 587,
      smtp_user: "mailer",
      smtp_password: SEED_SMTP_PASSWORD,
    });
    assert.equal(r.stdout.split("\n")[0], "✅ System settings updated");
    assert.match(r.stdout, /^Default Retention Days: +90$/m);
    assert.equal(r.stdout.includes(SEED_SMTP_PASSWORD), false);

    const cleared = await run(
      [
        "update-system-settings",
        "--default-warehouse-bucket",
        "",
        "--allow-public-signup",
        "true",
        "--json",
      ],
      { home },
    );
    assert.equal(cleared.code, 0, cleared.stderr);
    const stored = JSON.parse(cleared.stdout);
    assert.equal(stored.default_warehouse_bucket, null);
    assert.equal(stored.allow_public_signup, true);
    assert.equal(stored.default_retention_days, 90);
    assert.equal(stored.smtp_password, "********");
    const after = await run(["get-system-settings"], { home });
    assert.match(after.stdout, /^SMTP Host: +smtp\.acme\.example$/m);
  });
});

Deno.test("update-system-settings: usage errors send nothing", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const none = await run(["update-system-settings"], { home });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Nothing to update/);
    const bad = await run(["update-system-settings", "--allow-public-signup", "maybe"], { home });
    assert.equal(bad.code, 2);
    const neg = await run(["update-system-settings", "--default-retention-days", "-1"], { home });
    assert.equal(neg.code, 2);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("system settings as root are the default tenant's, and say so", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    const r = await run(["get-system-settings", "--tenant", SEED.tenantId], { home: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /as root these are the default tenant's settings/);
    assert.match(r.stdout, /^SMTP Password: +-$/m);
    assert.match(r.stdout, /^Default Warehouse Bucket: +-$/m);
    const u = await run(["update-system-settings", "--default-retention-days", "7"], {
      home: root,
    });
    assert.equal(u.code, 0, u.stderr);
    const acme = await run(["get-system-settings", "--json"], { home: await adminHome(server) });
    assert.equal(JSON.parse(acme.stdout).default_retention_days, 30, "acme is untouched");
  });
});

Deno.test("system settings as a tenant user: 403, exit 4", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const r = await run(["get-system-settings"], { home });
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to get system settings \(403\): Admin access required\n/,
    );
    const u = await run(["update-system-settings", "--default-retention-days", "1"], { home });
    assert.equal(u.code, 4);
  });
});
