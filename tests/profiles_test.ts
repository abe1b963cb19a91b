/** list-profiles, use-profile and remove-profile, in-process against the test double. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, readConfig, requestLines, run, tempHome, withServer } from "./helpers.ts";

Deno.test("list-profiles shows server, user, tenant and expiry, the default marked; no token", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      home,
      profile: "acme",
      tenantId: SEED.tenantId,
    });
    server.requests.length = 0;
    const r = await run(["list-profiles"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^ +Profile +Server +User +Tenant +Session$/);
    assert.match(
      lines[1],
      new RegExp(`^ {3}acme +${server.url} +acme-admin +acme +until .* \\(in 2[34]h`),
    );
    assert.match(lines[2], new RegExp(`^\\* {2}default +${server.url} +admin +- +until `));
    assert.deepEqual(requestLines(server), [], "list-profiles sends nothing");
    const config = await readConfig(home);
    for (const p of Object.values(config.profiles)) {
      assert.equal(r.stdout.includes(String(p.token)), false);
    }

    const json = await run(["list-profiles", "--json"], { home });
    assert.equal(json.code, 0);
    const rows = JSON.parse(json.stdout);
    assert.deepEqual(rows.map((p: { name: string; default: boolean }) => [p.name, p.default]), [
      ["acme", false],
      ["default", true],
    ]);
    assert.equal(rows[0].tenant_id, SEED.tenantId);
    assert.equal(rows[0].tenant_name, "acme");
    assert.equal(rows[0].logged_in, true);
    assert.equal(rows[0].url, server.url);
    assert.equal(json.stdout.includes(".ey"), false, "no token in --json");
    assert.equal("token" in rows[0], false);

    const names = await run(["list-profiles", "--names"], { home });
    assert.equal(names.stdout, "acme\ndefault\n");
  });
});

Deno.test("list-profiles with nothing saved says how to start; --json is []", async () => {
  const home = await tempHome();
  const r = await run(["list-profiles"], { home });
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "No profiles saved yet; log in first: pangolin-admin login --url <url> -u <name>\n",
  );
  assert.equal((await run(["list-profiles", "--json"], { home })).stdout, "[]\n");
});

Deno.test("use-profile makes a profile the default; -p and PANGOLIN_PROFILE still win", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      home,
      profile: "acme",
      tenantId: SEED.tenantId,
    });
    const use = await run(["use-profile", "acme"], { home });
    assert.equal(use.code, 0, use.stderr);
    assert.equal(use.stdout, "✅ Default profile is now 'acme'\n");
    assert.equal((await readConfig(home) as Record<string, unknown>).default_profile, "acme");

    const who = await run(["whoami", "--json"], { home });
    assert.equal(JSON.parse(who.stdout).username, SEED.tenantAdmin.username);
    const explained = await run(["whoami", "--explain"], { home });
    assert.match(
      explained.stdout,
      /Profile: +acme {2}\(from config default_profile \(use-profile\)\)/,
    );
    const flag = await run(["whoami", "--json", "-p", "default"], { home });
    assert.equal(JSON.parse(flag.stdout).username, "admin");
    const env = await run(["whoami", "--json"], { home, env: { PANGOLIN_PROFILE: "default" } });
    assert.equal(JSON.parse(env.stdout).username, "admin");
    const listed = await run(["list-profiles", "--json"], { home });
    assert.deepEqual(
      JSON.parse(listed.stdout).filter((p: { default: boolean }) => p.default).map((
        p: { name: string },
      ) => p.name),
      ["acme"],
    );

    const back = await run(["use-profile", "default"], { home });
    assert.equal(back.code, 0);
    assert.equal("default_profile" in (await readConfig(home)), false);
    assert.equal(JSON.parse((await run(["whoami", "--json"], { home })).stdout).username, "admin");
  });
});

Deno.test("use-profile of an unknown profile: exit 5, the saved ones named, nothing changed", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const before = await Deno.readTextFile(`${home}/.pangolin/config`);
    const r = await run(["use-profile", "nope"], { home });
    assert.equal(r.code, 5);
    assert.equal(
      r.stderr,
      `Error: No profile named 'nope' in ${home}/.pangolin/config (saved: default).\n` +
        "Hint: log in to create it: pangolin-admin login -p nope --url <url> -u <name>\n",
    );
    assert.equal(await Deno.readTextFile(`${home}/.pangolin/config`), before);
    const env = await run(["use-profile", "default"], { home, env: { PANGOLIN_PROFILE: "x" } });
    assert.equal(
      env.stderr,
      "Note: PANGOLIN_PROFILE=x is set and wins over it in this environment.\n",
    );
  });
});

Deno.test("remove-profile revokes the session on the profile's own server, not --url", async () => {
  await withServer(async (own) => {
    await withServer(async (other) => {
      const home = await loginAs(own.url, "admin", "password", { profile: "old" });
      await run(["use-profile", "old"], { home });
      const token = String((await readConfig(home)).profiles.old.token);
      own.requests.length = 0;
      const r = await run(["remove-profile", "old", "--yes", "--url", other.url], { home });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `✅ Profile 'old' removed (its session was revoked on ${own.url})\n`);
      assert.deepEqual(requestLines(own), ["POST /api/v1/auth/revoke"]);
      assert.equal(own.requests[0].headers["authorization"], `Bearer ${token}`);
      assert.deepEqual(requestLines(other), []);
      const config = await readConfig(home);
      assert.equal("old" in config.profiles, false);
      assert.equal("default_profile" in config, false, "the default it was is cleared");
      // The server refuses the token now.
      const check = await run(["whoami", "--check"], {
        home,
        env: { PANGOLIN_TOKEN: token, PANGOLIN_URL: own.url },
      });
      assert.equal(check.code, 3);
    });
  });
});

Deno.test("remove-profile asks on a terminal and needs --yes without one", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password", { profile: "old" });
    server.requests.length = 0;
    const piped = await run(["remove-profile", "old"], { home });
    assert.equal(piped.code, 2);
    assert.equal(
      piped.stderr,
      `Error: Remove profile 'old' (admin at ${server.url}): refusing without --yes (no ` +
        "terminal to ask on)\n",
    );
    const no = await run(["remove-profile", "old"], { home, terminal: true, answers: [false] });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, [`Remove profile 'old' (admin at ${server.url})?`]);
    assert.deepEqual(requestLines(server), []);
    assert.ok("old" in (await readConfig(home)).profiles);
    const yes = await run(["remove-profile", "old"], { home, terminal: true, answers: [true] });
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal("old" in (await readConfig(home)).profiles, false);
  });
});

Deno.test("remove-profile keeps the profile when its server cannot revoke; --force removes it", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password", { profile: "old" });
    server.setFault({ kind: "status", status: 503, path: "/api/v1/auth/revoke" });
    const kept = await run(["remove-profile", "old", "--yes"], { home });
    assert.equal(kept.code, 1);
    const [error, hint] = kept.stderr.trimEnd().split("\n");
    assert.match(
      error,
      new RegExp(
        `^Error: Profile 'old' was kept: its session could not be revoked on ${server.url} ` +
          "\\(API Request Failed: Failed to revoke token \\(503\\): .*\\)\\.$",
      ),
    );
    assert.match(hint, /^Hint: try again when .* --force \(the session stays valid until /);
    assert.ok("old" in (await readConfig(home)).profiles);
    const forced = await run(["remove-profile", "old", "--yes", "--force"], { home });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /^Warning: could not revoke the session of profile 'old' on /);
    assert.match(
      forced.stdout,
      /^✅ Profile 'old' removed \(its session was NOT revoked and stays valid until .* UTC\)\n$/,
    );
    assert.equal("old" in (await readConfig(home)).profiles, false);
  });
});

Deno.test("remove-profile of a revoked session or of no session removes it; unknown is exit 5", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password", { profile: "old" });
    const revoked = await run(["revoke-token", "-p", "old"], { home });
    assert.equal(revoked.code, 0, revoked.stderr);
    const r = await run(["remove-profile", "old", "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Profile 'old' removed (it held no session)\n");
    const unknown = await run(["remove-profile", "old", "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.equal(
      unknown.stderr,
      `Error: No profile named 'old' in ${home}/.pangolin/config.\n` +
        "Hint: see the saved ones with: pangolin-admin list-profiles\n",
    );
  });
});
