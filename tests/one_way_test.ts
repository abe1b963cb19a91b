/** One way to say things: positional ids, --id and --token-id, kebab-case messages, `help`. */
import assert from "node:assert/strict";
import { idFlagOf, normalizeIdArgs } from "../lib/id_args.ts";
import { loginAs, readConfig, requestLines, run, withServer } from "./helpers.ts";

const ID = "9b7e4d21-6c0a-4f3e-8d15-2a9c7b1e0f64";

Deno.test("revoke-token-by-id takes the id as its first argument, --id or --token-id", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    for (const argv of [[ID], ["--id", ID], ["--token-id", ID], [`--token-id=${ID}`]]) {
      server.requests.length = 0;
      const r = await run(["revoke-token-by-id", ...argv], { home });
      assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, `✅ Token ${ID} revoked successfully!\n`);
      assert.deepEqual(requestLines(server), [`POST /api/v1/auth/revoke/${ID}`]);
    }
    const reason = await run(["revoke-token-by-id", "--reason", "leak", ID], { home });
    assert.equal(reason.code, 0, reason.stderr);
  });
});

Deno.test("delete-token takes --id as well as --token-id, and the id as its first argument", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    for (const argv of [["--id", ID], [ID], ["--token-id", ID]]) {
      server.requests.length = 0;
      const r = await run(["delete-token", ...argv], { home });
      assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, `✅ Token ${ID} deleted successfully!\n`);
      assert.deepEqual(requestLines(server), [`DELETE /api/v1/tokens/${ID}`]);
    }
  });
});

Deno.test("an id given twice, or not a UUID, is a usage error before anything is sent", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.requests.length = 0;
    const twice = await run(["delete-token", ID, "--token-id", ID], { home });
    assert.equal(twice.code, 2);
    assert.equal(
      twice.stderr,
      "Error: The id is given twice: as the first argument and as --token-id; give it once\n",
    );
    const bad = await run(["revoke-token-by-id", "nope"], { home });
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr.split("\n")[0],
      `Error: Failed to parse "nope" for id: 'nope' is not a UUID`,
    );
    const extra = await run(["revoke-token-by-id", ID, ID], { home });
    assert.equal(extra.code, 2);
    assert.deepEqual(requestLines(server), []);
  });
});

Deno.test("parser messages name flags as typed, in kebab-case", async () => {
  const unknown = await run(["delete-token", "--tokenid", ID]);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "Error: No flag registered for --tokenid, did you mean --token-id?\n" +
      "Run 'pangolin-admin delete-token --help' for usage.\n",
  );
  const user = await run(["revoke-user-tokens", "--userid", ID]);
  assert.equal(
    user.stderr.split("\n")[0],
    "Error: No flag registered for --userid, did you mean --user-id?",
  );
  const missing = await run(["delete-token"]);
  assert.equal(missing.stderr.split("\n")[0], "Error: Expected input for flag --token-id");
  for (const r of [unknown, user, missing]) assert.equal(/--[a-z]+[A-Z]/.test(r.stderr), false);
});

Deno.test("help [command] is --help said as a word", async () => {
  const word = await run(["help", "login"]);
  const flag = await run(["login", "--help"]);
  assert.equal(word.code, 0);
  assert.equal(word.stdout, flag.stdout);
  assert.match(word.stdout, /pangolin-admin login /);
  const top = await run(["help"]);
  assert.equal(top.code, 0);
  assert.equal(top.stdout, (await run(["--help"])).stdout);
  assert.match(top.stdout, /^ {2}pangolin-admin help \[command\] {6}the same as --help$/m);
  const nosuch = await run(["help", "nosuch"]);
  assert.equal(nosuch.code, 2);
  assert.equal(nosuch.stderr.split("\n")[0], "Error: No command registered for `nosuch`");
});

Deno.test("the help of a one-id command says the id may be the first argument", async () => {
  const r = await run(["revoke-token-by-id", "--help"]);
  assert.match(
    r.stdout,
    /^The --id value may also be given as the first argument, or as --token-id\.$/m,
  );
  const d = await run(["delete-token", "--help"]);
  assert.match(
    d.stdout,
    /^The --token-id value may also be given as the first argument, or as --id\.$/m,
  );
  const none = await run(["create-role", "--help"]);
  assert.equal(none.stdout.includes("first argument"), false);
});

Deno.test("which commands take one id: the rule", () => {
  const f = (flags: Record<string, { kind: string; optional?: boolean }>, positional?: unknown) =>
    ({ flags, ...(positional ? { positional } : {}) }) as Parameters<typeof idFlagOf>[1];
  const parsed = { kind: "parsed" };
  assert.deepEqual(idFlagOf("get-service-user", f({ id: parsed })), {
    flag: "id",
    alias: "service-user-id",
  });
  assert.deepEqual(idFlagOf("rotate-service-user-key", f({ id: { ...parsed, optional: true } })), {
    flag: "id",
    alias: "service-user-id",
  });
  assert.deepEqual(idFlagOf("list-user-tokens", f({ userId: parsed })), {
    flag: "user-id",
    alias: "id",
  });
  // Two ids (assign-role), an optional context id (create-role), or a positional of its own.
  assert.equal(idFlagOf("assign-role", f({ userId: parsed, roleId: parsed })), undefined);
  assert.equal(idFlagOf("create-role", f({ tenantId: { ...parsed, optional: true } })), undefined);
  assert.equal(
    idFlagOf("delete-user", f({ id: parsed }, { kind: "tuple", parameters: [{}] })),
    undefined,
  );
  // A flag value is never taken for the id; `--` ends the rewriting.
  const params = { flags: { id: parsed, reason: parsed, yes: { kind: "boolean" } } };
  assert.deepEqual(normalizeIdArgs(["x-token", "--reason", "r", "-y"], "x-token", params), [
    "x-token",
    "--reason",
    "r",
    "-y",
  ]);
  assert.deepEqual(normalizeIdArgs(["x-token", "--yes", ID], "x-token", params), [
    "x-token",
    "--yes",
    "--id",
    ID,
  ]);
  assert.deepEqual(normalizeIdArgs(["x-token", "--", ID], "x-token", params), [
    "x-token",
    "--",
    ID,
  ]);
});

Deno.test("revoke-token with a revoked saved token: the seed's error line, the removal as Hint", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password", { profile: "ops" });
    const id = String((await readConfig(home)).profiles.ops.token_id);
    await run(["revoke-token-by-id", id], { home: await loginAs(server.url, "admin", "password") });
    const r = await run(["revoke-token", "-p", "ops"], { home });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to revoke token (401): Token has been revoked\n" +
        "Hint: the token was removed from profile 'ops'; log in again: pangolin-admin login " +
        "--username admin --profile ops\n",
    );
    assert.equal((await readConfig(home)).profiles.ops.token, undefined);
  });
});

Deno.test("dev-server on a busy port says so in one line, exit 1", async () => {
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (busy.addr as Deno.NetAddr).port;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "--allow-net=127.0.0.1",
        "--allow-env",
        new URL("./dev_server.ts", import.meta.url).pathname,
        "--port",
        String(port),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    assert.equal(new TextDecoder().decode(out.stdout), "");
    assert.equal(
      new TextDecoder().decode(out.stderr),
      `Port ${port} on 127.0.0.1 is busy (another server is listening there); choose another: ` +
        "deno task dev-server --port 8081\n",
    );
  } finally {
    busy.close();
  }
});
