// The server's default login throttle (10 a minute per address, shared with POST /api/v1/tokens):
// the CLI's 429 line, its exit code and the wait the server's retry-after asked for.
import assert from "node:assert/strict";
import { exits, shell } from "./cli.ts";
import { realTest } from "./harness.ts";

realTest(
  "real server: the default throttle's 429 and retry-after reach the person",
  async (t, ctx) => {
    const { server } = ctx;
    // The seed logged in twice from this address (root, the tenant admin); fill the window.
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 20 && last !== 429; i++) {
      const r = await server.request("POST", "/api/v1/users/login", {
        body: { username: "nobody", password: "wrong" },
      });
      last = r.status;
      retryAfter = r.headers.get("retry-after");
    }
    assert.equal(last, 429, "the server's default throttle is on");
    assert.equal(retryAfter, "60");

    await t.step("login: exit 1, the server's message and the seconds to wait", async () => {
      const sh = await shell(server);
      const r = exits(
        await sh.run(["login", "-u", "admin", "--password-stdin"], { stdin: "password\n" }),
        1,
      );
      assert.match(
        r.stderr,
        /^Error: API Request Failed: Failed to .+ \(429\): too many authentication attempts; try again later$/m,
      );
      assert.match(r.stderr, /^Hint: .*wait 60 seconds/m);
      assert.equal(r.stdout, "");
      // Nothing was saved: there is no session to save.
      const config = await Deno.readTextFile(`${sh.home}/.pangolin/config`).catch(() => "{}");
      assert.equal(JSON.parse(config).profiles?.default?.token, undefined);
    });

    await t.step("create-token shares the counter: the same 429 line", async () => {
      const sh = await shell(server);
      // The tenant admin's token from the seed: no login needed while the window is full.
      const r = exits(
        await sh.run(["create-token", "--tenant-id", ctx.fixtures.tenantId], {
          env: { PANGOLIN_TOKEN: ctx.fixtures.adminToken },
        }),
        1,
      );
      assert.match(r.stderr, /\(429\): too many authentication attempts; try again later$/m);
      assert.match(r.stderr, /^Hint: .*wait 60 seconds/m);
    });
  },
  { rateLimit: "server-default" },
);
