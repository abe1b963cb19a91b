/**
 * The output boundary: server and file text cannot steer the terminal (every surface), tables
 * for people on a terminal and in full for scripts, -q, and masked secret-named properties.
 */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, readConfig, run, withServer } from "./helpers.ts";
import { type Context } from "../lib/context.ts";
import { type Column, relativeTime, table, terminalSafe } from "../lib/output.ts";
import { messageFor } from "../lib/cli.ts";
import { CommandFailure } from "../lib/errors.ts";

/** A name a hostile tenant admin might choose: clipboard write, line erase, C1, bidi, DEL, LF. */
const HOSTILE = "sales\x1b]52;c;SGVsbG8=\x07\x1b[2K\rIGNORE\x9b31m\u202eDEL\x7f\nnext";
/** The same name as it must reach a terminal. */
const SHOWN =
  "sales\\u001b]52;c;SGVsbG8=\\u0007\\u001b[2K\\u000dIGNORE\\u009b31m\\u202eDEL\\u007f\\u000anext";
/** Anything that could steer a terminal (a line break aside). */
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

Deno.test("terminalSafe escapes C0 (not tab), DEL, C1 and bidi overrides as \\u00xx", () => {
  assert.equal(terminalSafe(HOSTILE), SHOWN);
  assert.equal(terminalSafe("a\tb"), "a\tb");
  assert.equal(terminalSafe("café 日本 – ok…"), "café 日本 – ok…");
  assert.equal(terminalSafe("\x00\x1f\x80\x9f"), "\\u0000\\u001f\\u0080\\u009f");
  const bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
  assert.equal(
    terminalSafe(bidi),
    "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069",
  );
  // Neighbours of the ranges are ordinary text.
  assert.equal(terminalSafe("\u2029\u202f\u2065\u206a\u00a0"), "\u2029\u202f\u2065\u206a\u00a0");
});

async function tenantAdmin(server: TestServer): Promise<{ home: string; token: string }> {
  const home = await loginAsTenantAdmin(server.url);
  const token = String((await readConfig(home)).profiles.default.token);
  return { home, token };
}

async function post(server: TestServer, token: string, path: string, body: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `POST ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

function createHostileUser(server: TestServer, token: string) {
  return post(server, token, "/api/v1/users", {
    username: HOSTILE,
    email: "mallory@acme.example",
    password: "Mallory-pass-1",
    tenant_id: SEED.tenantId,
    role: "tenant-user",
  });
}

Deno.test("list-users: a hostile username is shown escaped; --json keeps it exact", async () => {
  await withServer(async (server) => {
    const { home, token } = await tenantAdmin(server);
    const created = await createHostileUser(server, token);
    const r = await run(["list-users"], { home });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 4, "the line break inside the name did not start a row");
    const row = lines.find((l) => l.startsWith(created.id))!;
    assert.match(row, new RegExp(`^${created.id}  ${RegExp.escape(SHOWN)}  mallory@acme\\.`));
    assert.equal(UNSAFE.test(r.stdout), false, JSON.stringify(r.stdout));

    const json = await run(["list-users", "--json"], { home });
    assert.equal(json.code, 0, json.stderr);
    const names = JSON.parse(json.stdout).map((u: { username: string }) => u.username);
    assert.ok(names.includes(HOSTILE), "--json carries the name exactly");
    assert.ok(json.stdout.includes(JSON.stringify(HOSTILE)), "printed by JSON.stringify itself");
  });
});

Deno.test("list-tenants, list-catalogs, list-warehouses escape hostile names", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    const rootToken = String((await readConfig(root)).profiles.default.token);
    const tenant = await post(server, rootToken, "/api/v1/tenants", { name: HOSTILE });
    const tenants = await run(["list-tenants"], { home: root });
    assert.equal(tenants.code, 0, tenants.stderr);
    assert.ok(
      tenants.stdout.split("\n").includes(`${tenant.id}  ${SHOWN}  -`),
      JSON.stringify(tenants.stdout),
    );
    assert.equal(UNSAFE.test(tenants.stdout), false);

    const { home, token } = await tenantAdmin(server);
    await post(server, token, "/api/v1/warehouses", {
      name: HOSTILE,
      use_sts: false,
      storage_config: { "s3.bucket": "b\x1b[31m" },
    });
    const warehouses = await run(["list-warehouses"], { home });
    assert.equal(warehouses.code, 0, warehouses.stderr);
    const wrow = warehouses.stdout.split("\n").find((l) => l.startsWith("sales"));
    assert.match(wrow ?? "", new RegExp(`^${RegExp.escape(SHOWN)}  s3 +b\\\\u001b\\[31m `));
    assert.equal(UNSAFE.test(warehouses.stdout), false);

    await post(server, token, "/api/v1/catalogs", { name: HOSTILE, storage_location: "s3://x" });
    const catalogs = await run(["list-catalogs"], { home });
    assert.equal(catalogs.code, 0, catalogs.stderr);
    assert.ok(
      catalogs.stdout.split("\n").some((l) => l.startsWith(`${SHOWN}  Local`)),
      JSON.stringify(catalogs.stdout),
    );
    assert.equal(UNSAFE.test(catalogs.stdout), false);
  });
});

Deno.test("whoami and the saved config: control characters in saved names are escaped", async () => {
  await withServer(async (server) => {
    const { home } = await tenantAdmin(server);
    const path = `${home}/.pangolin/config`;
    const config = await readConfig(home);
    config.profiles.default.username = HOSTILE;
    config.profiles.default.tenant_name = "acme\x1b[2J\u202e";
    await Deno.writeTextFile(path, JSON.stringify(config));
    const r = await run(["whoami"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(UNSAFE.test(r.stdout + r.stderr), false, JSON.stringify(r.stdout));
    assert.match(r.stdout, /^Tenant: +acme\\u001b\[2J\\u202e \(/m);
    // whoami shows the token's own username when it has one; the saved one is only a fallback.
    assert.ok(!r.stdout.includes("\x1b"));
  });
});

Deno.test("login's success line escapes a hostile username", async () => {
  await withServer(async (server) => {
    const { token } = await tenantAdmin(server);
    await createHostileUser(server, token);
    const r = await run(
      [
        "login",
        "--url",
        server.url,
        "-u",
        HOSTILE,
        "--tenant-id",
        SEED.tenantId,
        "--password-stdin",
      ],
      { stdin: "Mallory-pass-1\n" },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stdout.split("\n").some((l) => l.startsWith(`✅ Logged in successfully as ${SHOWN}`)),
      JSON.stringify(r.stdout),
    );
    assert.equal(UNSAFE.test(r.stdout + r.stderr), false, JSON.stringify(r.stdout + r.stderr));
  });
});

Deno.test("an error body with control characters is one escaped Error line", async () => {
  await withServer(async (server) => {
    const { home } = await tenantAdmin(server);
    server.setFault({
      kind: "status",
      status: 400,
      path: "/api/v1/users",
      body: "bad \x1b]0;owned\x07\x1b[2K\rIGNORE \x9b\u202eend",
    });
    const r = await run(["list-users"], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to list users (400): " +
        "bad \\u001b]0;owned\\u0007\\u001b[2K\\u000dIGNORE \\u009b\\u202eend\n",
    );
  });
});

function fakeContext(options: { columns?: number; wide?: boolean; now?: Date } = {}): Context {
  let out = "";
  return {
    io: {
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: () => {} },
      stdinIsTerminal: false,
      stderrIsTerminal: false,
      stdoutIsTerminal: options.columns !== undefined,
      columns: options.columns,
      readStdin: () => Promise.resolve(""),
    },
    globals: { json: false, wide: options.wide },
    now: () => options.now ?? new Date("2026-03-02T12:00:00Z"),
    get printed() {
      return out;
    },
  } as unknown as Context;
}

interface Row {
  id: string;
  name: string;
  at: string;
}
const COLUMNS: Column<Row>[] = [
  { header: "ID", kind: "id", cell: (r) => r.id },
  { header: "Name", cell: (r) => r.name },
  { header: "Created At", kind: "time", cell: (r) => r.at },
];

Deno.test("table: 200,000 rows render without overflowing the stack", () => {
  const rows: Row[] = [];
  for (let i = 0; i < 200_000; i++) {
    rows.push({ id: `id-${i}`, name: i === 199_999 ? "the-longest-name" : "n", at: "" });
  }
  const block = table(fakeContext(), rows, COLUMNS);
  assert.equal(block.lines.length, 200_001);
  assert.equal(block.lines[0], "ID         Name              Created At");
  assert.equal(block.lines[1], "id-0       n                 -");
  assert.equal(block.lines[200_000], "id-199999  the-longest-name  -");
});

const ROWS: Row[] = [
  {
    id: "3f2a9c1e-1111-4aaa-8bbb-000000000001",
    name: "laptop session of a person with a very long description indeed, far too wide",
    at: "2026-03-02T11:59:30Z",
  },
  {
    id: "3f2a9c1e-2222-4aaa-8bbb-000000000002",
    name: "phone",
    at: "2026-02-27T12:00:00Z",
  },
  { id: "7d00e2b4-3333-4aaa-8bbb-000000000003", name: "ci", at: "2026-03-03T11:00:00Z" },
];

Deno.test("table on a terminal: short ids, relative times, long text cut with … to the width", () => {
  const block = table(fakeContext({ columns: 50 }), ROWS, COLUMNS);
  assert.deepEqual(block.lines, [
    "ID        Name                          Created At",
    "3f2a9c1e  laptop session of a person…   just now",
    "3f2a9c1e  phone                         3d ago",
    "7d00e2b4  ci                            in 23h",
  ]);
  for (const line of block.lines) assert.ok(line.length <= 50, line);
  const wide = table(fakeContext({ columns: 50, wide: true }), ROWS, COLUMNS);
  assert.equal(wide.lines[1], `${ROWS[0].id}  ${ROWS[0].name}  2026-03-02 11:59:30 UTC`);
  const piped = table(fakeContext(), ROWS, COLUMNS);
  assert.deepEqual(piped.lines, wide.lines, "not a terminal: in full, as --wide");
});

Deno.test("relativeTime: just now, minutes, hours, days, years, both directions", () => {
  const now = new Date("2026-03-02T12:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  assert.equal(relativeTime(at(-59_000), now), "just now");
  assert.equal(relativeTime(at(5 * 60_000), now), "in 5m");
  assert.equal(relativeTime(at(-(23 * 3600_000 + 59 * 60_000)), now), "23h ago");
  assert.equal(relativeTime(at(47 * 3600_000), now), "in 47h");
  assert.equal(relativeTime(at(-3 * 86400_000), now), "3d ago");
  assert.equal(relativeTime(at(800 * 86400_000), now), "in 2y");
  assert.equal(relativeTime("not a date", now), "not a date");
  assert.equal(relativeTime(null, now), "-");
});

Deno.test("-q drops a token command's Note lines and keeps its Warning lines", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    const list = ["list-user-tokens", "--user-id", SEED.user.id];
    const loud = await run(list, { home });
    assert.equal(loud.code, 0, loud.stderr);
    assert.equal(loud.stderr.split("\n").filter((l) => l.startsWith("Note:")).length, 2);
    const quiet = await run([...list, "-q"], { home });
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, "");
    assert.equal(quiet.stdout, loud.stdout);

    const created = await run([
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      "alice",
      "--expires-in-hours",
      "48",
      "--quiet",
    ], { home });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stderr, "Warning: the token is shown only now; store it safely.\n");
  });
});

const PROPERTIES = {
  "jdbc.url": "jdbc:postgresql://db:5432/x?user=etl&password=hunter2&ssl=true",
  "gcs.service-account-json": '{"type":"service_account","private_key":"-----BEGIN"}',
  "jdbc.password": "hunter3",
  owner: "ops",
};
const MASKED = {
  "jdbc.url": "jdbc:postgresql://db:5432/x?user=etl&password=***&ssl=true",
  "gcs.service-account-json": "***",
  "jdbc.password": "***",
  owner: "ops",
};

Deno.test("secret-named properties: masked in human and --json output unless --show-secrets", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    const rootToken = String((await readConfig(root)).profiles.default.token);
    const tenant = await post(server, rootToken, "/api/v1/tenants", {
      name: "props",
      properties: PROPERTIES,
    });
    const human = await run(["list-tenants"], { home: root });
    assert.equal(human.code, 0, human.stderr);
    const row = (out: string) =>
      out.split("\n").find((l) => l.startsWith(tenant.id))?.replace(/props +/, "props  ");
    assert.equal(
      row(human.stdout),
      `${tenant.id}  props  ` + Object.entries(MASKED).map(([k, v]) => `${k}=${v}`).join(", "),
    );
    const shown = await run(["list-tenants", "--show-secrets"], { home: root });
    assert.equal(
      row(shown.stdout),
      `${tenant.id}  props  ` + Object.entries(PROPERTIES).map(([k, v]) => `${k}=${v}`).join(", "),
    );
    const json = await run(["list-tenants", "--json"], { home: root });
    const find = (out: string) => JSON.parse(out).find((t: { id: string }) => t.id === tenant.id);
    assert.deepEqual(find(json.stdout).properties, MASKED);
    const jsonShown = await run(["list-tenants", "--json", "--show-secrets"], { home: root });
    assert.deepEqual(find(jsonShown.stdout).properties, PROPERTIES);
    for (const out of [human, json]) {
      assert.equal(/hunter|BEGIN/.test(out.stdout + out.stderr), false, out.stdout);
    }

    const { home, token } = await tenantAdmin(server);
    await post(server, token, "/api/v1/catalogs", {
      name: "jdbc",
      storage_location: "s3://x",
      properties: PROPERTIES,
    });
    const catalogs = await run(["list-catalogs", "--json"], { home });
    const catalog = (out: string) =>
      JSON.parse(out).find((c: { name: string }) => c.name === "jdbc");
    assert.deepEqual(catalog(catalogs.stdout).properties, MASKED);
    const catalogsShown = await run(["list-catalogs", "--json", "--show-secrets"], { home });
    assert.deepEqual(catalog(catalogsShown.stdout).properties, PROPERTIES);

    await post(server, token, "/api/v1/warehouses", {
      name: "gcs",
      use_sts: false,
      storage_config: {
        type: "gcs",
        "gcs.service-account-json": PROPERTIES["gcs.service-account-json"],
      },
    });
    const wh = await run(["list-warehouses", "--json"], { home });
    const gcs = (out: string) => JSON.parse(out).find((w: { name: string }) => w.name === "gcs");
    assert.equal(gcs(wh.stdout).storage_config["gcs.service-account-json"], "***");
    const whShown = await run(["list-warehouses", "--json", "--show-secrets"], { home });
    assert.equal(
      gcs(whShown.stdout).storage_config["gcs.service-account-json"],
      PROPERTIES["gcs.service-account-json"],
    );
  });
});

Deno.test("three tokens of one person fit 80 columns and stay tellable apart", async () => {
  await withServer(async (server) => {
    const { home } = await tenantAdmin(server);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run([
        "create-token",
        "--tenant-id",
        SEED.tenantId,
        "--username",
        "alice",
        "--json",
      ], { home });
      assert.equal(r.code, 0, r.stderr);
      ids.push(JSON.parse(r.stdout).id);
    }
    const r = await run(["list-user-tokens", "--user-id", SEED.user.id], { home, columns: 80 });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "Token ID  Created At  Expires At  Valid");
    assert.equal(lines.length, 4, r.stdout);
    const firsts = lines.slice(1).map((l) => l.split("  ")[0]);
    assert.equal(new Set(firsts).size, 3, "each row has its own short id");
    for (const l of lines.slice(1)) assert.match(l, /^[0-9a-f]{8} {2}just now {4}in 23h +yes$/);
    assert.deepEqual([...firsts].sort(), ids.map((id) => id.slice(0, 8)).sort());
  });
});

Deno.test("messageFor: the Error and Hint lines are terminal-safe, one line each", () => {
  const text = messageFor(new CommandFailure("bad \x1b[2J\nname", 1, "try \x9bthis\u202e"));
  assert.equal(text, "Error: bad \\u001b[2J\\u000aname\nHint: try \\u009bthis\\u202e");
});

Deno.test("a parser message quoting a hostile argument is escaped", async () => {
  const r = await run(["bogus\x1b]52;c;x\x07"]);
  assert.equal(r.code, 2);
  assert.equal(UNSAFE.test(r.stderr), false, JSON.stringify(r.stderr));
  assert.match(r.stderr, /^Error: .*bogus\\u001b\]52;c;x\\u0007/);
});

Deno.test("-q drops the HTTP client's retry notes too; the result is unchanged", async () => {
  await withServer(async (server) => {
    const { home } = await tenantAdmin(server);
    server.setFault({ kind: "status", status: 503, path: "/api/v1/users", times: 1 });
    const loud = await run(["list-users"], { home });
    assert.equal(loud.code, 0, loud.stderr);
    assert.match(loud.stderr, /^Note: GET \/api\/v1\/users failed \(status 503\); retrying in /);
    server.setFault({ kind: "status", status: 503, path: "/api/v1/users", times: 1 });
    const quiet = await run(["list-users", "-q"], { home });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, "");
    assert.equal(quiet.stdout, loud.stdout);
  });
});

Deno.test("commands and lib write to the streams only through lib/output.ts", async () => {
  // Reviewed exceptions: the parser's help and error lines (messageFor is already safe), the
  // shell's own fixed lines, and the progress line (its label is made safe first).
  const allowed = new Set(["lib/output.ts", "lib/cli.ts", "lib/shell.ts", "lib/progress.ts"]);
  const root = new URL("..", import.meta.url).pathname;
  const direct = /\b(?:io|process)\.(?:stdout|stderr)\.write\(|\bconsole\.(?:log|error|warn)\(/;
  const offenders: string[] = [];
  async function scan(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(`${root}${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await scan(path);
      else if (path.endsWith(".ts") && !allowed.has(path)) {
        const text = await Deno.readTextFile(`${root}${path}`);
        text.split("\n").forEach((line, i) => {
          if (direct.test(line)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  }
  await scan("commands");
  await scan("lib");
  assert.deepEqual(offenders, []);
});
