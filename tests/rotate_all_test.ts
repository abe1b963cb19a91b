/** rotate-service-user-key --all: a dry run, and a question on a terminal (cron is not asked). */
import assert from "node:assert/strict";
import type { TestServer } from "./server/mod.ts";
import { loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

async function setup(server: TestServer) {
  const home = await loginAsTenantAdmin(server.url);
  const users = [];
  for (const name of ["etl", "report"]) {
    const r = await run(["create-service-user", "--name", name, "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    users.push(JSON.parse(r.stdout) as { id: string; name: string; api_key: string });
  }
  server.clearRequests();
  return { home, users };
}

Deno.test("--all --dry-run lists who would be rotated and sends nothing but the listing", async () => {
  await withServer(async (server) => {
    const { home, users } = await setup(server);
    const r = await run(["rotate-service-user-key", "--all", "--dry-run"], { home });
    assert.equal(r.code, 0, r.stderr);
    const listed = users.map((u) => `  ${u.name} (${u.id})\n`);
    assert.ok(r.stdout.startsWith("Would rotate the API keys of 2 service users:\n"), r.stdout);
    for (const line of listed) assert.ok(r.stdout.includes(line), r.stdout);
    assert.ok(requestLines(server).every((l) => l.startsWith("GET /api/v1/service-users")));
    for (const u of users) assert.ok(server.serviceUserKeyWorks(u.id, u.api_key));

    const json = await run(["rotate-service-user-key", "--all", "--dry-run", "--json"], { home });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      JSON.parse(json.stdout).would_rotate.map((u: { id: string }) => u.id).sort(),
      users.map((u) => u.id).sort(),
    );
    assert.equal(json.stderr, "");
    assert.ok(requestLines(server).every((l) => l.startsWith("GET ")));

    const alone = await run(["rotate-service-user-key", "--id", users[0].id, "--dry-run"], {
      home,
    });
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /^Error: --dry-run goes with --all\n/);
  });
});

Deno.test("--all on a terminal asks first, naming each service user; no means nothing rotated", async () => {
  await withServer(async (server) => {
    const { home, users } = await setup(server);
    const no = await run(["rotate-service-user-key", "--all"], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(no.code, 1);
    assert.equal(no.prompts.length, 1);
    for (const u of users) assert.ok(no.prompts[0].includes(`${u.name} (${u.id})`), no.prompts[0]);
    assert.match(no.prompts[0], /^Rotate the API keys of 2 service users: /);
    assert.match(no.stderr, /^Error: Nothing was rotated \(not confirmed\)\.\n/);
    assert.equal(no.stdout, "");
    assert.ok(requestLines(server).every((l) => l.startsWith("GET ")));
    for (const u of users) assert.ok(server.serviceUserKeyWorks(u.id, u.api_key));

    const yes = await run(["rotate-service-user-key", "--all"], {
      home,
      terminal: true,
      answers: [true],
    });
    assert.equal(yes.code, 0, yes.stderr);
    const keys = JSON.parse(yes.stdout) as Array<{ id: string; api_key: string }>;
    assert.equal(keys.length, 2);
    for (const k of keys) assert.ok(server.serviceUserKeyWorks(k.id, k.api_key));

    // --yes skips the question; without a terminal (cron) nothing is asked either.
    const skip = await run(["rotate-service-user-key", "--all", "--yes"], { home, terminal: true });
    assert.equal(skip.code, 0, skip.stderr);
    assert.deepEqual(skip.prompts, []);
    const cron = await run(["rotate-service-user-key", "--all"], { home });
    assert.equal(cron.code, 0, cron.stderr);
    assert.deepEqual(cron.prompts, []);
  });
});
