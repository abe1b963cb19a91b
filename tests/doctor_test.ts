/** doctor: local and server checks, one line each, never a secret, never a hang. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import {
  loginAsTenantAdmin,
  readConfig,
  requestLines,
  run,
  runProcess,
  tempHome,
  withServer,
} from "./helpers.ts";

const CA = new URL("./fixtures/tls/ca.pem", import.meta.url).pathname;

async function adminHome(url: string): Promise<string> {
  return await loginAsTenantAdmin(url);
}

/** The URL of a loopback port nothing listens on. */
function closedUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

function line(stdout: string, id: RegExp): string {
  const found = stdout.split("\n").find((l) => id.test(l));
  assert.ok(found, `no line matching ${id} in:\n${stdout}`);
  return found;
}

Deno.test("doctor, all well: all PASS, exit 0, /health sent anonymously", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const saved = (await readConfig(home)).profiles.default;
    const token = String(saved.token);
    const jti = String(saved.token_id);
    server.clearRequests();
    const r = await run(["doctor"], { home });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.deepEqual(lines.slice(0, 4), [
      "PASS  config folder ~/.pangolin is 0700",
      "PASS  config file ~/.pangolin/config is 0600",
      `PASS  server URL ${server.url} is plain http:// to a loopback host`,
      `PASS  server ${server.url} is reachable and healthy (ready)`,
    ]);
    assert.ok(
      [
        "PASS  clock agrees with the server's",
        "PASS  clock is 1s behind the server's (within 30s)",
        "PASS  clock is 1s ahead of the server's (within 30s)",
      ].includes(lines[4]),
      lines[4],
    );
    assert.equal(
      lines[5],
      `PASS  token ${jti} from profile 'default' is accepted by the server ` +
        `(${SEED.tenantAdmin.username}, tenant-admin)`,
    );
    assert.match(
      lines[6],
      new RegExp(
        `^PASS {2}token ${jti} from profile 'default' expires at \\d{4}-\\d\\d-\\d\\d ` +
          "\\d\\d:\\d\\d:\\d\\d UTC \\(in 23h 59m\\)$",
      ),
    );
    assert.deepEqual(lines.slice(7), ["Summary: 7 pass, 0 warn, 0 fail", ""]);
    assert.equal(r.stderr, "");
    assert.deepEqual(requestLines(server), ["GET /health", "GET /api/v1/users/me"]);
    assert.equal(server.requests[0].headers.authorization, undefined);
    assert.equal(server.requests[1].headers.authorization, `Bearer ${token}`);
    assert.equal(r.stdout.includes(token), false);

    const json = await run(["doctor", "--json"], { home });
    assert.equal(json.code, 0);
    const checks = JSON.parse(json.stdout);
    assert.deepEqual(
      checks.map((c: { id: string; status: string }) => `${c.id} ${c.status}`),
      [
        "config-folder pass",
        "config-file pass",
        "plain-http pass",
        "server pass",
        "clock-skew pass",
        "credential pass",
        "token-expiry pass",
      ],
    );
    assert.equal(checks[1].mode, "0600");
    assert.equal(typeof checks[4].skew_seconds, "number");
    assert.equal(json.stdout.includes(token), false);
  });
});

Deno.test("doctor: a clock 45 s off warns (exit 0), 2 minutes off fails (exit 1)", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const r = await run(["doctor"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      line(r.stdout, /clock/),
      /^WARN {2}clock is 4[4-6]s behind the server's \(more than 30s\)$/,
    );
    assert.match(r.stdout, /^Summary: 6 pass, 1 warn, 0 fail$/m);
  }, { dateSkewSeconds: 45 });
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const r = await run(["doctor", "--json"], { home });
    assert.equal(r.code, 1);
    const clock = JSON.parse(r.stdout).find((c: { id: string }) => c.id === "clock-skew");
    assert.equal(clock.status, "fail");
    assert.ok(Math.abs(clock.skew_seconds + 120) <= 1, String(clock.skew_seconds));
    assert.match(
      clock.message,
      /^clock is 1(19|20|21)s ahead of the server's: beyond the server's 60s token leeway/,
    );
    assert.match(r.stderr, /^Error: 1 check failed \(see above\)\.$/m);
  }, { dateSkewSeconds: -120 });
});

Deno.test("doctor: loose modes fail, a listable folder warns, missing ones warn", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    await Deno.chmod(`${home}/.pangolin/config`, 0o644);
    await Deno.chmod(`${home}/.pangolin`, 0o755);
    const r = await run(["doctor"], { home });
    assert.equal(r.code, 1);
    assert.equal(
      line(r.stdout, /config folder/),
      "WARN  config folder ~/.pangolin is 0755, not 0700: others can list it",
    );
    assert.equal(
      line(r.stdout, /config file/),
      "FAIL  config file ~/.pangolin/config is 0644, not 0600: others may have read the token " +
        "in it; revoke it (pangolin-admin logout) and log in again (tightened to 0600 just now)",
    );
    assert.match(r.stderr, /was readable by others \(mode 0644\); tightened to 0600/);
    assert.equal((await Deno.stat(`${home}/.pangolin/config`)).mode! & 0o777, 0o600);
    await Deno.chmod(`${home}/.pangolin`, 0o777);
    const open = await run(["doctor"], { home });
    assert.equal(
      line(open.stdout, /config folder/),
      "FAIL  config folder ~/.pangolin is 0777, not 0700: others can replace the config file",
    );
    await Deno.chmod(`${home}/.pangolin`, 0o700);

    const fresh = await run(["doctor", "--url", server.url], { home: await tempHome() });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.deepEqual(fresh.stdout.split("\n").filter((l) => !l.startsWith("PASS")), [
      "WARN  config folder ~/.pangolin does not exist (nothing saved yet)",
      "WARN  config file ~/.pangolin/config does not exist (not logged in)",
      "WARN  no credentials (profile 'default'): log in first: pangolin-admin login " +
      "--username <name>",
      "Summary: 3 pass, 3 warn, 0 fail",
      "",
    ]);
  });
});

Deno.test("doctor: a server down or hanging is a FAIL line, no crash, no hang", async () => {
  const home = await tempHome();
  const down = closedUrl();
  const refused = await run(["doctor", "--url", down], { home });
  assert.equal(refused.code, 1);
  assert.match(
    refused.stdout,
    new RegExp(`^FAIL {2}cannot reach the server at ${down}: connection refused$`, "m"),
  );
  assert.match(refused.stdout, /^WARN {2}clock not checked: the server cannot be reached$/m);
  assert.match(refused.stdout, /^Summary: 1 pass, 4 warn, 1 fail$/m);

  await withServer(async (server) => {
    const home = await adminHome(server.url);
    server.setFault({ kind: "hang", path: "/health" });
    const started = Date.now();
    const r = await run(["doctor", "--timeout", "1"], { home });
    assert.ok(Date.now() - started < 5000, "bounded by --timeout");
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      new RegExp(
        `^FAIL {2}no answer from ${server.url} within 1s while trying to check the server's ` +
          "health \\(timeout\\)$",
        "m",
      ),
    );
    assert.match(
      line(r.stdout, /^WARN {2}token/),
      /^WARN {2}token [0-9a-f-]{36} from profile 'default' not checked: the server cannot be re/,
    );
    assert.match(r.stdout, /^PASS {2}token [0-9a-f-]{36} from profile 'default' expires at /m);

    server.setFault({ kind: "status", status: 503, path: "/health" });
    const sick = await run(["doctor"], { home });
    assert.equal(sick.code, 1);
    assert.match(
      sick.stdout,
      new RegExp(
        `^FAIL {2}server ${server.url} is not healthy: Failed to check the server's health ` +
          "\\(503\\): injected 503$",
        "m",
      ),
    );
    assert.match(sick.stdout, /^WARN {2}clock not checked: no Date header from a healthy reply$/m);
    assert.match(sick.stdout, /^PASS {2}token .* is accepted by the server/m);
  });
});

Deno.test("doctor: expired token fails unsent, revoked fails, short warns", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const path = `${home}/.pangolin/config`;
    const setToken = async (token: string) => {
      const config = JSON.parse(await Deno.readTextFile(path));
      config.profiles.default.token = token;
      await Deno.writeTextFile(path, JSON.stringify(config));
    };
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: SEED.tenantAdmin.id,
      username: SEED.tenantAdmin.username,
      tenant_id: SEED.tenantId,
      role: "tenant-admin",
    };
    const expired = await server.mintJwt({ ...claims, exp: now - 600 });
    await setToken(expired);
    server.clearRequests();
    const r = await run(["doctor"], { home });
    assert.equal(r.code, 1);
    assert.match(
      line(r.stdout, /^FAIL {2}token/),
      /^FAIL {2}token [0-9a-f-]{36} from profile 'default' expired at .* UTC \(10m ago\); not/,
    );
    assert.match(r.stdout, /\(10m ago\); not sent; log in again$/m);
    assert.deepEqual(requestLines(server), ["GET /health"], "the expired token is not sent");
    assert.equal(r.stdout.includes(expired) || r.stderr.includes(expired), false);

    const short = await server.mintJwt({ ...claims, exp: now + 1800 });
    await setToken(short);
    const warn = await run(["doctor"], { home });
    assert.equal(warn.code, 0, warn.stderr);
    const soon = line(warn.stdout, /^WARN {2}token/);
    assert.match(soon, /^WARN {2}token .* expires at .* \((in 29m( \d+s)?|in 30m)\): rotate it /);
    assert.match(soon, /: rotate it \(pangolin-admin rotate-token\) or log in again$/);

    const other = await adminHome(server.url);
    const otherToken = String((await readConfig(other)).profiles.default.token);
    const jti = String((await readConfig(other)).profiles.default.token_id);
    assert.equal((await run(["revoke-token-by-id", "--id", jti], { home })).code, 0);
    const refused = await run(["doctor"], { home: other });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      new RegExp(
        `^FAIL {2}the server refuses the token ${jti} from profile 'default': Token has been ` +
          "revoked$",
        "m",
      ),
    );
    assert.equal(refused.stdout.includes(otherToken), false);
  });
});

Deno.test("doctor: service-user key, CA file, plain http://; no secret shown", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server.url);
    const created = JSON.parse(
      (await run(["create-service-user", "--name", "cron", "--json"], { home })).stdout,
    );
    const env = { PANGOLIN_CLIENT_ID: created.id, PANGOLIN_API_KEY: created.api_key };
    const ok = await run(["doctor", "--url", server.url, "--ca-cert", CA], {
      home: await tempHome(),
      env,
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      new RegExp(
        `^PASS {2}CA file ${CA} \\(--ca-cert\\) is readable PEM \\(1 certificate\\)$`,
        "m",
      ),
    );
    assert.equal(
      line(ok.stdout, /service-user key/),
      "PASS  service-user key from env PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY is accepted by " +
        "the server (cron, tenant-user)",
    );
    assert.equal(ok.stdout.includes("token-expiry"), false);
    assert.equal((ok.stdout + ok.stderr).includes(created.api_key), false);

    const wrong = await run(["doctor", "--url", server.url], {
      home: await tempHome(),
      env: { ...env, PANGOLIN_API_KEY: "pgl_" + "x".repeat(64) },
    });
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stdout,
      /^FAIL {2}the server refuses the service-user key from env .*: Invalid client_secret;/m,
    );
    assert.equal(wrong.stdout.includes("x".repeat(64)), false);

    const missing = await run(["doctor", "--url", server.url], {
      home,
      env: { PANGOLIN_CA_CERT: "/nonexistent/ca.pem" },
    });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stdout,
      /^FAIL {2}CA file \/nonexistent\/ca\.pem \(PANGOLIN_CA_CERT\) cannot be read: /m,
    );
    assert.match(missing.stdout, /^WARN {2}server not checked: Cannot read the CA certificate/m);
    const notPem = await Deno.makeTempFile();
    await Deno.writeTextFile(notPem, "not a certificate\n");
    const bad = await run(["doctor", "--ca-cert", notPem], { home });
    assert.match(
      bad.stdout,
      new RegExp(`^FAIL {2}CA file ${notPem} \\(--ca-cert\\) is not a PEM certificate$`, "m"),
    );
  });
  // A host that is not loopback: the transport is faked so nothing leaves this machine.
  const refuse = () => Promise.reject(new TypeError("error trying to connect: Connection refused"));
  const plain = await run(["doctor", "--url", "http://pangolin.example.com:8080"], {
    fetch: refuse,
  });
  assert.equal(
    line(plain.stdout, /server URL/),
    "WARN  server URL http://pangolin.example.com:8080 is plain http:// to " +
      "pangolin.example.com:8080: credentials cross the network readable by anyone on the " +
      "path; use https://",
  );
  const tls = await run(["doctor", "--url", "https://pangolin.example.com"], { fetch: refuse });
  assert.match(
    tls.stdout,
    /^PASS {2}server URL https:\/\/pangolin\.example\.com uses https:\/\/$/m,
  );
});

Deno.test("doctor: an unreadable config file is a FAIL line, not a crash", async () => {
  const home = await tempHome();
  await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
  await Deno.writeTextFile(`${home}/.pangolin/config`, "{not json", { mode: 0o600 });
  const r = await run(["doctor"], { home });
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /^FAIL {2}the settings cannot be used: The config file .* is not valid JSON/m,
  );
  assert.match(r.stdout, /^WARN {2}server not checked: fix the settings above first$/m);
  assert.equal(await Deno.readTextFile(`${home}/.pangolin/config`), "{not json");
});

Deno.test("doctor as a process: stdin closed, unreachable server, exit 1, JSON list", async () => {
  const home = await tempHome();
  const r = await runProcess(["doctor", "--json", "--url", closedUrl()], { home });
  assert.equal(r.code, 1, r.stderr);
  const checks = JSON.parse(r.stdout);
  assert.ok(Array.isArray(checks));
  assert.equal(checks.find((c: { id: string }) => c.id === "server").status, "fail");
  assert.match(r.stderr, /^Error: 1 check failed/m);
});

Deno.test("doctor as a process: a URL with user:password@ is refused (exit 2), never printed", async () => {
  const secret = "s3cr3t-in-the-url";
  const home = await tempHome();
  // A profile saved by hand with such a URL, the flag and the variable: all refused alike.
  await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
  await Deno.writeTextFile(
    `${home}/.pangolin/config`,
    JSON.stringify({ profiles: { default: { url: `http://ops:${secret}@127.0.0.1:9` } } }),
    { mode: 0o600 },
  );
  for (
    const [argv, env, source] of [
      [["doctor"], {}, "the profile's url"],
      [["doctor", "--url", `https://ops:${secret}@pangolin.example.invalid`], {}, "--url"],
      [["doctor", "--json"], { PANGOLIN_URL: `http://:${secret}@127.0.0.1:9` }, "PANGOLIN_URL"],
    ] as const
  ) {
    const r = await runProcess([...argv], { home, env: { ...env } });
    assert.equal(r.code, 2, `${source}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      new RegExp(
        `^Error: ${
          source.replace("'", ".")
        } must not hold a user name or password \\(user:password@\\): 'https?://\\*\\*\\*@[^']+'; ` +
          "log in with login --username instead\n$",
      ),
    );
    assert.ok(!r.stderr.includes(secret) && !r.stdout.includes("ops:"), r.stderr);
  }
});
