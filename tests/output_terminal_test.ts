/**
 * The output boundary in real processes: tables fit an 80-column pseudo-terminal and are in
 * full through a pipe; the prompt question and the shell's prompt label are terminal-safe.
 */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, readConfig, runProcess, withServer } from "./helpers.ts";
import { HAS_PTY, inPty, plain } from "./pty.ts";

const HOSTILE = "sales\x1b]52;c;SGVsbG8=\x07\x1b[2K\rIGNORE\x9b31m\u202eDEL\x7f\nnext";
const SHOWN =
  "sales\\u001b]52;c;SGVsbG8=\\u0007\\u001b[2K\\u000dIGNORE\\u009b31m\\u202eDEL\\u007f\\u000anext";
const LONG_EMAIL = "a.person.with.a.rather.long.address@engineering.acme.example";

async function tenantAdminWithUser(
  server: TestServer,
  username: string,
): Promise<{ home: string; id: string }> {
  const home = await loginAsTenantAdmin(server.url);
  const token = String((await readConfig(home)).profiles.default.token);
  const r = await fetch(`${server.url}/api/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      username,
      email: LONG_EMAIL,
      password: "Some-pass-1",
      tenant_id: SEED.tenantId,
      role: "tenant-user",
    }),
  });
  const user = await r.json();
  assert.ok(r.ok, JSON.stringify(user));
  return { home, id: user.id };
}

/** The screen's lines, colour codes and carriage returns taken out. */
function screenLines(screen: string): string[] {
  return plain(screen).split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
}

Deno.test({
  name: "list-users at 80 columns: short ids, relative times, cut cells; a pipe gets it in full",
  ignore: !HAS_PTY,
  fn: async () => {
    await withServer(async (server) => {
      const { home, id } = await tenantAdminWithUser(server, "bob");
      const r = await inPty(["list-users"], { home, steps: [], columns: 80 });
      assert.equal(r.code, 0, r.screen);
      const lines = screenLines(r.screen);
      const header = lines.findIndex((l) => l.startsWith("ID "));
      assert.ok(header >= 0, r.screen);
      const table = lines.slice(header);
      assert.equal(table.length, 4, r.screen);
      for (const line of table) assert.ok(line.length <= 80, `${line.length}: ${line}`);
      const bob = table.find((l) => l.startsWith(id.slice(0, 8) + "  bob"));
      assert.ok(bob, r.screen);
      assert.match(bob, / a\.person\.with\.a\.rather\.long\.[a-z.]*… +tenant-user +just now$/);
      assert.equal(r.screen.includes(id), false, "the full id is not shown on a terminal");

      const wide = await inPty(["list-users", "--wide"], { home, steps: [], columns: 80 });
      assert.ok(plain(wide.screen).includes(`${id}  bob`), wide.screen);
      assert.ok(plain(wide.screen).includes(LONG_EMAIL));

      const piped = await runProcess(["list-users"], { home });
      assert.equal(piped.code, 0, piped.stderr);
      const row = piped.stdout.split("\n").find((l) => l.startsWith(id));
      assert.match(
        row ?? "",
        new RegExp(
          `^${id}  bob +${LONG_EMAIL}  tenant-user +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`,
        ),
      );
      assert.equal(piped.stdout.includes("…"), false);
    });
  },
});

Deno.test({
  name: "a confirmation question naming a hostile user is escaped on the terminal",
  ignore: !HAS_PTY,
  fn: async () => {
    await withServer(async (server) => {
      const { home, id } = await tenantAdminWithUser(server, HOSTILE);
      const r = await inPty(["delete-user", id], {
        home,
        steps: [{ waitFor: "Delete user", send: "n\r" }],
        done: "Nothing was deleted",
        // Wide enough that the prompt library does not wrap the question.
        columns: 300,
      });
      assert.equal(r.completed, 1, r.screen);
      assert.ok(r.screen.includes(`Delete user ${SHOWN} (${id})?`), JSON.stringify(r.screen));
      for (const raw of ["\x1b]52", "\x07", "\x9b", "\u202e", "\x7f", "\rIGNORE"]) {
        assert.equal(r.screen.includes(raw), false, JSON.stringify(raw));
      }
      assert.equal(r.code, 1);
    });
  },
});

Deno.test({
  name: "the shell's prompt label escapes the saved username and tenant name",
  ignore: !HAS_PTY,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
      const path = `${home}/.pangolin/config`;
      const config = await readConfig(home);
      config.profiles.default.username = HOSTILE;
      config.profiles.default.tenant_name = "acme\x1b[2J\u2066";
      await Deno.writeTextFile(path, JSON.stringify(config));
      const label = `pangolin-admin (${SHOWN}@default · acme\\u001b[2J\\u2066)> `;
      const r = await inPty([], { home, steps: [{ waitFor: label, send: "exit\r" }] });
      assert.equal(r.completed, 1, JSON.stringify(r.screen));
      assert.equal(r.code, 0);
      for (const raw of ["\x1b]52", "\x1b[2J", "\x9b", "\u2066", "\x7f", "\rIGNORE"]) {
        assert.equal(r.screen.includes(raw), false, JSON.stringify(raw));
      }
    });
  },
});
