/**
 * The password prompt in a real pseudo-terminal (util-linux `script`): the typed password is
 * never echoed, and the login succeeds with the binary's permissions.
 */
import assert from "node:assert/strict";
import { startServer } from "./server/mod.ts";
import { PROMPT_ENV_VARS } from "../lib/context.ts";
import { childEnv, tempHome } from "./helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;
/** An SGR colour sequence (ESC [ 3x m, 9x, or bold+colour). */
const COLOUR = new RegExp(String.fromCharCode(27) + "\\[(3\\d|9\\d|1;3\\d)m");
const hasScript = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function promptLogin(extraEnv: Record<string, string>) {
  const password = "Tr0ub4dor-typed-at-the-prompt";
  const server = await startServer({ rootPassword: password });
  const home = await tempHome();
  try {
    const cli = [
      Deno.execPath(),
      "run",
      "-q",
      "--no-prompt",
      "-P=cli",
      `${ROOT}main.ts`,
      "login",
      "--url",
      server.url,
      "--username",
      "admin",
    ].map(shellQuote).join(" ");
    // The terminal variables of the machine running the tests (CI=true in CI) would change how
    // the prompt draws; each case sets the ones it is about.
    const env = childEnv({ HOME: home, TERM: "xterm" });
    for (const name of [...PROMPT_ENV_VARS, "NO_COLOR"]) delete env[name];
    Object.assign(env, extraEnv);
    const child = new Deno.Command("script", {
      args: ["-qfec", cli, "/dev/null"],
      env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    let screen = "";
    // Collects everything the terminal shows until the process ends.
    const pump = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) screen += decoder.decode(chunk, { stream: true });
    })();
    const deadline = Date.now() + 30_000;
    let typed = false;
    let promptSeenAt = 0;
    while (Date.now() < deadline && !screen.includes("Logged in successfully")) {
      // Type only once the prompt is drawn and has had a moment to switch the terminal to raw
      // mode: keys typed earlier are the terminal's type-ahead, echoed before the prompt runs.
      if (!promptSeenAt && screen.includes("[input is masked]")) promptSeenAt = Date.now();
      if (!typed && promptSeenAt && Date.now() - promptSeenAt > 300) {
        typed = true;
        await writer.write(new TextEncoder().encode(password + "\r"));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await writer.close().catch(() => {});
    if (Date.now() >= deadline) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await pump;
    const status = await child.status;
    await child.stderr.cancel().catch(() => {});
    const config = await Deno.readTextFile(`${home}/.pangolin/config`).catch(() => "");
    return { screen, status, config, password, typed };
  } finally {
    await server.close();
  }
}

Deno.test({
  name: "the password typed at the prompt is not echoed, and login succeeds",
  ignore: !hasScript,
  fn: async () => {
    const r = await promptLogin({});
    assert.ok(r.typed, `no password prompt appeared:\n${r.screen}`);
    assert.match(r.screen, /Password:/);
    assert.match(r.screen, /✅ Logged in successfully as admin/, JSON.stringify(r.screen));
    assert.equal(r.screen.includes(r.password), false, "the password was echoed");
    assert.equal(r.screen.includes("toggle visibility"), false, "no key reveals the password");
    assert.match(
      r.screen,
      COLOUR,
      "colour on a terminal (so the NO_COLOR test means something)",
    );
    assert.equal(r.status.code, 0);
    assert.match(JSON.parse(r.config).profiles.default.token, /^eyJ/);
    assert.equal(r.config.includes(r.password), false);
  },
});

Deno.test({
  name: "NO_COLOR keeps colour codes out of the prompt",
  ignore: !hasScript,
  fn: async () => {
    const r = await promptLogin({ NO_COLOR: "1" });
    assert.ok(r.typed, r.screen);
    assert.equal(COLOUR.test(r.screen), false, JSON.stringify(r.screen));
  },
});

Deno.test({
  name: "the prompt works where CI variables are set (they change what the Node layer reads)",
  ignore: !hasScript,
  fn: async () => {
    const cases: Record<string, string>[] = [
      { CI: "true", GITHUB_ACTIONS: "true" },
      { TF_BUILD: "1", AGENT_NAME: "a" },
    ];
    for (const env of cases) {
      const r = await promptLogin(env);
      assert.ok(r.typed, `${JSON.stringify(env)}: no prompt:\n${r.screen}`);
      assert.match(r.screen, /✅ Logged in successfully as admin/, JSON.stringify(r.screen));
    }
  },
});
