/** Duration and time flags. */
import assert from "node:assert/strict";
import { formatDuration, parseAge, parseDuration, parseTime } from "../lib/duration.ts";

Deno.test("durations: 90s, 15m, 12h, 30d and combinations", () => {
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("15m"), 900_000);
  assert.equal(parseDuration("12h"), 43_200_000);
  assert.equal(parseDuration("30d"), 2_592_000_000);
  assert.equal(parseDuration("1d12h"), 129_600_000);
  for (const bad of ["", "10", "1w", "-5m", "0s", "0m0s", "5 m", "h"]) {
    assert.throws(() => parseDuration(bad), SyntaxError, bad);
  }
});

Deno.test("times: ISO 8601, a time without a zone is UTC", () => {
  assert.equal(parseTime("2026-03-01").toISOString(), "2026-03-01T00:00:00.000Z");
  assert.equal(parseTime("2026-03-01T09:15:00Z").toISOString(), "2026-03-01T09:15:00.000Z");
  assert.equal(parseTime("2026-03-01T09:15").toISOString(), "2026-03-01T09:15:00.000Z");
  assert.equal(parseTime("2026-03-01T09:15:00+02:00").toISOString(), "2026-03-01T07:15:00.000Z");
  for (const bad of ["yesterday", "2026-13-01", "01/03/2026", "2026-03-01T25:00"]) {
    assert.throws(() => parseTime(bad), SyntaxError, bad);
  }
});

Deno.test("formatDuration shows the two largest units", () => {
  assert.equal(formatDuration(90_000), "1m 30s");
  assert.equal(formatDuration(45_000), "45s");
  assert.equal(formatDuration(129_600_000), "1d 12h");
  assert.equal(formatDuration(0), "0s");
});

Deno.test("ages (--older-than) take 0s: everything issued before now", () => {
  assert.equal(parseAge("0s"), 0);
  assert.equal(parseAge("0d"), 0);
  assert.equal(parseAge("90s"), 90_000);
  for (const bad of ["", "-1s", "0", "1w", "36501d"]) {
    assert.throws(() => parseAge(bad), SyntaxError, bad);
  }
});
