/**
 * The one place that speaks HTTP: base URL, credentials, the tenant header, the deadline, the
 * extra CA, redirects, and turning every reply that is not what was expected into an ApiError
 * or NetworkError. Nothing else calls fetch.
 */
import { ApiError, AuthError, CommandFailure, NetworkError, UsageError } from "../errors.ts";
import type { Writer } from "../context.ts";
import { sameServer } from "../url.ts";
import { Deadlines } from "./deadline.ts";
import { IdSet } from "./id_set.ts";

/**
 * How a request proves who it is. A profile's saved token carries `boundTo`, the server it was
 * issued by: it is never sent anywhere else.
 */
export type Credential =
  | { kind: "token"; token: string; source: string; boundTo?: { profile: string; url: string } }
  | { kind: "api-key"; key: string }
  | { kind: "client-credentials"; clientId: string; key: string }
  | { kind: "none" };

/** What the client needs from the context. */
export interface ClientOptions {
  baseUrl: string;
  credential: Credential;
  /** Sent as X-Pangolin-Tenant (the server honours it for root sessions only). */
  tenant?: string;
  timeoutSeconds: number;
  fetch: typeof fetch;
  /**
   * Builds the transport: pooled (connections reused) or not. A non-idempotent write goes over
   * a connection of its own, because Deno's fetch silently re-sends a request whose reused
   * connection dropped, and a write may already have happened.
   */
  makeClient?: (pooled: boolean) => Deno.HttpClient;
  /** Told of every request that is not a GET, once it has an answer (0: none came). */
  onWrite?: (method: string, path: string, status: number) => void;
  warn: Writer;
  userAgent: string;
  /** Replies are read up to this many bytes after decompression (PANGOLIN_MAX_REPLY_MB). */
  maxReplyBytes?: number;
  /** Shared by every client of a run, so the plain-http warning is printed once per run. */
  runState?: { warnedPlainHttp?: boolean };
  /**
   * Completes a TLS handshake with the server within `signal`, or throws. Asked only when an
   * https request has had no answer for a few seconds: a port that does not speak TLS at all
   * never answers a handshake, and is then named instead of waiting for the whole deadline.
   */
  probeTls?: (url: URL, signal: AbortSignal) => Promise<void>;
  /** `--show-secrets`: the endpoint functions return secret-named properties unmasked. */
  showSecrets?: boolean;
}

/** Paging flags of a list command. */
export interface Paging {
  limit?: number;
  offset?: number;
  all?: boolean;
}

interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  /** A JSON body; sent with Content-Type: application/json. */
  json?: unknown;
  /** A form body (the OAuth endpoint). */
  form?: Record<string, string>;
  /** Send no credentials (public routes). */
  anonymous?: boolean;
  /** A POST that may safely be sent twice (a revocation), so it may share connections. */
  idempotent?: boolean;
  /** Use this bearer token instead of the client's credential. */
  token?: string;
  /**
   * Secrets the body carries (a password, a client secret): the request warns before going
   * over plain http:// to a host that is not loopback, and they are redacted from error text.
   */
  secrets?: string[];
  /** "json" (default), "text", or "none" (body ignored). */
  expect?: "json" | "text" | "none";
  /** The hint for a 401 on this request, when the default one does not fit. */
  credentialHint?: string;
  /** Not a change on the server (a token exchange): left out of the local audit trail. */
  notAWrite?: boolean;
  /**
   * What a usable reply looks like: "array" for a list, or the string fields an object must
   * have. A reply of another shape is an unexpected reply, not a crash further on.
   */
  shape?: "array" | string[];
}

/** A reply that was not an error, with the parts callers may need. */
export interface Reply<T> {
  status: number;
  data: T;
  headers: Headers;
}

/**
 * Items per request when following pages (--all without --limit). One named value, measured
 * (tests/bench/page_sizes.ts, BENCHMARKS.md): the real server scans every token of the tenant
 * for each page, so pages of 100 made a listing quadratic, while a page's reply costs memory
 * as it grows. Over 150,000 tokens of one user, `list-user-tokens --all --json` took 13.4 s
 * and 190 MB peak by 2,000, 8.7 s and 188 MB by 3,000, 6.1 s and 204 MB by 5,000, and 265 MB
 * by 10,000; the bare loop by 1,000 took 33.6 s. Every list route the CLI pages answered full
 * pages of 10,000 on the real server (tests/bench/page_caps.ts); a route that caps `limit`
 * lower says so with `maxPage`, so that a page cut by the cap is never taken for the end.
 */
export const PAGE_SIZE = 3000;
/** Replies are read up to this much after decompression unless PANGOLIN_MAX_REPLY_MB says. */
export const DEFAULT_MAX_REPLY_MB = 64;
/** Server error text is cut to this many characters before it is shown. */
export const MAX_ERROR_TEXT = 500;
/** An https request with no answer after this long has its TLS handshake checked apart. */
const TLS_PROBE_AFTER_MS = 3000;
/** How long the separate handshake may take before the port is said not to speak TLS. */
const TLS_PROBE_MS = 3000;
/** Tries for a read (GET): the first and two retries. */
const READ_ATTEMPTS = 3;
/** Statuses a proxy or an overloaded server answers that are worth a retry of a read. */
const RETRY_STATUSES = new Set([502, 503, 504]);
const BACKOFF_MS = 400;
const MAX_BACKOFF_MS = 5000;
const DROPPED = "the connection was closed by the server";
/** A path joined to the base URL as text (`#target`): plain segments, no dot anywhere. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~%-]+)+$/;
/** `%2e` is a dot to the URL parser (`/%2e%2e/` is `/../`): such a path is parsed. */
const ENCODED_DOT = /%2e/i;

/** Where one request goes: a URL, or the same fields of one joined as text. */
type Target = Pick<URL, "href" | "pathname" | "origin" | "protocol" | "hostname" | "host">;

/** True for localhost, 127.0.0.0/8 and ::1: plain http there never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function firstLine(text: string, max = 300): string {
  const line = text.trim().split(/\r?\n/).find((l) => l.trim() !== "")?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return contentType.includes("text/html") || /^\s*<(!doctype|html|head|body)/i.test(text);
}

/** The server's message out of an error body, whatever family it is in (api.md 1.4). */
export function messageFromBody(text: string, contentType: string, statusText: string): string {
  if (text.trim() === "") return statusText ? `${statusText} (empty reply)` : "empty reply";
  if (looksLikeHtml(text, contentType)) {
    return "the reply is an HTML page, not the API (a proxy or gateway error page?)";
  }
  try {
    const body = JSON.parse(text);
    if (typeof body === "object" && body !== null) {
      if (typeof body.error === "string") {
        return typeof body.details === "string" ? `${body.error}: ${body.details}` : body.error;
      }
      if (typeof body.error?.message === "string") return body.error.message;
      if (typeof body.message === "string") return body.message;
    }
    return firstLine(JSON.stringify(body));
  } catch {
    return firstLine(text);
  }
}

/** What a fetch failure was, in words; `tls` when it is a TLS failure (never called DNS). */
export function describeFetchError(err: unknown): { reason: string; tls: boolean } {
  // Deno says "fetch failed" and puts the reason (refused, DNS, TLS) in the cause chain.
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  const text = parts.join(": ");
  // TLS first: rustls names the certificate's DnsName in a wrong-host error.
  const tls = (reason: string) => ({ reason: `TLS: ${reason}`, tls: true });
  if (/certificate expired|\bExpired\b|not valid after|not valid before|NotValidYet/i.test(text)) {
    return tls("the server's certificate has expired (or is not valid yet)");
  }
  if (/not valid for name|NotValidForName|certificate is only valid for/i.test(text)) {
    const names = /only valid for (.*)$/m.exec(text)?.[1];
    const shown = names
      ? ` (it names ${firstLine(names.replace(/DnsName|IpAddress/g, ""), 120)})`
      : "";
    return tls(`the server's certificate is issued for another host name${shown}`);
  }
  if (
    /UnknownIssuer|unknown ?issuer|self[- ]signed|BadSignature|UnknownCA|not trusted/i.test(text)
  ) {
    return tls(
      "the server's certificate is not trusted (unknown issuer; pass its CA with --ca-cert)",
    );
  }
  if (
    /InvalidContentType|corrupt message|wrong version number|not a TLS|packet length too long/i
      .test(text)
  ) {
    return tls("the port does not speak TLS (is it plain http://?)");
  }
  if (/certificate|tls|ssl|handshake|peer/i.test(text)) return tls(firstLine(text, 160));
  if (/connection refused/i.test(text)) return { reason: "connection refused", tls: false };
  if (/dns|lookup|name or service not known|no such host|nodename|failed to lookup/i.test(text)) {
    return { reason: "the host name could not be resolved (DNS)", tls: false };
  }
  if (/reset|broken pipe|closed|eof|incomplete message/i.test(text)) {
    return { reason: DROPPED, tls: false };
  }
  return { reason: firstLine(parts[parts.length - 1], 200), tls: false };
}

/**
 * Server text made fit to show: anything shaped like a secret (a JWT, `Bearer …`,
 * `client_secret=…`, a `password` field) and every secret this run sent become `[redacted]`,
 * then the text is cut to MAX_ERROR_TEXT characters. A server that echoes the request back
 * cannot print the credential it was sent.
 */
export function redactServerText(text: string, sent: Iterable<string> = []): string {
  let out = text;
  for (const secret of sent) {
    if (secret.length < 4) continue;
    for (
      const form of new Set([
        secret,
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
      ])
    ) {
      out = out.split(form).join("[redacted]");
    }
  }
  const keys = "password|client_secret|secret|api[_-]?key|token|access_token";
  out = out
    .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, "[redacted]")
    .replace(/\b(Bearer|Basic)(\s+)(?!\[redacted\])[^\s"',;]+/gi, "$1$2[redacted]")
    .replace(new RegExp(`\\b(${keys})=(?!\\[redacted\\])[^&\\s"',;]+`, "gi"), "$1=[redacted]")
    .replace(new RegExp(`("(?:${keys})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"), '$1"[redacted]"')
    .replace(
      new RegExp(`(\\\\"(?:${keys})\\\\"\\s*:\\s*)\\\\"(?:(?!\\\\").)*\\\\"`, "gi"),
      '$1\\"[redacted]\\"',
    )
    .replace(/\b(x-api-key)(\s*[:=]\s*)(?!\[redacted\])[^\s"',;]+/gi, "$1$2[redacted]");
  return out.length > MAX_ERROR_TEXT ? `${out.slice(0, MAX_ERROR_TEXT)}…` : out;
}

/** Fails (exit 3, nothing sent) when a saved token would go to a server it was not issued by. */
export function checkTokenBinding(credential: Credential, baseUrl: string): void {
  if (credential.kind !== "token" || !credential.boundTo) return;
  const { profile, url } = credential.boundTo;
  if (sameServer(url, baseUrl)) return;
  throw new AuthError(
    `The saved token of profile '${profile}' belongs to ${url}; it is not sent to ${baseUrl}. ` +
      `To use ${baseUrl}, log in to it under a profile of its own: ` +
      `pangolin-admin login --url ${baseUrl} -p NAME`,
  );
}

function checkShape(what: string, status: number, data: unknown, shape: "array" | string[]) {
  if (shape === "array") {
    // Every list of the API is a list of records: a null or a bare value in it is not one.
    const isRecord = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!Array.isArray(data) || !data.every(isRecord)) {
      throw new ApiError(what, status, "the reply is JSON but not the list that was expected", {
        unexpected: true,
      });
    }
    return;
  }
  const missing = typeof data === "object" && data !== null && !Array.isArray(data)
    ? shape.filter((k) => typeof (data as Record<string, unknown>)[k] !== "string")
    : shape;
  if (missing.length > 0) {
    throw new ApiError(
      what,
      status,
      `the reply is JSON but lacks what was expected (${missing.join(", ")})`,
      { unexpected: true },
    );
  }
}

/** A typed HTTP client for one server and one credential. */
export class ApiClient {
  #exchanged?: string;
  #runState: { warnedPlainHttp?: boolean };
  /** Every secret this client has sent, so error text can never show one back. */
  #sent = new Set<string>();
  #tlsChecked = false;

  constructor(readonly options: ClientOptions) {
    this.#runState = options.runState ?? {};
  }

  /** The server's base URL, without a trailing slash. */
  get baseUrl(): string {
    const raw = this.options.baseUrl;
    if (this.#base?.raw !== raw) this.#base = { raw, trimmed: raw.replace(/\/+$/, "") };
    return this.#base.trimmed;
  }

  /** The base URL trimmed, for the raw value it was trimmed from (asked for on every request). */
  #base?: { raw: string; trimmed: string };
  /** The credential and server last found to belong together (checked once, not per request). */
  #bound?: { credential: Credential; baseUrl: string };

  /** Sends one request and returns the decoded body. */
  async call<T>(what: string, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.send<T>(what, method, path, opts)).data;
  }

  /** Sends one request and returns status, body and headers. */
  async send<T>(
    what: string,
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<Reply<T>> {
    const url = this.#target(path, opts.query);
    // A plain record, as fetch reads it once: a Headers object here was built, then copied
    // and checked again by fetch (a tenth of a bulk revocation's CPU went to headers).
    const headers: Record<string, string> = { Accept: "application/json" };
    this.#setHeader(headers, "User-Agent", this.options.userAgent);
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    }
    let carriesSecret = false;
    if (!opts.anonymous) carriesSecret = await this.#authorize(headers, opts.token);
    for (const secret of opts.secrets ?? []) {
      if (secret === "") continue;
      this.#sent.add(secret);
      carriesSecret = true;
    }
    if (carriesSecret) this.#warnPlainHttp(url);
    if (this.options.tenant) this.#setHeader(headers, "X-Pangolin-Tenant", this.options.tenant);

    const pooled = method !== "POST" || opts.idempotent === true;
    const init = { method, headers, body, client: this.#transport(pooled) };
    // Reads are retried a few times on a gateway error or a dropped connection; a write is
    // never repeated blindly (it may have happened).
    const attempts = method === "GET" ? READ_ATTEMPTS : 1;
    let response!: Response;
    let text!: string;
    for (let attempt = 1;; attempt++) {
      let retryable: string | undefined;
      try {
        try {
          ({ response, text } = await this.#attempt(what, url, init));
        } finally {
          if (method !== "GET" && !opts.notAWrite) {
            this.options.onWrite?.(method, url.pathname, response?.status ?? 0);
          }
        }
        if (RETRY_STATUSES.has(response.status)) retryable = `status ${response.status}`;
      } catch (err) {
        if (!(err instanceof NetworkError && err.dropped) || attempt >= attempts) throw err;
        retryable = "dropped connection";
      }
      if (!retryable || attempt >= attempts) break;
      const retryAfter = Number(response?.headers.get("retry-after"));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0
        ? Math.min(retryAfter * 1000, MAX_BACKOFF_MS)
        : BACKOFF_MS * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      this.options.warn.write(
        `Note: ${method} ${url.pathname} failed (${retryable}); retrying in ` +
          `${(wait / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${attempts})\n`,
      );
      await sleep(wait);
    }
    const reply = this.#decode<T>(what, response, text, opts.expect ?? "json", opts.credentialHint);
    if (opts.shape) checkShape(what, reply.status, reply.data, opts.shape);
    return reply;
  }

  /** The base URL parsed once; undefined when a path cannot simply be appended to it. */
  #parsedBase?: { trimmed: string; url: URL | undefined };

  /**
   * Where a request goes. A path of plain segments (letters, digits, `-`, `_`, `~`, `%`
   * escapes; no dot, plain or escaped, so no `.` or `..` segment) resolves against the parsed
   * base URL to the base's origin and path followed by it, so it is joined as text instead of
   * being parsed twice per request (here, and again by fetch); anything else goes through URL.
   */
  #target(path: string, query: RequestOptions["query"]): Target {
    const trimmed = this.baseUrl;
    if (this.#parsedBase?.trimmed !== trimmed) {
      let base: URL | undefined;
      try {
        base = new URL(trimmed);
      } catch {
        base = undefined;
      }
      // A query, fragment or user part would not stay where it is once a path is appended.
      const joinable = base && !base.search && !base.hash && !base.username && !base.password;
      this.#parsedBase = { trimmed, url: joinable ? base : undefined };
    }
    const base = this.#parsedBase.url;
    if (!base || !PLAIN_PATH.test(path) || ENCODED_DOT.test(path)) {
      const url = new URL(trimmed + path);
      for (const [k, v] of Object.entries(query ?? {})) {
        if (v !== undefined) url.searchParams.set(k, String(v));
      }
      return url;
    }
    let search = "";
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const text = params.toString();
      if (text !== "") search = "?" + text;
    }
    const pathname = (base.pathname === "/" ? "" : base.pathname) + path;
    return {
      href: base.origin + pathname + search,
      pathname,
      origin: base.origin,
      protocol: base.protocol,
      hostname: base.hostname,
      host: base.host,
    };
  }

  #clients = new Map<boolean, Deno.HttpClient>();

  #transport(pooled: boolean): Deno.HttpClient | undefined {
    const make = this.options.makeClient;
    if (!make) return undefined;
    let client = this.#clients.get(pooled);
    if (!client) this.#clients.set(pooled, client = make(pooled));
    return client;
  }

  /** Before a secret goes over plain http:// to a host that is not loopback: one warning a run. */
  #warnPlainHttp(url: Target): void {
    if (url.protocol !== "http:" || isLoopback(url.hostname) || this.#runState.warnedPlainHttp) {
      return;
    }
    this.#runState.warnedPlainHttp = true;
    this.options.warn.write(
      `Warning: sending credentials over plain http:// to ${url.host}; anyone on the network ` +
        "path can read them. Use https://.\n",
    );
  }

  /** One request within the deadline: the response and its whole body, or a NetworkError. */
  async #attempt(
    what: string,
    url: Target,
    init: {
      method: string;
      headers: Record<string, string>;
      body?: string;
      client?: Deno.HttpClient;
    },
  ): Promise<{ response: Response; text: string }> {
    const seconds = this.options.timeoutSeconds;
    // The deadline covers the whole reply, body included: a stalled body is a timeout too.
    const deadline = this.#deadlines(seconds * 1000).start();
    let signal = deadline.signal;
    let notTls: { reason: string } | undefined;
    let stopProbe = () => {};
    if (this.#probesTls(url)) {
      // Only the first https request watches its handshake, and needs a signal of its own.
      const own = new AbortController();
      signal = AbortSignal.any([deadline.signal, own.signal]);
      stopProbe = this.#watchTls(url, signal, (reason) => {
        notTls = { reason };
        own.abort();
      });
    }
    try {
      const response = await this.options.fetch(url.href, {
        ...init,
        // Credentials must never follow a redirect to another host; a redirect is reported.
        redirect: "manual",
        signal,
      } as RequestInit);
      stopProbe();
      return { response, text: await this.#readBody(what, url, response) };
    } catch (err) {
      if (err instanceof CommandFailure) throw err;
      if (notTls) {
        throw new NetworkError(
          `Cannot reach the server at ${url.origin}: ${notTls.reason}`,
          "check the scheme and port of --url (https:// needs a TLS port)",
        );
      }
      if (deadline.signal.aborted) {
        throw new NetworkError(
          `No answer from ${url.origin} within ${seconds}s while trying to ${what} (timeout)`,
          "the server may be overloaded or unreachable; raise --timeout or check --url",
        );
      }
      const { reason, tls } = describeFetchError(err);
      throw new NetworkError(
        `Cannot reach the server at ${url.origin}: ${reason}`,
        tls
          ? "check --url and --ca-cert (or PANGOLIN_CA_CERT)"
          : "check --url (or PANGOLIN_URL) and that the server is running",
        reason === DROPPED,
      );
    } finally {
      stopProbe();
      deadline.done();
    }
  }

  #deadlineQueue?: Deadlines;

  /** The client's deadlines (one timer for every request in flight, lib/api/deadline.ts). */
  #deadlines(ms: number): Deadlines {
    if (this.#deadlineQueue?.ms !== ms) this.#deadlineQueue = new Deadlines(ms);
    return this.#deadlineQueue;
  }

  /** Whether a request to `url` is the one whose TLS handshake is watched (the first https). */
  #probesTls(url: Target): boolean {
    return !!this.options.probeTls && url.protocol === "https:" && !this.#tlsChecked;
  }

  /**
   * For the first https request: when no answer has come after a few seconds, checks the TLS
   * handshake on its own connection; `fail` is told when it does not complete (the port speaks
   * plain HTTP and waits for a request line) or fails. Returns the function that stops watching.
   */
  #watchTls(url: Target, signal: AbortSignal, fail: (reason: string) => void): () => void {
    const probe = this.options.probeTls;
    if (!probe || !this.#probesTls(url)) return () => {};
    this.#tlsChecked = true;
    const after = AbortSignal.timeout(TLS_PROBE_AFTER_MS);
    const check = () => {
      const limit = AbortSignal.any([AbortSignal.timeout(TLS_PROBE_MS), signal]);
      probe(new URL(url.href), limit).then(() => {}, (err) => {
        if (signal.aborted) return;
        const described = describeFetchError(err);
        fail(
          limit.aborted || !described.tls
            ? `TLS: the port does not speak TLS (no handshake within ${
              TLS_PROBE_MS / 1000
            }s; is it plain http://?)`
            : described.reason,
        );
      });
    };
    after.addEventListener("abort", check, { once: true });
    return () => after.removeEventListener("abort", check);
  }

  /** The body as text, counted as it arrives: past the reply limit the command stops. */
  async #readBody(what: string, url: Target, response: Response): Promise<string> {
    const limit = this.options.maxReplyBytes ?? DEFAULT_MAX_REPLY_MB * 1024 * 1024;
    if (!response.body) return "";
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (!response.headers.has("content-encoding") && declared <= limit) {
      // Not compressed, with a length within the limit: the transport reads exactly that many
      // bytes, so one read is safe, and cheaper than counting chunks (a bulk revocation's
      // 10,000 replies took 35 MB more memory chunk by chunk).
      return await response.text();
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw new CommandFailure(
          `Failed to ${what}: the reply from ${url.origin} is larger than ` +
            `${formatMb(limit)} MiB (after decompression); stopped reading it ` +
            "(PANGOLIN_MAX_REPLY_MB sets the limit)",
          1,
        );
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join("");
  }

  /**
   * A paged collection, one page at a time: one page with --limit/--offset (or everything in
   * one request without them), every page with --all. Pages are bare arrays with no total, so a
   * short page is the last (api.md section 4). Memory stays bounded by one page and the ids
   * seen: a page that repeats an id already listed stops the walk, so a server (or proxy) that
   * ignores paging, or sends pages without end that loop, cannot make it run forever.
   */
  async *pages<T>(
    what: string,
    path: string,
    paging: Paging = {},
    query: Record<string, string | undefined> = {},
    route: { maxPage?: number } = {},
  ): AsyncGenerator<T[]> {
    if (!paging.all) {
      yield await this.call<T[]>(what, "GET", path, {
        query: { ...query, limit: paging.limit, offset: paging.offset },
        shape: "array",
      });
      return;
    }
    // Never more per page than the route serves: a page it cut short would end the walk.
    const size = Math.min(paging.limit ?? PAGE_SIZE, route.maxPage ?? Infinity);
    let offset = paging.offset ?? 0;
    const seen = new IdSet();
    let previous: string | undefined;
    for (;;) {
      const page = await this.call<T[]>(what, "GET", path, {
        query: { ...query, limit: size, offset },
        shape: "array",
      });
      // The same page again (items without ids too): the server ignores limit/offset. A page
      // of items with ids is compared by its ids, not by a second, serialised copy of it.
      const ids = page.map(itemId);
      const signature = page.length === 0
        ? undefined
        : ids.includes(undefined)
        ? JSON.stringify(page)
        : ids.join("\n");
      if (signature !== undefined && signature === previous) {
        throw new ApiError(
          what,
          200,
          `the server answered the same page for offset ${offset - size} and ${offset}`,
          { unexpected: true, hint: "it seems to ignore paging; run without --all" },
        );
      }
      previous = signature;
      for (const id of ids) {
        if (id === undefined) continue;
        if (!seen.add(id)) {
          throw new ApiError(
            what,
            200,
            `the page at offset ${offset} repeats ${id}, already listed on an earlier page`,
            { unexpected: true, hint: "the server seems to ignore paging; run without --all" },
          );
        }
      }
      yield page;
      if (page.length < size) return;
      offset += size;
    }
  }

  /** Lists a paged collection into one array (for callers that need every item at once). */
  async list<T>(
    what: string,
    path: string,
    paging: Paging = {},
    query: Record<string, string | undefined> = {},
    route: { maxPage?: number } = {},
  ): Promise<T[]> {
    return await collect(this.pages<T>(what, path, paging, query, route));
  }

  /** Adds the credential's header; true when one was added (a secret is on its way). */
  async #authorize(
    headers: Record<string, string>,
    tokenOverride: string | undefined,
  ): Promise<boolean> {
    const cred = this.options.credential;
    let header: [name: string, value: string, source: string];
    if (tokenOverride) header = ["Authorization", `Bearer ${tokenOverride}`, "the token"];
    else if (cred.kind === "token") {
      const baseUrl = this.baseUrl;
      if (this.#bound?.credential !== cred || this.#bound.baseUrl !== baseUrl) {
        checkTokenBinding(cred, baseUrl);
        this.#bound = { credential: cred, baseUrl };
      }
      if (this.#credentialHeader?.credential === cred) {
        headers[this.#credentialHeader.name] = this.#credentialHeader.value;
        return true;
      }
      const source = cred.source === "profile" ? "the profile's saved token" : cred.source;
      header = ["Authorization", `Bearer ${cred.token}`, source];
    } else if (cred.kind === "api-key") {
      if (this.#credentialHeader?.credential === cred) {
        headers[this.#credentialHeader.name] = this.#credentialHeader.value;
        return true;
      }
      header = ["X-API-Key", cred.key, "PANGOLIN_API_KEY"];
    } else if (cred.kind === "client-credentials") {
      header = ["Authorization", `Bearer ${await this.#exchange()}`, "the exchanged token"];
    } else return false;
    try {
      this.#setHeader(headers, header[0], header[1]);
    } catch {
      // Deno refuses a header value with a line break inside or a character beyond Latin-1.
      throw new UsageError(
        `${header[2]} cannot be sent: it holds characters an HTTP header cannot carry`,
      );
    }
    this.#sent.add(header[1].replace(/^Bearer /, ""));
    if (!tokenOverride && (cred.kind === "token" || cred.kind === "api-key")) {
      this.#credentialHeader = { credential: cred, name: header[0], value: header[1] };
    }
    return true;
  }

  /**
   * The header the client's own credential went out in, checked and noted as sent: every
   * later request reuses it (a bulk revocation's 10,000 requests checked and copied the same
   * long token each time).
   */
  #credentialHeader?: { credential: Credential; name: string; value: string };

  /** The value of each header Deno last accepted (most repeat on every request). */
  #sendable = new Map<string, string>();

  /**
   * Sets a header in `headers`, throwing as `Headers.set` does (TypeError) for a value Deno
   * refuses (a line break inside, a character beyond Latin-1); a value is checked when it
   * differs from the one last accepted for that name.
   */
  #setHeader(headers: Record<string, string>, name: string, value: string): void {
    if (this.#sendable.get(name) !== value) {
      new Headers().set(name, value);
      this.#sendable.set(name, value);
    }
    headers[name] = value;
  }

  /** The bearer token this client sends: the saved or given one, or the exchanged one. */
  async bearerToken(): Promise<string | undefined> {
    const cred = this.options.credential;
    if (cred.kind === "token") return cred.token;
    if (cred.kind === "client-credentials") return await this.#exchange();
    return undefined;
  }

  /**
   * Trades a service user's id and key for a one-hour bearer token at the client-credentials
   * endpoint (api.md 5.1.6): API-created keys are refused in X-API-Key on a default server.
   */
  async #exchange(): Promise<string> {
    if (this.#exchanged) return this.#exchanged;
    const cred = this.options.credential;
    if (cred.kind !== "client-credentials") throw new Error("no client credentials");
    const reply = await this.call<{ access_token?: unknown }>(
      "exchange the service user's API key for a token",
      "POST",
      "/v1/pangolin-admin/v1/oauth/tokens",
      {
        anonymous: true,
        form: {
          grant_type: "client_credentials",
          client_id: cred.clientId,
          client_secret: cred.key,
        },
        secrets: [cred.key],
        credentialHint:
          "check PANGOLIN_CLIENT_ID and PANGOLIN_API_KEY (a rotated key stops working)",
        notAWrite: true,
      },
    );
    if (typeof reply.access_token !== "string") {
      throw new ApiError(
        "exchange the service user's API key for a token",
        200,
        "the reply has no access_token",
        { unexpected: true },
      );
    }
    this.#exchanged = reply.access_token;
    return reply.access_token;
  }

  #decode<T>(
    what: string,
    response: Response,
    text: string,
    expect: "json" | "text" | "none",
    credentialHint?: string,
  ): Reply<T> {
    const status = response.status;
    // Read only where a reply is not what was expected: a success needs no header.
    const contentType = () => response.headers.get("content-type") ?? "";
    if (status >= 300 && status < 400) {
      const location = redactServerText(
        response.headers.get("location") ?? "(no location)",
        this.#sent,
      );
      throw new ApiError(what, status, `the server redirected to ${location}`, {
        unexpected: true,
        hint: "credentials are not sent after a redirect; point --url at the final address",
      });
    }
    if (status < 200 || status >= 300) {
      const retry = Number(response.headers.get("retry-after"));
      const message = redactServerText(
        messageFromBody(text, contentType(), response.statusText),
        this.#sent,
      );
      throw new ApiError(what, status, message, {
        retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
        hint: status === 401 ? credentialHint ?? this.#hintFor401() : undefined,
        unexpected: looksLikeHtml(text, contentType()),
      });
    }
    if (expect === "none") return { status, data: undefined as T, headers: response.headers };
    if (expect === "text") return { status, data: text as T, headers: response.headers };
    if (text.trim() === "") {
      throw new ApiError(what, status, "the server sent an empty reply where JSON was expected", {
        unexpected: true,
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      const why = looksLikeHtml(text, contentType())
        ? "the reply is an HTML page, not the API's JSON (is --url pointing at a proxy?)"
        : "the reply is not valid JSON";
      throw new ApiError(what, status, why, { unexpected: true });
    }
    // No route answers a success with JSON null: it is a reply, not a record to read fields of.
    if (data === null) {
      throw new ApiError(what, status, "the reply is JSON null, not what was expected", {
        unexpected: true,
      });
    }
    return { status, data: data as T, headers: response.headers };
  }

  #hintFor401(): string | undefined {
    const cred = this.options.credential;
    if (cred.kind === "api-key") {
      return "the server refuses API-created keys in X-API-Key unless legacy keys are enabled; " +
        "set PANGOLIN_CLIENT_ID to the service user's id to use the client-credentials exchange";
    }
    if (cred.kind === "token" && cred.source !== "profile") {
      return `the token from ${cred.source} was refused; get a new one or unset it`;
    }
    return undefined;
  }
}

/** An item's identity for the repeated-page check: its `id`, else its `name`. */
function itemId(item: unknown): string | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const { id, name } = item as { id?: unknown; name?: unknown };
  if (typeof id === "string" || typeof id === "number") return String(id);
  return typeof name === "string" ? name : undefined;
}

/** Every item of every page, in order, in one array (pushed one by one: no spreading). */
export async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) for (const item of page) out.push(item);
  return out;
}

/** Waits `ms` without the global setTimeout (which loads Deno's Node layer). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    AbortSignal.timeout(ms).addEventListener("abort", () => resolve(), { once: true });
  });
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(2);
}
