/** Bad input is named exactly: impossible dates, absurd token claims. */
import assert from "node:assert/strict";
import { parseDuration, parseTime } from "../lib/duration.ts";
import { requestLines, run, tempHome, withServer } from "./helpers.ts";

Deno.test("impossible dates are refused, never rolled over", () => {
  assert.equal(parseTime("2024-02-29").toISOString(), "2024-02-29T00:00:00.000Z");
  assert.equal(parseTime("2026-12-31T23:59:59Z").toISOString(), "2026-12-31T23:59:59.000Z");
  assert.equal(parseTime("2026-03-01T09:15:00-01:30").toISOString(), "2026-03-01T10:45:00.000Z");
  const cases: Array<[string, string]> = [
    ["2026-02-30", "'2026-02-30' is not a valid time: 2026-02 has no day 30 (it has 28)"],
    ["2025-02-29", "'2025-02-29' is not a valid time: 2025-02 has no day 29 (it has 28)"],
    ["2026-04-31", "'2026-04-31' is not a valid time: 2026-04 has no day 31 (it has 30)"],
    ["2026-00-10", "'2026-00-10' is not a valid time: there is no month 00"],
    ["2026-03-00", "'2026-03-00' is not a valid time: 2026-03 has no day 00 (it has 31)"],
    [
      "2026-03-01T24:00",
      "'2026-03-01T24:00' is not a valid time: there is no time of day 24:00:00",
    ],
    [
      "2026-03-01T09:00:60Z",
      "'2026-03-01T09:00:60Z' is not a valid time: there is no time of day 09:00:60",
    ],
    [
      "2026-03-01T09:00+24:00",
      "'2026-03-01T09:00+24:00' is not a valid time: there is no zone offset +24:00",
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseTime(text), (e) => e instanceof SyntaxError && e.message === message);
  }
  assert.throws(() => parseDuration("99999999999999999999d"), /longer than 36500d/);
  assert.equal(parseDuration("36500d"), 36500 * 86_400_000);
});

Deno.test("--issued-before 2026-02-30: exit 2, one line, nothing sent", async () => {
  await withServer(async (server) => {
    const r = await run([
      "revoke-tokens",
      "--url",
      server.url,
      "--all-users",
      "--issued-before",
      "2026-02-30",
      "--dry-run",
    ], { env: { PANGOLIN_TOKEN: await server.mintJwt({}) } });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^Error: .*'2026-02-30' is not a valid time: 2026-02 has no day 30 \(it has 28\)\n/,
    );
    assert.equal(r.stdout, "");
    assert.deepEqual(requestLines(server), []);
  });
});

const ABSURD: Array<[string, unknown, string]> = [
  [
    "an exp in the year 300 million",
    1e16,
    "its exp claim (10000000000000000) is not a possible time",
  ],
  ["a negative exp", -5, "its exp claim (-5) is not a possible time"],
  ["an exp that is a string", "soon", `its exp claim ("soon") is not a number of seconds`],
];

for (const [what, exp, problem] of ABSURD) {
  Deno.test(`a saved token with ${what} is an invalid token (exit 3) in every command`, async () => {
    await withServer(async (server) => {
      const home = await tempHome();
      const token = await server.mintJwt({ exp: exp as number });
      await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
      await Deno.writeTextFile(
        `${home}/.pangolin/config`,
        JSON.stringify({ profiles: { default: { url: server.url, token, username: "admin" } } }),
        { mode: 0o600 },
      );
      for (const argv of [["whoami"], ["token-report"], ["rotate-token"], ["list-my-tokens"]]) {
        const r = await run(argv, { home });
        assert.equal(r.code, 3, `${argv[0]}: ${r.stderr}`);
        // Only the error (token-report's policy note may come first).
        assert.equal(
          r.stderr.replace(/^Note: .*\n/, ""),
          `Error: The saved token of profile 'default' is invalid: ${problem}.\n` +
            "Hint: log in again to get a new token\n",
          argv[0],
        );
      }
      // doctor reports it as a failed check among the others, not as a crash.
      const doctor = await run(["doctor"], { home });
      assert.equal(doctor.code, 1);
      assert.ok(
        doctor.stdout.includes(
          `FAIL  the settings cannot be used: The saved token of profile 'default' is invalid: ` +
            `${problem}.\n`,
        ),
        doctor.stdout,
      );
      assert.doesNotMatch(doctor.stdout + doctor.stderr, /internal error/);
      // The same token given in the environment is named by its source.
      const env = await run(["whoami"], { home: await tempHome(), env: { PANGOLIN_TOKEN: token } });
      assert.equal(env.code, 3);
      assert.match(env.stderr, /^Error: The token in PANGOLIN_TOKEN is invalid: /);
      assert.deepEqual(requestLines(server), []);
    });
  });
}
