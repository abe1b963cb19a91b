/**
 * The network boundary: a saved token goes only to its profile's server, secrets over plain
 * http:// warn first, URLs with a password or an API path are refused, replies are bounded,
 * server error text is cut and redacted, and TLS failures are named.
 */
import assert from "node:assert/strict";
import { redactServerText } from "../lib/api/client.ts";
import { startServer } from "./server/mod.ts";
import { type HostileMode, startHostileServer } from "./server/hostile.ts";
import { childEnv, loginAs, readConfig, run, tempHome, withServer } from "./helpers.ts";

const TLS = new URL("./fixtures/tls/", import.meta.url);

async function withHostile(
  mode: HostileMode,
  body: (url: string, requests: string[]) => Promise<void>,
): Promise<void> {
  const server = startHostileServer(mode);
  try {
    await body(server.url, server.requests);
  } finally {
    await server.close();
  }
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

Deno.test("a saved token is never sent to another server; explicit credentials are", async () => {
  await withServer(async (home_server) => {
    const other = await startServer();
    try {
      const home = await loginAs(home_server.url, "admin", "password", { profile: "acme" });
      const saved = String((await readConfig(home)).profiles.acme.token);
      other.clearRequests();
      const viaFlag = await run(["-p", "acme", "--url", other.url, "list-catalogs"], { home });
      assert.equal(viaFlag.code, 3);
      assert.equal(viaFlag.stdout, "");
      assert.equal(
        viaFlag.stderr,
        `Error: The saved token of profile 'acme' belongs to ${home_server.url}; it is not sent ` +
          `to ${other.url}. To use ${other.url}, log in to it under a profile of its own: ` +
          `pangolin-admin login --url ${other.url} -p NAME\n`,
      );
      const viaEnv = await run(["-p", "acme", "list-users", "--json"], {
        home,
        env: { PANGOLIN_URL: other.url },
      });
      assert.equal(viaEnv.code, 3);
      assert.equal(viaEnv.stdout, "");
      assert.equal(other.requests.length, 0, "nothing reached the other server");
      assert.ok(!viaFlag.stderr.includes(saved) && !viaEnv.stderr.includes(saved));

      // The same server written differently is the same server.
      const sameServer = await run(
        ["-p", "acme", "--url", `${home_server.url}/`, "list-catalogs", "--json"],
        { home },
      );
      assert.equal(sameServer.code, 0, sameServer.stderr);

      // An explicit token goes where --url says.
      const explicit = await run(["-p", "acme", "--url", other.url, "list-catalogs", "--json"], {
        home,
        env: { PANGOLIN_TOKEN: "explicit.token.value" },
      });
      assert.equal(explicit.code, 3, "the other server refuses the made-up token");
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0].headers.authorization, "Bearer explicit.token.value");
    } finally {
      await other.close();
    }
  });
});

Deno.test("a profile saved without a url is bound to the default server", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const configFile = `${home}/.pangolin/config`;
    const config = await readConfig(home);
    delete config.profiles.default.url;
    await Deno.writeTextFile(configFile, JSON.stringify(config));
    server.clearRequests();
    const r = await run(["--url", server.url, "list-catalogs"], { home });
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /^Error: The saved token of profile 'default' belongs to http:\/\/localhost:8080; it is not sent to /,
    );
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("every secret over plain http to a non-loopback host warns first, once", async () => {
  const warning = "Warning: sending credentials over plain http:// to pangolin.invalid:8080; " +
    "anyone on the network path can read them. Use https://.\n";
  const url = "http://pangolin.invalid:8080";
  // The login password (JSON body, no credential header): warning, then the DNS error.
  const login = await run(["login", "--url", url, "-u", "admin", "--password-stdin"], {
    stdin: "hunter2-password\n",
  });
  assert.equal(login.code, 6);
  assert.ok(login.stderr.startsWith(warning), login.stderr);
  assert.match(login.stderr.slice(warning.length), /^Error: Cannot reach .*\(DNS\)/);
  assert.ok(!login.stderr.includes("hunter2-password"));
  // The client secret of the client-credentials exchange (form body).
  const exchange = await run(["list-catalogs", "--url", url], {
    env: {
      PANGOLIN_CLIENT_ID: "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
      PANGOLIN_API_KEY: "pgl_client_secret_value",
    },
  });
  assert.equal(exchange.code, 6);
  assert.ok(exchange.stderr.startsWith(warning), exchange.stderr);
  // A bearer token and an API key.
  for (
    const env of [{ PANGOLIN_TOKEN: "a.b.c" }, { PANGOLIN_API_KEY: "pgl_key_value" }] as Record<
      string,
      string
    >[]
  ) {
    const r = await run(["list-catalogs", "--url", url], { env });
    assert.equal(r.code, 6);
    assert.ok(r.stderr.startsWith(warning), r.stderr);
  }
  // One warning a run, however many requests carry secrets (an exchange, then the call).
  const seen: string[] = [];
  const fakeFetch = ((input: URL | string) => {
    seen.push(new URL(String(input)).pathname);
    return Promise.resolve(
      seen.length === 1 ? Response.json({ access_token: "x.y.z" }) : Response.json([]),
    );
  }) as typeof fetch;
  const twice = await run(["list-catalogs", "--url", url], {
    env: {
      PANGOLIN_CLIENT_ID: "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
      PANGOLIN_API_KEY: "pgl_client_secret_value",
    },
    fetch: fakeFetch,
  });
  assert.equal(twice.code, 0, twice.stderr);
  assert.equal(seen.length, 2);
  assert.equal(twice.stderr, warning);
  // No secret, no warning: an anonymous request (the health check of doctor is not one we
  // can isolate here, so a loopback and an https URL stand for the silent cases).
  const loopback = await run(["list-catalogs", "--url", "http://127.0.0.1:9"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: fakeFetch,
  });
  assert.ok(!loopback.stderr.includes("Warning"), loopback.stderr);
});

Deno.test("a new user's password over plain http warns once and is never printed", async () => {
  const bodies: string[] = [];
  const fakeFetch = ((_input: URL | string, init?: RequestInit) => {
    bodies.push(String(init?.body ?? ""));
    return Promise.resolve(Response.json({ id: "u1", username: "bob" }, { status: 201 }));
  }) as typeof fetch;
  const r = await run([
    "create-user",
    "--url",
    "http://pangolin.invalid:8080",
    "bob",
    "--email",
    "bob@example.invalid",
    "--password",
    "new-user-password-1",
    "--tenant-id",
    "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  ], { env: { PANGOLIN_TOKEN: "a.b.c" }, fetch: fakeFetch });
  assert.equal(count(r.stderr, "Warning: sending credentials over plain http://"), 1, r.stderr);
  assert.ok(bodies.some((b) => b.includes("new-user-password-1")));
  assert.ok(!r.stderr.includes("new-user-password-1") && !r.stdout.includes("new-user-password-1"));
});

Deno.test("a URL with user:password@ is refused (exit 2) and its password never printed", async () => {
  const url = "http://admin:hunter2-url-pass@127.0.0.1:9";
  for (
    const argv of [
      ["list-catalogs", "--url", url],
      ["whoami", "--url", url],
      ["whoami", "--json", "--url", url],
      ["doctor", "--url", url],
      ["doctor", "--json", "--url", url],
      ["login", "--url", url, "-u", "admin", "--password-stdin"],
    ]
  ) {
    const r = await run(argv, { env: { PANGOLIN_TOKEN: "a.b.c" }, stdin: "pw\n" });
    // Every command, doctor included, refuses it in the same one line (exit 2), prints nothing.
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "", argv.join(" "));
    assert.equal(
      r.stderr,
      "Error: --url must not hold a user name or password (user:password@): " +
        "'http://***@127.0.0.1:9'; log in with login --username instead\n",
      argv.join(" "),
    );
    assert.ok(!(r.stdout + r.stderr).includes("hunter2-url-pass"), r.stdout + r.stderr);
  }
  const exact = await run(["list-catalogs", "--url", url], { env: { PANGOLIN_TOKEN: "a.b.c" } });
  assert.equal(
    exact.stderr,
    "Error: --url must not hold a user name or password (user:password@): " +
      "'http://***@127.0.0.1:9'; log in with login --username instead\n",
  );
  const env = await run(["list-catalogs"], {
    env: { PANGOLIN_TOKEN: "a.b.c", PANGOLIN_URL: url },
  });
  assert.equal(env.code, 2);
  assert.match(env.stderr, /^Error: PANGOLIN_URL must not hold a user name or password/);
  assert.ok(!env.stderr.includes("hunter2-url-pass"));
});

Deno.test("a --url with an API path is refused with a hint to drop the path", async () => {
  const r = await run(["list-catalogs", "--url", "http://127.0.0.1:9/api/v1"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: () => Promise.reject(new Error("nothing may be sent")),
  });
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "Error: --url includes an API path (/api/v1): 'http://127.0.0.1:9/api/v1'\n" +
      "Hint: give the server's base URL and drop the path: http://127.0.0.1:9\n",
  );
  const deeper = await run(["list-catalogs", "--url", "https://h.invalid/pangolin/api/v1/users"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
  });
  assert.equal(deeper.code, 2);
  assert.match(deeper.stderr, /drop the path: https:\/\/h\.invalid\/pangolin\n$/);
});

Deno.test("a reply past PANGOLIN_MAX_REPLY_MB stops the command (exit 1), gzip bomb too", async () => {
  const env = { PANGOLIN_TOKEN: "a.b.c", PANGOLIN_MAX_REPLY_MB: "2" };
  await withHostile({ kind: "huge", bytes: 8 * 1024 * 1024 }, async (url) => {
    const r = await run(["list-catalogs", "--url", url], { env });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `Error: Failed to list catalogs: the reply from ${url} is larger than 2 MiB (after ` +
        "decompression); stopped reading it (PANGOLIN_MAX_REPLY_MB sets the limit)\n",
    );
    assert.equal(r.stdout, "");
  });
  await withHostile({ kind: "gzip-bomb", bytes: 512 * 1024 * 1024 }, async (url) => {
    const r = await run(["list-users", "--url", url, "--json"], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is larger than 2 MiB \(after decompression\)/);
    assert.equal(r.stdout, "");
  });
  // The default limit is 64 MiB: a 3 MiB reply passes it (and is then not valid JSON).
  await withHostile({ kind: "huge", bytes: 3 * 1024 * 1024 }, async (url) => {
    const r = await run(["list-catalogs", "--url", url], { env: { PANGOLIN_TOKEN: "a.b.c" } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the reply is not valid JSON/);
  });
  const bad = await run(["list-catalogs", "--url", "http://127.0.0.1:9"], {
    env: { PANGOLIN_TOKEN: "a.b.c", PANGOLIN_MAX_REPLY_MB: "lots" },
  });
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    "Error: PANGOLIN_MAX_REPLY_MB must be a number of MiB above 0, got 'lots'\n",
  );
});

Deno.test("a body that never ends is cut by --timeout (exit 6)", async () => {
  await withHostile({ kind: "endless-body" }, async (url) => {
    const started = Date.now();
    const r = await run(["list-catalogs", "--url", url, "--timeout", "1"], {
      env: { PANGOLIN_TOKEN: "a.b.c" },
    });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /^Error: No answer from .* within 1s while trying to list catalogs/);
    assert.ok(Date.now() - started < 8000);
  });
});

Deno.test("an error that reflects the request never shows the secrets it reflects", async () => {
  await withHostile({ kind: "reflect", status: 400 }, async (url) => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const bearer = await run(["list-catalogs", "--url", url], { env: { PANGOLIN_TOKEN: token } });
    assert.equal(bearer.code, 1);
    assert.match(bearer.stderr, /^Error: API Request Failed: Failed to list catalogs \(400\): /);
    assert.ok(!bearer.stderr.includes(token) && !bearer.stderr.includes("c2lnbmF0dXJl"));
    assert.match(bearer.stderr, /\[redacted\]/);
    const opaque = await run(["list-catalogs", "--url", url], {
      env: { PANGOLIN_TOKEN: "opaque-token-without-dots" },
    });
    assert.ok(!opaque.stderr.includes("opaque-token-without-dots"), opaque.stderr);

    const login = await run(["login", "--url", url, "-u", "admin", "--password-stdin"], {
      stdin: "pw-that-must-not-show\n",
    });
    assert.equal(login.code, 1);
    assert.ok(!login.stderr.includes("pw-that-must-not-show"), login.stderr);

    const exchange = await run(["list-catalogs", "--url", url], {
      env: {
        PANGOLIN_CLIENT_ID: "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
        PANGOLIN_API_KEY: "pgl_secret_that_must_not_show",
      },
    });
    assert.equal(exchange.code, 1);
    assert.ok(!exchange.stderr.includes("pgl_secret_that_must_not_show"), exchange.stderr);
    assert.match(exchange.stderr, /client_secret=\[redacted\]/);
    const key = await run(["list-catalogs", "--url", url], {
      env: { PANGOLIN_API_KEY: "pgl_plain_key_must_not_show" },
    });
    assert.ok(!key.stderr.includes("pgl_plain_key_must_not_show"), key.stderr);
    // Cut to 500 characters (the reflected request is longer).
    const message = bearer.stderr.split("\n")[0].replace(/^.*?\(400\): /, "");
    assert.equal(message.length, 501);
    assert.ok(message.endsWith("…"));
  });
});

Deno.test("redactServerText: secret shapes and the exact secrets sent", () => {
  assert.equal(
    redactServerText('{"username":"a","password":"p\\"w"} Bearer abc client_secret=s3&x=1'),
    '{"username":"a","password":"[redacted]"} Bearer [redacted] client_secret=[redacted]&x=1',
  );
  assert.equal(redactServerText("said eyJa.eyJb.c back"), "said [redacted] back");
  assert.equal(
    redactServerText("got my key K-123456 twice K-123456", ["K-123456"]),
    "got my key [redacted] twice [redacted]",
  );
  assert.equal(redactServerText("y".repeat(501)), "y".repeat(500) + "…");
  assert.equal(redactServerText("Token has been revoked"), "Token has been revoked");
});

async function tlsServer(
  cert: string,
  key: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(new URL(cert, TLS)),
    key: await Deno.readTextFile(new URL(key, TLS)),
    onListen() {},
    onError: () => new Response("", { status: 500 }),
  }, () => Response.json([]));
  return { url: `https://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("TLS failures are named: not trusted, expired, another host name (exit 6)", async () => {
  const env = { PANGOLIN_TOKEN: "a.b.c" };
  const ca = new URL("ca2.pem", TLS).pathname;
  const cases: Array<[string, string, string[], string]> = [
    [
      "server.pem",
      "server.key",
      [],
      "the server's certificate is not trusted (unknown issuer; pass its CA with --ca-cert)",
    ],
    [
      "expired.pem",
      "expired.key",
      ["--ca-cert", ca],
      "the server's certificate has expired (or is not valid yet)",
    ],
    [
      "other.pem",
      "other.key",
      ["--ca-cert", ca],
      "the server's certificate is issued for another host name",
    ],
  ];
  for (const [cert, key, flags, reason] of cases) {
    const server = await tlsServer(cert, key);
    try {
      const r = await run(["list-catalogs", "--url", server.url, ...flags], { env });
      assert.equal(r.code, 6, r.stderr);
      assert.ok(
        r.stderr.startsWith(`Error: Cannot reach the server at ${server.url}: TLS: ${reason}`),
        r.stderr,
      );
      assert.ok(!/DNS/.test(r.stderr), r.stderr);
    } finally {
      await server.close();
    }
  }
  // The fixture CA for the extra certificates trusts a good certificate.
  const good = await tlsServer("server.pem", "server.key");
  try {
    const ok = await run([
      "list-catalogs",
      "--url",
      good.url,
      "--ca-cert",
      new URL("ca.pem", TLS).pathname,
    ], { env });
    assert.equal(ok.code, 0, ok.stderr);
  } finally {
    await good.close();
  }
});

Deno.test("https:// to a plain-http port is answered in seconds, named, exit 6", async () => {
  const env = { PANGOLIN_TOKEN: "a.b.c" };
  // A server that answers the TLS hello with an HTTP error (as hyper does).
  const plain = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => Response.json([]),
  );
  try {
    const r = await run(["list-catalogs", "--url", `https://127.0.0.1:${plain.addr.port}`], {
      env,
    });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /: TLS: the port does not speak TLS \(is it plain http:\/\/\?\)\n/);
  } finally {
    await plain.shutdown();
  }
  // A server that waits for a request line and never answers the hello (the test double).
  await withServer(async (server) => {
    const started = Date.now();
    const r = await run(["list-catalogs", "--url", `https://127.0.0.1:${server.port}`], { env });
    const took = Date.now() - started;
    assert.equal(r.code, 6, r.stderr);
    assert.equal(
      r.stderr,
      `Error: Cannot reach the server at https://127.0.0.1:${server.port}: TLS: the port does ` +
        "not speak TLS (no handshake within 3s; is it plain http://?)\n" +
        "Hint: check the scheme and port of --url (https:// needs a TLS port)\n",
    );
    assert.ok(took < 15_000, `took ${took} ms`);
  });
});

Deno.test("--all stops (exit 1) when a page repeats ids already listed", async () => {
  await withHostile({ kind: "repeating-pages" }, async (url, requests) => {
    for (const json of [[], ["--json"]]) {
      // Pages of 100 (--limit is the page size under --all): the second page, at offset 100,
      // starts one item after the first and repeats 99 of its ids.
      const r = await run(["list-users", "--all", "--limit", "100", "--url", url, ...json], {
        env: { PANGOLIN_TOKEN: "a.b.c" },
      });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^Error: API Request Failed: Failed to list users \(200\): the page at offset 100 repeats 00000000-0000-4000-8000-000000000001, already listed on an earlier page\nHint: /,
      );
    }
    assert.equal(requests.length, 4, "two pages a run, then it stops");
  });
});

Deno.test("--all --json writes one array, the same bytes as the whole list", async () => {
  await withHostile({ kind: "pages", total: 250 }, async (url, requests) => {
    // Pages of 100 (--limit under --all), so that 250 items take three pages.
    const r = await run(["list-service-users", "--all", "--limit", "100", "--json", "--url", url], {
      env: { PANGOLIN_TOKEN: "a.b.c" },
    });
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout);
    assert.equal(list.length, 250);
    assert.equal(r.stdout, JSON.stringify(list, null, 2) + "\n");
    assert.deepEqual(requests, [
      "/api/v1/service-users?limit=100&offset=0",
      "/api/v1/service-users?limit=100&offset=100",
      "/api/v1/service-users?limit=100&offset=200",
    ]);
  });
  await withHostile({ kind: "pages", total: 0 }, async (url) => {
    const r = await run(["list-users", "--all", "--json", "--url", url], {
      env: { PANGOLIN_TOKEN: "a.b.c" },
    });
    assert.equal(r.stdout, "[]\n");
  });
});

Deno.test("pages without end stream to stdout as they arrive, memory bounded", async () => {
  const server = startHostileServer({ kind: "pages", total: Infinity });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      "--no-prompt",
      "-P=cli",
      new URL("../main.ts", import.meta.url).pathname,
      "list-users",
      "--all",
      "--json",
      "--limit",
      "1000",
      "--url",
      server.url,
    ],
    env: childEnv({ HOME: await tempHome(), PANGOLIN_TOKEN: "a.b.c" }),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    let got = 0;
    let head = "";
    while (got < 20 * 1024 * 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head.length < 20) head += new TextDecoder().decode(value.subarray(0, 20));
      got += value.length;
    }
    assert.ok(got >= 20 * 1024 * 1024, "20 MB of the array arrived while the listing went on");
    assert.ok(head.startsWith('[\n  {\n    "id": '), head);
    if (Deno.build.os === "linux") {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      const mb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
      assert.ok(mb < 400, `peak RSS ${mb} MB`);
    }
    await reader.cancel();
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await server.close();
  }
});
