/**
 * The password prompt and the interactive shell in a real pseudo-terminal (util-linux
 * `script`), with the binary's permissions.
 */
import assert from "node:assert/strict";
import { startServer } from "./server/mod.ts";
import { tempHome } from "./helpers.ts";
import { HAS_PTY, inPty, plain } from "./pty.ts";

/** An SGR colour sequence (ESC [ 3x m, 9x, or bold+colour). */
const COLOUR = new RegExp(String.fromCharCode(27) + "\\[(3\\d|9\\d|1;3\\d)m");
const PASSWORD = "Tr0ub4dor-typed-at-the-prompt";

async function promptLogin(env: Record<string, string>) {
  const server = await startServer({ rootPassword: PASSWORD });
  const home = await tempHome();
  try {
    const r = await inPty(["login", "--url", server.url, "--username", "admin"], {
      home,
      env,
      steps: [{ waitFor: "[input is masked]", send: PASSWORD + "\r" }],
      done: "Logged in successfully",
    });
    const config = await Deno.readTextFile(`${home}/.pangolin/config`).catch(() => "");
    return { ...r, config };
  } finally {
    await server.close();
  }
}

Deno.test({
  name: "the password typed at the prompt is not echoed, and login succeeds",
  ignore: !HAS_PTY,
  fn: async () => {
    const r = await promptLogin({});
    assert.equal(r.completed, 1, `no password prompt appeared:\n${r.screen}`);
    assert.match(r.screen, /Password:/);
    assert.match(r.screen, /✅ Logged in successfully as admin/, JSON.stringify(r.screen));
    assert.equal(r.screen.includes(PASSWORD), false, "the password was echoed");
    assert.equal(r.screen.includes("toggle visibility"), false, "no key reveals the password");
    assert.match(r.screen, COLOUR, "colour on a terminal (so the NO_COLOR test means something)");
    assert.equal(r.code, 0);
    assert.match(JSON.parse(r.config).profiles.default.token, /^eyJ/);
    assert.equal(r.config.includes(PASSWORD), false);
  },
});

Deno.test({
  name: "NO_COLOR keeps colour codes out of the prompt",
  ignore: !HAS_PTY,
  fn: async () => {
    const r = await promptLogin({ NO_COLOR: "1" });
    assert.equal(r.completed, 1, r.screen);
    assert.equal(COLOUR.test(r.screen), false, JSON.stringify(r.screen));
  },
});

Deno.test({
  name: "the prompt works where CI variables are set (they change what the Node layer reads)",
  ignore: !HAS_PTY,
  fn: async () => {
    const cases: Record<string, string>[] = [
      { CI: "true", GITHUB_ACTIONS: "true" },
      { TF_BUILD: "1", AGENT_NAME: "a" },
    ];
    for (const env of cases) {
      const r = await promptLogin(env);
      assert.equal(r.completed, 1, `${JSON.stringify(env)}: no prompt:\n${r.screen}`);
      assert.match(r.screen, /✅ Logged in successfully as admin/, JSON.stringify(r.screen));
    }
  },
});

Deno.test({
  name: "the shell runs commands, survives errors, keeps history, shows profile and tenant",
  ignore: !HAS_PTY,
  fn: async () => {
    const server = await startServer({ rootPassword: PASSWORD });
    const home = await tempHome();
    try {
      const r = await inPty([], {
        home,
        steps: [
          { waitFor: "(default)> ", send: `login --url ${server.url} -u admin\r` },
          { waitFor: "[input is masked]", send: PASSWORD + "\r" },
          { waitFor: "(admin@default)> ", send: "bogus-command\r" },
          { waitFor: "(admin@default)> ", send: "\x1b[A\r" },
          { waitFor: "(admin@default)> ", send: "use acme\r" },
          { waitFor: "(admin@default · acme)> ", send: "list-catalogs\r" },
          { waitFor: "(admin@default · acme)> ", send: "exit\r" },
        ],
      });
      const text = plain(r.screen);
      assert.equal(r.completed, 7, text);
      assert.equal(r.code, 0, text);
      assert.match(text, /✅ Logged in successfully as admin/);
      assert.equal(
        text.match(/Error: No command registered for `bogus-command`/g)?.length,
        2,
        "the up arrow recalled the last line and the error did not end the shell",
      );
      assert.match(text, /\[exit 2\]/);
      assert.match(text, /✅ Using tenant acme/);
      assert.match(text, /^sales +Local/m);
      assert.equal(text.includes(PASSWORD), false);
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name: "Ctrl-D leaves the shell with exit 0",
  ignore: !HAS_PTY,
  fn: async () => {
    const r = await inPty([], {
      home: await tempHome(),
      steps: [{ waitFor: "(default)> ", send: "\x04" }],
    });
    assert.equal(r.completed, 1, plain(r.screen));
    assert.equal(r.code, 0);
  },
});
