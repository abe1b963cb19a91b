import { defineCommand } from "../../lib/command.ts";
import { me } from "../../lib/api/auth.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { health } from "../../lib/api/health.ts";
import type { Context } from "../../lib/context.ts";
import { formatDuration } from "../../lib/duration.ts";
import { ApiError, CommandFailure, NetworkError, UsageError } from "../../lib/errors.ts";
import { expiryOf } from "../../lib/jwt.ts";
import { formatDate, printJson, say } from "../../lib/output.ts";
import { clientFor, loginHint, resolveSession, type Session } from "../../lib/session.ts";

type Status = "pass" | "warn" | "fail";

/** One line of the report; extra fields (mode, skew_seconds, ...) are for --json readers. */
interface Check {
  id: string;
  status: Status;
  message: string;
  [extra: string]: unknown;
}

/** Clock skew that starts to matter, and the server's leeway on a token's `exp` (api.md 2.3). */
const SKEW_WARN_SECONDS = 30;
const SKEW_FAIL_SECONDS = 60;
const HOUR_MS = 3_600_000;

/** `doctor`: is this host set up to administer the server safely? One line per check. */
export const doctorCommand = defineCommand({
  docs: {
    brief: "Check the config, the server, the token and the clock",
    fullDescription: [
      "Runs local and server checks and prints one line each, PASS, WARN or FAIL, then a",
      "summary; exit 1 when any check fails (warnings alone exit 0). --json prints the list",
      "of checks. It never prints a token or key.",
      "",
      "Checks: the config folder is 0700 and the file 0600 (missing: a warning; a folder",
      "others can write to, or a file others can read: a fail); the --ca-cert or",
      "PANGOLIN_CA_CERT file, when set, is readable PEM; a plain http:// URL to a host that",
      "is not loopback (a warning); GET /health answers 'ready'; the clock against the",
      "server's Date header (a warning beyond 30 s, a fail beyond the 60 s leeway the server",
      "gives a token's expiry); the credential this run would use is accepted",
      "(GET /api/v1/users/me); a stored token's expiry (a warning under an hour, a fail once",
      "expired, and then it is not sent).",
      "",
      "What it cannot tell: the server's Date header has whole seconds, so the skew is",
      "known to about a second; a token the server accepts now can still be revoked later;",
      "/api/v1/users/me answers even for a user deleted since the token was issued.",
      "A server that cannot be reached is a FAIL line, and the checks that need it are",
      "warnings saying they were not run; every request has the --timeout deadline. A --url",
      "that no command accepts (user:password@, an API path) is refused as everywhere (exit 2).",
      "",
      "Examples:",
      "  pangolin-admin doctor",
      "  pangolin-admin doctor --profile prod --json",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const checks: Check[] = [];
    const add = (id: string, status: Status, message: string, extra = {}) => {
      const check: Check = { id, status, message, ...extra };
      checks.push(check);
      return check;
    };

    // Before anything reads the file: reading it tightens a loose mode (lib/config.ts).
    const fileCheck = await configChecks(this, add);
    let session: Session | undefined;
    try {
      session = await resolveSession(this);
    } catch (err) {
      // Bad input (a URL with user:password@ or an API path, a malformed variable) is refused
      // as every command refuses it (exit 2, lib/session.ts checkUrl), never echoed in a check.
      if (isUsage(err)) throw err;
      add("settings", "fail", `the settings cannot be used: ${describe(err)}`);
    }
    if (fileCheck?.status === "fail") await noteTightened(this, fileCheck);
    const caFailed = await caCheck(this, add);
    if (session) {
      plainHttpCheck(session, add);
      await serverChecks(this, session, add, caFailed);
    } else {
      add("server", "warn", "server not checked: fix the settings above first");
    }

    const count = (s: Status) => checks.filter((c) => c.status === s).length;
    if (this.globals.json) {
      printJson(this, checks);
    } else {
      for (const c of checks) say(this, `${c.status.toUpperCase()}  ${c.message}`);
      say(this, `Summary: ${count("pass")} pass, ${count("warn")} warn, ${count("fail")} fail`);
    }
    if (count("fail") > 0) {
      throw new CommandFailure(
        `${count("fail")} ${count("fail") === 1 ? "check" : "checks"} failed (see above).`,
        1,
      );
    }
  },
});

type Add = (id: string, status: Status, message: string, extra?: Record<string, unknown>) => Check;

function isUsage(err: unknown): boolean {
  return err instanceof UsageError || (err instanceof CommandFailure && err.exitCode === 2);
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0];
}

function octal(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}

/** A path under HOME written with `~`, as people type it. */
function tilde(ctx: Context, path: string): string {
  const home = ctx.env.HOME;
  return home && path.startsWith(home + "/") ? "~" + path.slice(home.length) : path;
}

/** The folder 0700 and the file 0600; returns the file's check. */
async function configChecks(ctx: Context, add: Add): Promise<Check | undefined> {
  let modes;
  try {
    modes = await ctx.config.modes();
  } catch (err) {
    add("config-file", "fail", describe(err));
    return undefined;
  }
  const folder = tilde(ctx, modes.folder);
  const file = tilde(ctx, ctx.config.path);
  const fm = modes.folderMode;
  if (fm === undefined) {
    add("config-folder", "warn", `config folder ${folder} does not exist (nothing saved yet)`);
  } else if (fm === null) {
    add("config-folder", "pass", `config folder ${folder} exists (no file modes on this OS)`);
  } else if (fm & 0o022) {
    add(
      "config-folder",
      "fail",
      `config folder ${folder} is ${octal(fm)}, not 0700: others can replace the config file`,
      { mode: octal(fm) },
    );
  } else if (fm & 0o055) {
    add(
      "config-folder",
      "warn",
      `config folder ${folder} is ${octal(fm)}, not 0700: others can list it`,
      { mode: octal(fm) },
    );
  } else {
    add("config-folder", "pass", `config folder ${folder} is ${octal(fm)}`, { mode: octal(fm) });
  }
  const mode = modes.fileMode;
  if (mode === undefined) {
    return add("config-file", "warn", `config file ${file} does not exist (not logged in)`);
  }
  if (mode === null) {
    return add("config-file", "pass", `config file ${file} exists (no file modes on this OS)`);
  }
  if (mode & 0o077) {
    return add(
      "config-file",
      "fail",
      `config file ${file} is ${octal(mode)}, not 0600: others may have read the token in ` +
        "it; revoke it (pangolin-admin logout) and log in again",
      { mode: octal(mode) },
    );
  }
  return add("config-file", "pass", `config file ${file} is ${octal(mode)}`, {
    mode: octal(mode),
  });
}

/** Reading the settings tightened a loose file: say so on its line. */
async function noteTightened(ctx: Context, check: Check): Promise<void> {
  const now = await ctx.config.modes().catch(() => undefined);
  if (typeof now?.fileMode === "number" && (now.fileMode & 0o077) === 0) {
    check.message += ` (tightened to ${octal(now.fileMode)} just now)`;
    check.mode_now = octal(now.fileMode);
  }
}

/** The extra CA, when one is named: readable, and PEM. Returns whether it failed. */
async function caCheck(ctx: Context, add: Add): Promise<boolean> {
  const file = ctx.globals.caCert ?? ctx.env.PANGOLIN_CA_CERT;
  if (!file) return false;
  const source = ctx.globals.caCert ? "--ca-cert" : "PANGOLIN_CA_CERT";
  let pem: string;
  try {
    pem = await ctx.readTextFile(file);
  } catch (err) {
    add("ca-file", "fail", `CA file ${file} (${source}) cannot be read: ${describe(err)}`);
    return true;
  }
  const certs = pem.split("-----BEGIN CERTIFICATE-----").length - 1;
  if (certs === 0) {
    add("ca-file", "fail", `CA file ${file} (${source}) is not a PEM certificate`);
    return true;
  }
  add(
    "ca-file",
    "pass",
    `CA file ${file} (${source}) is readable PEM (${certs} ${
      certs === 1 ? "certificate" : "certificates"
    })`,
  );
  return false;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function plainHttpCheck(session: Session, add: Add): void {
  const url = new URL(session.url);
  if (url.protocol === "https:") {
    add("plain-http", "pass", `server URL ${session.url} uses https://`);
  } else if (isLoopback(url.hostname)) {
    add("plain-http", "pass", `server URL ${session.url} is plain http:// to a loopback host`);
  } else {
    add(
      "plain-http",
      "warn",
      `server URL ${session.url} is plain http:// to ${url.host}: credentials cross the ` +
        "network readable by anyone on the path; use https://",
    );
  }
}

/** Health, clock skew, the credential and the token's expiry. */
async function serverChecks(
  ctx: Context,
  session: Session,
  add: Add,
  caFailed: boolean,
): Promise<void> {
  let api: ApiClient;
  try {
    api = await clientFor(ctx, session);
  } catch (err) {
    add("server", caFailed ? "warn" : "fail", `server not checked: ${describe(err)}`);
    return;
  }
  let unreachable = false;
  let serverDate: string | null = null;
  const sent = ctx.now().getTime();
  let received = sent;
  try {
    const reply = await health(api);
    received = ctx.now().getTime();
    serverDate = reply.headers.get("date");
    const status = reply.data?.status;
    if (status === "ready") {
      add("server", "pass", `server ${session.url} is reachable and healthy (ready)`);
    } else {
      add("server", "warn", `server ${session.url} answers but says status '${status}'`);
    }
  } catch (err) {
    unreachable = err instanceof NetworkError;
    const text = describe(err);
    add(
      "server",
      "fail",
      unreachable
        ? text.charAt(0).toLowerCase() + text.slice(1)
        : `server ${session.url} is not healthy: ${text}`,
    );
  }
  clockCheck(serverDate, (sent + received) / 2, unreachable, add);
  await credentialChecks(ctx, session, api, unreachable, add);
}

function clockCheck(date: string | null, localMs: number, unreachable: boolean, add: Add): void {
  const serverMs = date ? Date.parse(date) : NaN;
  if (Number.isNaN(serverMs)) {
    const why = unreachable
      ? "the server cannot be reached"
      : date
      ? `the server's Date header is unreadable ('${date}')`
      : "no Date header from a healthy reply";
    add("clock-skew", "warn", `clock not checked: ${why}`);
    return;
  }
  // The header has whole seconds (rounded down): half a second is its middle.
  const skew = Math.round((serverMs + 500 - localMs) / 1000);
  const size = Math.abs(skew);
  const off = skew === 0
    ? "agrees with the server's"
    : `is ${size}s ${skew > 0 ? "behind" : "ahead of"} the server's`;
  const extra = { skew_seconds: skew };
  if (size > SKEW_FAIL_SECONDS) {
    add(
      "clock-skew",
      "fail",
      `clock ${off}: beyond the server's ${SKEW_FAIL_SECONDS}s token leeway, so expiry ` +
        "decisions made here are wrong; fix the time sync (NTP)",
      extra,
    );
  } else if (size > SKEW_WARN_SECONDS) {
    add("clock-skew", "warn", `clock ${off} (more than ${SKEW_WARN_SECONDS}s)`, extra);
  } else {
    add(
      "clock-skew",
      "pass",
      `clock ${off}${skew === 0 ? "" : ` (within ${SKEW_WARN_SECONDS}s)`}`,
      extra,
    );
  }
}

/** Is the credential accepted; when it is a stored token, how long it has left. */
async function credentialChecks(
  ctx: Context,
  session: Session,
  api: ApiClient,
  unreachable: boolean,
  add: Add,
): Promise<void> {
  const cred = session.credential;
  const source = session.credentialSource;
  if (cred.kind === "none") {
    add(
      "credential",
      "warn",
      `no credentials (profile '${session.profileName}'): ${loginHint(session)}`,
    );
    return;
  }
  const what = cred.kind === "token"
    ? `token${session.claims?.jti ? ` ${session.claims.jti}` : ""} from ${source}`
    : `service-user key from ${source}`;
  const now = ctx.now().getTime();
  const exp = cred.kind === "token" ? expiryOf(session.claims) : undefined;
  if (exp && exp.getTime() <= now) {
    add(
      "token-expiry",
      "fail",
      `${what} expired at ${formatDate(exp)} (${formatDuration(now - exp.getTime())} ago); ` +
        "not sent; log in again",
      { expires_at: exp.toISOString() },
    );
    return;
  }
  if (unreachable) {
    add("credential", "warn", `${what} not checked: the server cannot be reached`);
  } else {
    try {
      const user = await me(api);
      add(
        "credential",
        "pass",
        `${what} is accepted by the server (${user.username}, ${user.role})`,
      );
    } catch (err) {
      const refused = err instanceof ApiError && err.status === 401;
      const hint = err instanceof ApiError && err.options.hint ? `; ${err.options.hint}` : "";
      add(
        "credential",
        "fail",
        refused
          ? `the server refuses the ${what}: ${err.serverMessage}${hint}`
          : `${what} could not be checked: ${describe(err)}`,
      );
    }
  }
  if (cred.kind !== "token") return;
  if (!exp) {
    add("token-expiry", "warn", `${what} has no readable expiry (not a Pangolin JWT?)`);
    return;
  }
  const left = exp.getTime() - now;
  const extra = { expires_at: exp.toISOString() };
  const when = `expires at ${formatDate(exp)} (in ${formatDuration(left)})`;
  if (left < HOUR_MS) {
    add(
      "token-expiry",
      "warn",
      `${what} ${when}: rotate it (pangolin-admin rotate-token) or log in again`,
      extra,
    );
  } else {
    add("token-expiry", "pass", `${what} ${when}`, extra);
  }
}
