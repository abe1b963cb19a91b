import assert from "node:assert/strict";
import { normalizeServerUrl, sameServer } from "../lib/url.ts";

Deno.test("the same server written differently is the same server", () => {
  assert(sameServer("http://LocalHost:8080/", "http://localhost:8080"));
  assert(sameServer("https://pangolin.example:443", "https://pangolin.example/"));
  assert(sameServer("http://h:80//", "http://h"));
  assert.equal(normalizeServerUrl("HTTP://Host.Example:8080/x/"), "http://host.example:8080/x");
});

Deno.test("another scheme, host, port or path is another server", () => {
  assert(!sameServer("http://localhost:8080", "https://localhost:8080"));
  assert(!sameServer("http://localhost:8080", "http://127.0.0.1:8080"));
  assert(!sameServer("http://localhost:8080", "http://localhost:8081"));
  assert(!sameServer("http://h/a", "http://h/b"));
  assert(!sameServer("not a url", "not a url"));
});
