/**
 * The one place that speaks HTTP: base URL, credentials, the tenant header, the deadline, the
 * extra CA, redirects, and turning every reply that is not what was expected into an ApiError
 * or NetworkError. Nothing else calls fetch.
 */
import { ApiError, NetworkError, UsageError } from "../errors.ts";
import type { Writer } from "../context.ts";

/** How a request proves who it is. */
export type Credential =
  | { kind: "token"; token: string; source: string }
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

const PAGE_SIZE = 100;
/** Tries for a read (GET): the first and two retries. */
const READ_ATTEMPTS = 3;
/** Statuses a proxy or an overloaded server answers that are worth a retry of a read. */
const RETRY_STATUSES = new Set([502, 503, 504]);
const BACKOFF_MS = 400;
const MAX_BACKOFF_MS = 5000;
const DROPPED = "the connection was closed by the server";

function isLoopback(hostname: string): boolean {
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

function describeFetchError(err: unknown): string {
  // Deno says "fetch failed" and puts the reason (refused, DNS, TLS) in the cause chain.
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  const text = parts.join(": ");
  if (/connection refused/i.test(text)) return "connection refused";
  if (/dns|lookup|name or service not known|no such host|nodename/i.test(text)) {
    return "the host name could not be resolved (DNS)";
  }
  if (/certificate|tls|ssl|handshake/i.test(text)) return `TLS error (${firstLine(text, 160)})`;
  if (/reset|broken pipe|closed|eof|incomplete message/i.test(text)) return DROPPED;
  return firstLine(parts[parts.length - 1], 200);
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
  #warnedPlainHttp = false;

  constructor(readonly options: ClientOptions) {}

  /** The server's base URL, without a trailing slash. */
  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, "");
  }

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
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers = new Headers({
      "Accept": "application/json",
      "User-Agent": this.options.userAgent,
    });
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(opts.form).toString();
    }
    if (!opts.anonymous) await this.#authorize(headers, opts.token, url);
    if (this.options.tenant) headers.set("X-Pangolin-Tenant", this.options.tenant);

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
      await new Promise((r) => setTimeout(r, wait));
    }
    const reply = this.#decode<T>(what, response, text, opts.expect ?? "json", opts.credentialHint);
    if (opts.shape) checkShape(what, reply.status, reply.data, opts.shape);
    return reply;
  }

  #clients = new Map<boolean, Deno.HttpClient>();

  #transport(pooled: boolean): Deno.HttpClient | undefined {
    const make = this.options.makeClient;
    if (!make) return undefined;
    let client = this.#clients.get(pooled);
    if (!client) this.#clients.set(pooled, client = make(pooled));
    return client;
  }

  /** One request within the deadline: the response and its whole body, or a NetworkError. */
  async #attempt(
    what: string,
    url: URL,
    init: { method: string; headers: Headers; body?: string; client?: Deno.HttpClient },
  ): Promise<{ response: Response; text: string }> {
    const controller = new AbortController();
    const seconds = this.options.timeoutSeconds;
    // The deadline covers the whole reply, body included: a stalled body is a timeout too.
    const timer = setTimeout(() => controller.abort(), seconds * 1000);
    try {
      const response = await this.options.fetch(url, {
        ...init,
        // Credentials must never follow a redirect to another host; a redirect is reported.
        redirect: "manual",
        signal: controller.signal,
      } as RequestInit);
      return { response, text: await response.text() };
    } catch (err) {
      if (controller.signal.aborted) {
        throw new NetworkError(
          `No answer from ${url.origin} within ${seconds}s while trying to ${what} (timeout)`,
          "the server may be overloaded or unreachable; raise --timeout or check --url",
        );
      }
      const reason = describeFetchError(err);
      throw new NetworkError(
        `Cannot reach the server at ${url.origin}: ${reason}`,
        "check --url (or PANGOLIN_URL) and that the server is running",
        reason === DROPPED,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lists a paged collection: one page with --limit/--offset, every page with --all. */
  async list<T>(
    what: string,
    path: string,
    paging: Paging = {},
    query: Record<string, string | undefined> = {},
  ): Promise<T[]> {
    if (!paging.all) {
      return await this.call<T[]>(what, "GET", path, {
        query: { ...query, limit: paging.limit, offset: paging.offset },
        shape: "array",
      });
    }
    const size = paging.limit ?? PAGE_SIZE;
    const items: T[] = [];
    let offset = paging.offset ?? 0;
    let previous: string | undefined;
    for (;;) {
      const page = await this.call<T[]>(what, "GET", path, {
        query: { ...query, limit: size, offset },
        shape: "array",
      });
      // A server (or proxy) that ignores limit/offset answers the same page forever; stop
      // rather than loop or list everything many times over.
      const signature = JSON.stringify(page);
      if (page.length > 0 && signature === previous) {
        throw new ApiError(
          what,
          200,
          `the server answered the same page for offset ${offset - size} and ${offset}`,
          { unexpected: true, hint: "it seems to ignore paging; run without --all" },
        );
      }
      previous = signature;
      items.push(...page);
      // Bare arrays, no total: a short page is the last one (api.md section 4).
      if (page.length < size) break;
      offset += size;
    }
    return items;
  }

  async #authorize(headers: Headers, tokenOverride: string | undefined, url: URL) {
    const cred = this.options.credential;
    let header: [name: string, value: string, source: string];
    if (tokenOverride) header = ["Authorization", `Bearer ${tokenOverride}`, "the token"];
    else if (cred.kind === "token") {
      const source = cred.source === "profile" ? "the profile's saved token" : cred.source;
      header = ["Authorization", `Bearer ${cred.token}`, source];
    } else if (cred.kind === "api-key") header = ["X-API-Key", cred.key, "PANGOLIN_API_KEY"];
    else if (cred.kind === "client-credentials") {
      header = ["Authorization", `Bearer ${await this.#exchange()}`, "the exchanged token"];
    } else return;
    try {
      headers.set(header[0], header[1]);
    } catch {
      // Deno refuses a header value with a line break inside or a character beyond Latin-1.
      throw new UsageError(
        `${header[2]} cannot be sent: it holds characters an HTTP header cannot carry`,
      );
    }
    if (url.protocol === "http:" && !isLoopback(url.hostname) && !this.#warnedPlainHttp) {
      this.#warnedPlainHttp = true;
      this.options.warn.write(
        `Warning: sending credentials over plain http:// to ${url.host}; anyone on the network ` +
          "path can read them. Use https://.\n",
      );
    }
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
    const contentType = response.headers.get("content-type") ?? "";
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location") ?? "(no location)";
      throw new ApiError(what, status, `the server redirected to ${location}`, {
        unexpected: true,
        hint: "credentials are not sent after a redirect; point --url at the final address",
      });
    }
    if (status < 200 || status >= 300) {
      const retry = Number(response.headers.get("retry-after"));
      throw new ApiError(what, status, messageFromBody(text, contentType, response.statusText), {
        retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
        hint: status === 401 ? credentialHint ?? this.#hintFor401() : undefined,
        unexpected: looksLikeHtml(text, contentType),
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
      const why = looksLikeHtml(text, contentType)
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
