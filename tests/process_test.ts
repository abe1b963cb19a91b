/**
 * The CLI as a user runs it: a real process with the binary's permissions, a temporary HOME,
 * real files and modes on disk, closed stdin.
 */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { runProcess, tempHome, withServer } from "./helpers.ts";

const POSIX = Deno.build.os !== "windows";

Deno.test("login from a real process: 0700 folder, 0600 file, the contract line", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const r = await runProcess(
      ["login", "--url", server.url, "--username", "admin", "--password-stdin"],
      { home, stdin: "password\n" },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `✅ Logged in successfully as admin\nServer: ${server.url} (profile default)\n`,
    );
    assert.equal(r.stderr, "");
    if (POSIX) {
      assert.equal((await Deno.stat(`${home}/.pangolin`)).mode! & 0o777, 0o700);
      assert.equal((await Deno.stat(`${home}/.pangolin/config`)).mode! & 0o777, 0o600);
    }
    const who = await runProcess(["whoami", "--json"], { home });
    assert.equal(who.code, 0, who.stderr);
    assert.equal(JSON.parse(who.stdout).username, "admin");
  });
});

Deno.test({
  name: "a config file readable by others is tightened with a warning",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await tempHome();
      await runProcess(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
        home,
        stdin: "password",
      });
      const path = `${home}/.pangolin/config`;
      await Deno.chmod(path, 0o644);
      const r = await runProcess(["whoami"], { home });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stderr,
        `Warning: ${path} was readable by others (mode 0644); tightened to 0600.\n`,
      );
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    });
  },
});

Deno.test("a corrupt config file is left byte-for-byte untouched, with a clear error", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
    const path = `${home}/.pangolin/config`;
    const bytes = new Uint8Array([0x7b, 0x22, 0x70, 0xff, 0x0a, 0x00, 0x7d]);
    await Deno.writeFile(path, bytes, { mode: 0o600 });
    for (
      const argv of [
        ["login", "--url", server.url, "-u", "admin", "--password-stdin"],
        ["whoami"],
        ["list-catalogs"],
      ]
    ) {
      const r = await runProcess(argv, { home, stdin: "password" });
      assert.equal(r.code, 1, argv[0]);
      assert.match(r.stderr, new RegExp(`^Error: The config file ${path} is not valid JSON`));
      assert.match(r.stderr, /it was left untouched/);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1);
    }
    assert.deepEqual(await Deno.readFile(path), bytes);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("20 parallel logins into 20 profiles leave all 20 in a valid file", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runProcess(
          ["login", "--url", server.url, "-u", "admin", "--password-stdin", "-p", `p${i}`],
          { home, stdin: "password" },
        )),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const config = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`));
    assert.deepEqual(
      Object.keys(config.profiles).sort(),
      Array.from({ length: 20 }, (_, i) => `p${i}`).sort(),
    );
    for (const p of Object.values(config.profiles) as Array<{ token: string }>) {
      assert.match(p.token, /^eyJ/);
    }
    const temps = [...Deno.readDirSync(`${home}/.pangolin`)].filter((e) => e.name.endsWith(".tmp"));
    assert.deepEqual(temps, []);
  });
});

Deno.test("with stdin closed nothing waits for input", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const started = Date.now();
    const login = await runProcess(["login", "--url", server.url, "-u", "admin"], {
      home,
      stdin: null,
    });
    assert.equal(login.code, 2);
    assert.match(login.stderr, /--password-stdin/);
    const bare = await runProcess([], { home, stdin: null });
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, "");
    assert.ok(Date.now() - started < 20_000);
  });
});

Deno.test("no secret the server issued appears in any output, except where the contract allows", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const env = { PANGOLIN_URL: server.url };
    const outputs: string[] = [];
    const step = async (argv: string[], stdin?: string) => {
      const r = await runProcess(argv, { home, env, stdin });
      assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    await step(
      ["login", "-u", SEED.tenantAdmin.username, "-t", SEED.tenantId, "--password-stdin"],
      SEED.tenantAdmin.password,
    );
    const config = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`));
    const sessionToken = config.profiles.default.token as string;
    const minted = JSON.parse(
      (await runProcess([
        "create-token",
        "--tenant-id",
        SEED.tenantId,
        "--username",
        "alice",
        "--json",
      ], { home, env })).stdout,
    );
    const su = JSON.parse(
      (await runProcess(["create-service-user", "--name", "bot", "--json"], { home, env })).stdout,
    );
    await step(["whoami"]);
    await step(["whoami", "--json"]);
    await step(["list-user-tokens", "--user-id", SEED.user.id]);
    await step(["list-user-tokens", "--user-id", SEED.user.id, "--json"]);
    await step(["list-my-tokens", "--json"]);
    await step(["list-service-users", "--json"]);
    await step(["get-service-user", "--id", su.id, "--json"]);
    await step(["rotate-token", "--json"]);
    const cron = await runProcess(["list-catalogs", "--json"], {
      home: await tempHome(),
      env: { ...env, PANGOLIN_CLIENT_ID: su.id, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(cron.code, 0, cron.stderr);
    outputs.push(cron.stdout, cron.stderr);
    const all = outputs.join("\n");
    for (const secret of [sessionToken, minted.token, su.api_key, SEED.tenantAdmin.password]) {
      assert.equal(all.includes(secret), false);
    }
    const rotated =
      JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`)).profiles.default.token;
    assert.equal(all.includes(rotated), false);
    assert.equal(all.includes("$2b$"), false, "no key hash");
  });
});

Deno.test("stdout carries one JSON document; notes go to stderr", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    await runProcess(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
      home,
      stdin: "password",
    });
    const r = await runProcess(["--json", "list-user-tokens", "--user-id", SEED.user.id], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
    assert.match(r.stderr, /Note: as root/);
  });
});

Deno.test("the cli and compile tasks run with one permission set", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.match(config.tasks.cli, /^deno run -q --no-prompt -P=cli main\.ts$/);
  assert.match(config.tasks.compile, /\.ci\/compile\.ts$/);
  const { compileArgs, commandModules, TARGETS } = await import("../.ci/compile.ts");
  const modules = commandModules();
  assert.ok(modules.includes("commands/tokens/revoke_token_by_id.ts"));
  for (const target of TARGETS) {
    const args = compileArgs(config.version, target, modules);
    assert.ok(args.includes("-P=cli"), "the binary gets the cli permission set");
    // Commands are loaded by computed specifiers, so each must be embedded explicitly.
    for (const m of modules) assert.ok(args.includes(m), `${target} embeds ${m}`);
    assert.equal(args.at(-1), "main.ts");
  }
  assert.ok(config.permissions.cli, "the permission set is defined");
  const { VERSION } = await import("../lib/version.ts");
  assert.equal(config.version, VERSION);
});

Deno.test("the binary may read exactly the environment variables the tool reads", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const { ENV_VARS, PROMPT_ENV_VARS } = await import("../lib/context.ts");
  assert.deepEqual(
    [...config.permissions.cli.env].sort(),
    [...ENV_VARS, ...PROMPT_ENV_VARS].sort(),
  );
});

Deno.test("--version prints the tool's version, the Deno version and the target", async () => {
  const { VERSION } = await import("../lib/version.ts");
  const r = await runProcess(["--version"], { home: await tempHome() });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${VERSION} (deno ${Deno.version.deno}, ${Deno.build.target})\n`);
  const help = await runProcess(["--help"], { home: await tempHome() });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^pangolin-admin: administer a Pangolin catalog server\n/);
  assert.match(help.stdout, /\nTOKENS\n {2}revoke-token /);
});
