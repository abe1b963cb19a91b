/**
 * A credential is never lost: --key-file and --token-file are claimed before the request that
 * mints the secret, and a secret that still cannot be written reaches the person on stdout.
 */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  requestLines,
  run,
  type RunResult,
  withServer,
} from "./helpers.ts";

const POSIX = Deno.build.os !== "windows";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function createServiceUser(home: string, name: string) {
  const r = await run(["create-service-user", "--name", name, "--json"], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { id: string; api_key: string };
}

/** The three commands that mint a secret into a file, as argv builders. */
function minters(suId: string) {
  return [
    {
      name: "create-service-user",
      argv: (p: string) => ["create-service-user", "--name", "x", "--key-file", p],
    },
    {
      name: "rotate-service-user-key",
      argv: (p: string) => ["rotate-service-user-key", "--id", suId, "--key-file", p],
    },
    {
      name: "create-token",
      argv: (
        p: string,
      ) => ["create-token", "--tenant-id", SEED.tenantId, "--username", "ci", "--token-file", p],
    },
  ];
}

Deno.test("a path that cannot be claimed: exit 2, one line, nothing sent", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await createServiceUser(home, "etl");
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/taken`, "old\n");
    await Deno.mkdir(`${dir}/folder`);
    await Deno.symlink(`${dir}/taken`, `${dir}/link`);
    for (const m of minters(su.id)) {
      const flag = m.name === "create-token" ? "--token-file" : "--key-file";
      const cases: Array<[string[], string]> = [
        [
          m.argv(`${dir}/taken`),
          `Error: ${flag} ${dir}/taken already exists; pass --force to replace it`,
        ],
        [
          m.argv(`${dir}/missing/new.key`),
          `Error: ${flag} ${dir}/missing/new.key: the folder ${dir}/missing does not exist`,
        ],
        [
          m.argv(`${dir}/folder`),
          `Error: ${flag} ${dir}/folder is a folder; name a file inside it`,
        ],
        [
          [...m.argv(`${dir}/folder`), "--force"],
          `Error: ${flag} ${dir}/folder is a folder; name a file inside it`,
        ],
        [
          m.argv(`${dir}/link`),
          `Error: ${flag} ${dir}/link is a symbolic link; name the file itself`,
        ],
        [
          [...m.argv(`${dir}/link`), "--force"],
          `Error: ${flag} ${dir}/link is a symbolic link; --force replaces only a regular file (name the file itself)`,
        ],
        [m.argv(""), `Error: ${flag} needs a path (got an empty string)`],
        [
          m.argv(`${dir}/taken/x.key`),
          `Error: ${flag} ${dir}/taken/x.key: ${dir}/taken is not a folder`,
        ],
      ];
      if (POSIX) {
        // Not writable even for root: /proc takes no new files.
        cases.push([
          m.argv("/proc/pangolin.key"),
          `Error: ${flag} /proc/pangolin.key cannot be created: the folder /proc is not writable (no such file or directory)`,
        ]);
      }
      for (const [argv, line] of cases) {
        server.clearRequests();
        const r = await run(argv, { home });
        assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
        assert.equal(r.stderr.split("\n")[0], line);
        assert.equal(r.stdout, "");
        assert.deepEqual(requestLines(server), [], argv.join(" "));
      }
    }
    assert.equal(await Deno.readTextFile(`${dir}/taken`), "old\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "folder",
      "link",
      "taken",
    ]);
  });
});

Deno.test("--force replaces a regular file atomically; the new file is 0600", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await createServiceUser(home, "etl");
    const dir = await Deno.makeTempDir();
    const file = `${dir}/etl.key`;
    await Deno.writeTextFile(file, "old key\n", { mode: 0o644 });
    if (POSIX) await Deno.chmod(file, 0o644);
    const r = await run(["rotate-service-user-key", "--id", su.id, "--key-file", file, "--force"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    const key = (await Deno.readTextFile(file)).trim();
    assert.ok(server.serviceUserKeyWorks(su.id, key));
    assert.equal((r.stdout + r.stderr).includes(key), false);
    if (POSIX) assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["etl.key"]);
  });
});

Deno.test("a request that fails leaves no claimed file behind", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/old.key`, "old\n");
    for (const m of minters(crypto.randomUUID())) {
      for (
        const [path, extra] of [[`${dir}/new.key`, []], [`${dir}/old.key`, ["--force"]]] as const
      ) {
        const r = await run([...m.argv(path), ...extra], { home });
        assert.equal(r.code, 4, `${m.name}: ${r.stderr}`);
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["old.key"], m.name);
        assert.equal(await Deno.readTextFile(`${dir}/old.key`), "old\n");
      }
    }
  });
});

/** Runs `argv` while the server holds its answer; `meddle` runs once the claim is on disk. */
async function runWhileDelayed(
  server: TestServer,
  path: string,
  argv: string[],
  home: string,
  seen: string,
  meddle: () => Promise<void>,
): Promise<RunResult> {
  server.setFault({ kind: "slow-headers", delayMs: 1500, path, times: 1 });
  const running = run(argv, { home });
  for (let i = 0; i < 100; i++) {
    try {
      await Deno.lstat(seen);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  await meddle();
  return await running;
}

Deno.test("a key that cannot be written after the server answered is printed once, exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = await createServiceUser(home, "etl");
    const dir = await Deno.makeTempDir();
    const file = `${dir}/etl.key`;
    const r = await runWhileDelayed(
      server,
      `/api/v1/service-users/${su.id}/rotate`,
      ["rotate-service-user-key", "--id", su.id, "--key-file", file],
      home,
      file,
      () => Deno.remove(file),
    );
    assert.equal(r.code, 1, r.stderr);
    const key = r.stdout.match(/^PANGOLIN_API_KEY=(pgl_\w{64})$/m)?.[1];
    assert.ok(key, r.stdout);
    assert.ok(server.serviceUserKeyWorks(su.id, key));
    assert.equal(r.stdout.split(key).length, 2, "the key is printed exactly once");
    assert.equal(
      r.stderr,
      `Error: Could not write the API key to ${file} (the file was removed or replaced while ` +
        "the request ran); it is printed on stdout instead: save it now, it cannot be shown " +
        "again.\n",
    );
  });
});

Deno.test("--force: a folder gone before the rename still gets the token on stdout, exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const dir = await Deno.makeTempDir();
    const file = `${dir}/ci.token`;
    await Deno.writeTextFile(file, "old\n");
    const r = await runWhileDelayed(
      server,
      "/api/v1/tokens",
      [
        "create-token",
        "--tenant-id",
        SEED.tenantId,
        "--username",
        "ci",
        "--token-file",
        file,
        "--force",
        "--json",
      ],
      home,
      file,
      async () => {
        // Wait for the sibling temp file (the claim), then take the folder away.
        for (let i = 0; i < 100 && [...Deno.readDirSync(dir)].length < 2; i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        await Deno.remove(dir, { recursive: true });
      },
    );
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.token, /^ey/);
    assert.equal(out.token_file, undefined);
    assert.match(r.stderr, new RegExp(`^Error: Could not write the token to ${file} \\(`));
    assert.match(r.stderr, /it is printed on stdout instead: store it now/);
  });
});

Deno.test({
  name: "--force refuses a file owned by another user (root: chown nobody); nothing sent",
  ignore: !POSIX || Deno.uid() !== 0,
  fn: async () => {
    await withServer(async (server) => {
      const home = await adminHome(server);
      const dir = await Deno.makeTempDir();
      const file = `${dir}/theirs.key`;
      await Deno.writeTextFile(file, "theirs\n");
      await Deno.chown(file, 65534, 65534);
      server.clearRequests();
      const r = await run(["create-service-user", "--name", "x", "--key-file", file, "--force"], {
        home,
      });
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr.split("\n")[0],
        `Error: --key-file ${file} is owned by another user (uid 65534); refusing to replace it`,
      );
      assert.deepEqual(requestLines(server), []);
      assert.equal(await Deno.readTextFile(file), "theirs\n");
    });
  },
});

if (POSIX && Deno.uid() !== 0) {
  console.log("secret_file_test: skipped the other-owner --force test: it needs root to chown");
}
