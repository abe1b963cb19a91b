/**
 * Files are trusted only when they are the user's own (as ssh trusts ~/.ssh): real files,
 * real modes, symbolic links, a second process holding the lock, HOME unset, another owner.
 */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { childEnv, loginAs, requestLines, run, tempHome, withServer } from "./helpers.ts";

const POSIX = Deno.build.os !== "windows";
const ROOT = Deno.uid() === 0;
const ROOT_DIR = new URL("..", import.meta.url).pathname;

/** A HOME with a logged-in default profile. */
async function loggedIn(url: string): Promise<string> {
  return await loginAs(url, "admin", "password");
}

Deno.test({
  name: "a config folder at 0777: one line naming it, exit 1, nothing read, written or sent",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const dir = `${home}/.pangolin`;
      await Deno.chmod(dir, 0o777);
      const before = await Deno.readTextFile(`${dir}/config`);
      server.clearRequests();
      for (
        const argv of [["whoami"], ["list-catalogs"], ["login", "-u", "admin", "--password-stdin"]]
      ) {
        const r = await run(argv, { home, stdin: "password" });
        assert.equal(r.code, 1, `${argv[0]}: ${r.stderr}`);
        assert.equal(
          r.stderr,
          `Error: Refusing to use the config folder ${dir}: it is writable by group or others ` +
            `(mode 0777); fix it with: chmod go-w ${dir}\n`,
        );
      }
      assert.deepEqual(requestLines(server), []);
      assert.equal(await Deno.readTextFile(`${dir}/config`), before);
      assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o777, "not silently changed");
    });
  },
});

Deno.test({
  name:
    "a symlinked config: refused naming the link; the target is neither read, chmodded nor quoted",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await tempHome();
      await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
      const target = `${home}/elsewhere.json`;
      await Deno.writeTextFile(target, '{"profiles":{"default":{"url":"http://x.invalid"}}}');
      await Deno.chmod(target, 0o644);
      await Deno.symlink(target, `${home}/.pangolin/config`);
      const r = await run(["login", "--url", server.url, "-u", "admin", "--password-stdin"], {
        home,
        stdin: "password",
      });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `Error: Refusing to use the config file ${home}/.pangolin/config: it is a symbolic link\n`,
      );
      assert.equal((await Deno.stat(target)).mode! & 0o777, 0o644);
      assert.deepEqual(requestLines(server), []);
    });
  },
});

Deno.test({
  name:
    "a config file writable by others is refused; one only readable is tightened with a warning",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const path = `${home}/.pangolin/config`;
      await Deno.chmod(path, 0o666);
      const bad = await run(["whoami"], { home });
      assert.equal(bad.code, 1);
      assert.equal(
        bad.stderr,
        `Error: Refusing to use the config file ${path}: it is writable by group or others ` +
          `(mode 0666); fix it with: chmod 600 ${path}\n`,
      );
      await Deno.chmod(path, 0o644);
      const ok = await run(["whoami"], { home });
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(
        ok.stderr,
        `Warning: ${path} was readable by others (mode 0644); tightened to 0600.\n`,
      );
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    });
  },
});

Deno.test({
  name: "a symlinked lock and a lock writable by others are refused before anything is sent",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const lock = `${home}/.pangolin/config.lock`;
      const bashrc = `${home}/.bashrc`;
      await Deno.writeTextFile(bashrc, "# mine\n");
      await Deno.remove(lock);
      await Deno.symlink(bashrc, lock);
      server.clearRequests();
      const r = await run(["login", "-u", "admin", "--password-stdin"], {
        home,
        stdin: "password",
      });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `Error: Refusing to use the config lock ${lock}: it is a symbolic link\n`,
      );
      assert.equal(await Deno.readTextFile(bashrc), "# mine\n");
      assert.deepEqual(requestLines(server), []);
      await Deno.remove(lock);
      await Deno.writeTextFile(lock, "");
      await Deno.chmod(lock, 0o622);
      const w = await run(["login", "-u", "admin", "--password-stdin"], {
        home,
        stdin: "password",
      });
      assert.equal(w.code, 1);
      assert.match(
        w.stderr,
        /^Error: Refusing to use the config lock .*: it is writable by group or others \(mode 0622\)/,
      );
      assert.deepEqual(requestLines(server), []);
    });
  },
});

Deno.test({
  name: "audit.log symlinked to ~/.bashrc: nothing appended, nothing sent, exit 1",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const bashrc = `${home}/.bashrc`;
      await Deno.writeTextFile(bashrc, "# mine\n");
      await Deno.chmod(bashrc, 0o644);
      const log = `${home}/.pangolin/audit.log`;
      await Deno.remove(log).catch(() => {});
      await Deno.symlink(bashrc, log);
      server.clearRequests();
      const r = await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "ci"], {
        home,
      });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `Error: Refusing to use the audit log ${log}: it is a symbolic link\n`,
      );
      assert.equal(r.stdout, "");
      assert.deepEqual(requestLines(server), []);
      assert.equal(await Deno.readTextFile(bashrc), "# mine\n");
      assert.equal(
        (await Deno.stat(bashrc)).mode! & 0o777,
        0o644,
        "never chmodded through the link",
      );
      // Put in place after the check (a race): the append refuses it too, with a warning.
      await Deno.remove(log);
      const raced = await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "ci"], {
        home,
        fetch: async (input, init) => {
          await Deno.symlink(bashrc, log).catch(() => {});
          return await fetch(input, init);
        },
      });
      assert.equal(raced.code, 0, raced.stderr);
      assert.match(
        raced.stderr,
        /Warning: could not append to the audit log .*: Refusing to use the audit log .*: it is a symbolic link\n/,
      );
      assert.equal(await Deno.readTextFile(bashrc), "# mine\n");
    });
  },
});

Deno.test({
  name:
    "a config owned by another user is a one-line refusal; nothing is sent (root: chown nobody)",
  ignore: !POSIX || !ROOT,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const path = `${home}/.pangolin/config`;
      await Deno.chown(path, 65534, 65534);
      server.clearRequests();
      for (
        const argv of [["whoami"], ["login", "-u", "admin", "--password-stdin"], ["list-catalogs"]]
      ) {
        const r = await run(argv, { home, stdin: "password" });
        assert.equal(r.code, 1, argv[0]);
        assert.equal(
          r.stderr,
          `Error: Refusing to use the config file ${path}: it is owned by another user (uid 65534), ` +
            "not by you (uid 0)\n",
        );
      }
      assert.deepEqual(requestLines(server), []);
      await Deno.chown(path, 0, 0);
      await Deno.chown(`${home}/.pangolin`, 65534, 65534);
      const folder = await run(["whoami"], { home });
      assert.equal(folder.code, 1);
      assert.match(
        folder.stderr,
        /^Error: Refusing to use the config folder .*: it is owned by another user \(uid 65534\)/,
      );
    });
  },
});

if (POSIX && !ROOT) {
  console.log(
    "file_trust_test: skipped the other-owner test: it needs root to chown a file to nobody",
  );
}

/** Runs main.ts with exactly `env` (no HOME unless given) in `cwd`. */
async function runBare(argv: string[], env: Record<string, string>, cwd: string, stdin = "") {
  const base = childEnv({});
  delete base.HOME;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "--no-prompt", "-P=cli", `${ROOT_DIR}main.ts`, ...argv],
    cwd,
    env: { ...base, ...env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const out = await child.output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("HOME unset: the tool stops (exit 1) instead of using ./.pangolin", async () => {
  await withServer(async (server) => {
    const cwd = await tempHome();
    const r = await runBare(
      ["login", "--url", server.url, "-u", "admin", "--password-stdin"],
      {},
      cwd,
      "password",
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      "Error: HOME is not set, so there is no config folder (~/.pangolin); set HOME, or name " +
        "the config file with PANGOLIN_CONFIG\n",
    );
    // With a config file named but no home for the audit log: stopped before anything is sent.
    const named = await runBare(
      ["login", "--url", server.url, "-u", "admin", "--password-stdin"],
      { PANGOLIN_CONFIG: `${cwd}/config` },
      cwd,
      "password",
    );
    assert.equal(named.code, 1);
    assert.equal(
      named.stderr,
      "Error: HOME is not set, so there is no audit log (~/.pangolin/audit.log); set HOME, or " +
        "PANGOLIN_AUDIT_LOG to a file (or off)\n",
    );
    assert.deepEqual([...Deno.readDirSync(cwd)], []);
    assert.deepEqual(requestLines(server), []);
  });
});

Deno.test({
  name:
    "a lock held by a second process: login gives up after 10 s naming the lock and holder, nothing sent",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const home = await loggedIn(server.url);
      const lock = `${home}/.pangolin/config.lock`;
      const holder = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-q",
          "--allow-read",
          "--allow-write",
          `${ROOT_DIR}tests/fixtures/hold_lock.ts`,
          lock,
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const writer = holder.stdin.getWriter();
      try {
        const reader = holder.stdout.getReader();
        const { value } = await reader.read();
        assert.equal(new TextDecoder().decode(value), "held\n");
        reader.releaseLock();
        server.clearRequests();
        const started = Date.now();
        const r = await run(["login", "-u", "admin", "--password-stdin"], {
          home,
          stdin: "password",
        });
        const waited = Date.now() - started;
        assert.equal(r.code, 1);
        assert.equal(
          r.stderr,
          `Error: Gave up after 10 s waiting for the config lock ${lock}, held by process ` +
            `${holder.pid} (deno); try again when it is done\n`,
        );
        assert.ok(waited >= 10_000 && waited < 20_000, `waited ${waited} ms`);
        assert.deepEqual(requestLines(server), [], "no session was issued");
      } finally {
        await writer.close();
        await holder.stdout.cancel().catch(() => {});
        await holder.status;
      }
    });
  },
});

/** A folder in the temporary folder with `mode`, holding a HOME (0700) of its own. */
async function homeUnder(mode: number): Promise<{ parent: string; home: string }> {
  const parent = await Deno.makeTempDir({ prefix: "pangolin-parent-" });
  const home = `${parent}/home`;
  await Deno.mkdir(home, { mode: 0o700 });
  await Deno.chmod(parent, mode);
  return { parent, home };
}

Deno.test({
  name:
    "a folder above the config folder writable by others (0777): one line naming it, exit 1, nothing read, written or sent",
  ignore: !POSIX,
  fn: async () => {
    await withServer(async (server) => {
      const { parent, home } = await homeUnder(0o777);
      const expected =
        `Error: Refusing to use the config folder ${home}/.pangolin: the folder ${parent} ` +
        `above it is writable by group or others (mode 0777, no sticky bit); fix it with: ` +
        `chmod go-w ${parent}\n`;
      server.clearRequests();
      for (
        const argv of [
          ["login", "--url", server.url, "-u", "admin", "--password-stdin"],
          ["whoami"],
          ["list-profiles"],
          ["list-catalogs", "--url", server.url],
        ]
      ) {
        const r = await run(argv, { home, stdin: "password" });
        assert.equal(r.code, 1, `${argv[0]}: ${r.stderr}`);
        assert.equal(r.stderr, expected, argv[0]);
        assert.equal(r.stdout, "");
      }
      assert.deepEqual(requestLines(server), [], "nothing sent");
      assert.deepEqual([...Deno.readDirSync(home)], [], "no config folder, lock or audit log made");
      assert.equal((await Deno.stat(parent)).mode! & 0o7777, 0o777, "not silently changed");

      // An existing, logged-in config is not read either once a folder above it turns loose.
      await Deno.chmod(parent, 0o755);
      await loginAs(server.url, "admin", "password", { home });
      const before = await Deno.readTextFile(`${home}/.pangolin/config`);
      await Deno.chmod(parent, 0o775);
      const r = await run(["whoami"], { home });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /mode 0775, no sticky bit\); fix it with: chmod go-w /);
      assert.equal(await Deno.readTextFile(`${home}/.pangolin/config`), before);

      // The sticky bit (as on /tmp) makes a shared folder fine.
      await Deno.chmod(parent, 0o1777);
      const ok = await run(["whoami"], { home });
      assert.equal(ok.code, 0, ok.stderr);
    });
  },
});

Deno.test({
  name: "a folder above the config folder owned by another user (nobody): refused, exit 1",
  ignore: !POSIX,
  fn: async () => {
    if (!ROOT) {
      console.log(
        "skipped: giving a folder to another user (nobody) needs root; this is uid " +
          Deno.uid(),
      );
      return;
    }
    const { parent, home } = await homeUnder(0o755);
    const nobody = 65534;
    await Deno.chown(parent, nobody, nobody);
    const r = await run(["list-profiles"], { home });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `Error: Refusing to use the config folder ${home}/.pangolin: the folder ${parent} above ` +
        `it is owned by another user (uid ${nobody}), not by you (uid 0) or root\n`,
    );
    // The audit log's folder (missing yet) is judged by the folders above it the same way,
    // before anything is sent (nothing listens on port 9: a request would end in exit 6).
    const log = await run(["list-catalogs", "--url", "http://127.0.0.1:9"], {
      env: {
        HOME: await tempHome(),
        PANGOLIN_TOKEN: "a.b.c",
        PANGOLIN_AUDIT_LOG: `${home}/audit/audit.log`,
      },
    });
    assert.equal(log.code, 1, log.stderr);
    assert.equal(
      log.stderr,
      `Error: Refusing to use the audit log's folder ${home}/audit: the folder ${parent} above ` +
        `it is owned by another user (uid ${nobody}), not by you (uid 0) or root\n`,
    );
    await Deno.chown(parent, 0, 0);
    const ok = await run(["list-profiles"], { home });
    assert.equal(ok.code, 0, ok.stderr);
  },
});

Deno.test({
  name: "the folders above are checked once a run: one lstat a level, then remembered",
  ignore: !POSIX,
  fn: async () => {
    const { trustFolder } = await import("../lib/file_trust.ts");
    const { home } = await homeUnder(0o755);
    const dir = `${home}/.pangolin`;
    await Deno.mkdir(dir, { mode: 0o700 });
    const trusted = new Set<string>();
    await trustFolder(dir, "the config folder", false, trusted);
    const levels = home.split("/").length; // "/" and each folder down to HOME
    assert.equal(trusted.size, levels, [...trusted].join(" "));
    assert.ok(trusted.has("/") && trusted.has(home));
    // Remembered: a second check in the same run does not walk again, even if it would fail now.
    await Deno.chmod(home, 0o777);
    await trustFolder(dir, "the audit log's folder", false, trusted);
    await assert.rejects(() => trustFolder(dir, "the config folder"), /writable by group/);
  },
});
