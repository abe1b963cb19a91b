// A small HTTP/1.1 server over Deno.listen for the Pangolin test double. Deno.serve cannot
// drop a connection without answering, and the double's "reset" and "hang" faults need
// exactly that, so the double speaks HTTP itself. Loopback only; keep-alive supported;
// Content-Length and chunked request bodies; no timers anywhere.

import type { Reply } from "./replies.ts";

/** A parsed request as the double's handlers see it. */
export interface RawRequest {
  method: string;
  /** Raw (percent-encoded) path, without the query. */
  path: string;
  /** Raw query string without `?` ("" when absent). */
  query: string;
  headers: Headers;
  body: Uint8Array;
  remoteAddr: string;
}

/**
 * What a handler wants done: answer, drop the connection without a response, or send the
 * head and part of the body and then stall until the server closes.
 */
export type Outcome = Reply | "reset" | { stall: Reply; until: Promise<void> };

/** Handles one request. */
export type RequestHandler = (req: RawRequest) => Promise<Outcome>;

const MAX_HEAD = 64 * 1024;
const MAX_BODY = 64 * 1024 * 1024;

const REASONS: Record<number, string> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

class Closed extends Error {}

/** Buffered reader over one connection. */
class ConnReader {
  #buf = new Uint8Array(0);
  constructor(readonly conn: Deno.Conn) {}

  async fill(): Promise<boolean> {
    const chunk = new Uint8Array(64 * 1024);
    let n: number | null;
    try {
      n = await this.conn.read(chunk);
    } catch {
      return false;
    }
    if (n === null) return false;
    const next = new Uint8Array(this.#buf.length + n);
    next.set(this.#buf);
    next.set(chunk.subarray(0, n), this.#buf.length);
    this.#buf = next;
    return true;
  }

  get buffered(): Uint8Array {
    return this.#buf;
  }

  take(n: number): Uint8Array {
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    return out;
  }

  /** Reads up to and including CRLF; null on EOF before any byte of the line. */
  async line(limit: number): Promise<string | null> {
    for (;;) {
      const idx = indexOf(this.#buf, [13, 10]);
      if (idx >= 0) return latin1(this.take(idx + 2).subarray(0, idx));
      if (this.#buf.length > limit) throw new Closed();
      if (!(await this.fill())) {
        if (this.#buf.length === 0) return null;
        throw new Closed();
      }
    }
  }

  async exactly(n: number): Promise<Uint8Array> {
    if (this.#buf.length >= n) return this.take(n);
    // Read the rest straight into the result so large bodies are not copied repeatedly.
    const out = new Uint8Array(n);
    out.set(this.#buf);
    let off = this.#buf.length;
    this.#buf = new Uint8Array(0);
    while (off < n) {
      let got: number | null;
      try {
        got = await this.conn.read(out.subarray(off));
      } catch {
        throw new Closed();
      }
      if (got === null) throw new Closed();
      off += got;
    }
    return out;
  }
}

function indexOf(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A running listener; `close()` drops every connection and waits for all loops to end. */
export class HttpServer {
  readonly port: number;
  #listener: Deno.Listener;
  #conns = new Set<Deno.Conn>();
  #loops = new Set<Promise<void>>();
  #acceptLoop: Promise<void>;
  #closing = false;

  constructor(
    port: number,
    readonly handler: RequestHandler,
    /** Seconds added to the `date` header (a server whose clock is off). */
    readonly dateSkewSeconds = 0,
  ) {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port, transport: "tcp" });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#acceptLoop = this.#accept();
  }

  async #accept(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return;
      }
      if (this.#closing) {
        safeClose(conn);
        continue;
      }
      this.#conns.add(conn);
      const loop = this.#serve(conn).finally(() => {
        this.#conns.delete(conn);
        this.#loops.delete(loop);
      });
      this.#loops.add(loop);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const reader = new ConnReader(conn);
    const remote = (conn.remoteAddr as Deno.NetAddr).hostname;
    try {
      while (!this.#closing) {
        const req = await readRequest(reader, conn, remote);
        if (!req) break;
        if ("error" in req) {
          await writeReply(conn, "GET", req.error, false, false, this.dateSkewSeconds);
          break;
        }
        const outcome = await this.handler(req.request);
        if (outcome === "reset" || this.#closing) break;
        if ("stall" in outcome) {
          await writeReply(
            conn,
            req.request.method,
            outcome.stall,
            false,
            true,
            this.dateSkewSeconds,
          );
          await outcome.until;
          break;
        }
        await writeReply(
          conn,
          req.request.method,
          outcome,
          req.keepAlive,
          false,
          this.dateSkewSeconds,
        );
        if (!req.keepAlive) break;
      }
    } catch {
      // Client went away or the connection was closed by close(): nothing to answer.
    } finally {
      safeClose(conn);
      this.#conns.delete(conn);
    }
  }

  /** Stops accepting, drops all connections and waits until every loop has finished. */
  async close(): Promise<void> {
    this.#closing = true;
    try {
      this.#listener.close();
    } catch {
      // already closed
    }
    for (const conn of this.#conns) safeClose(conn);
    await this.#acceptLoop;
    while (this.#loops.size > 0) await Promise.all([...this.#loops]);
  }
}

function safeClose(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}

type ReadResult =
  | { request: RawRequest; keepAlive: boolean }
  | { error: Reply };

async function readRequest(
  reader: ConnReader,
  conn: Deno.Conn,
  remote: string,
): Promise<ReadResult | null> {
  let requestLine = await reader.line(MAX_HEAD);
  // Tolerate stray empty lines between pipelined requests (RFC 9112 section 2.2).
  while (requestLine === "") requestLine = await reader.line(MAX_HEAD);
  if (requestLine === null) return null;
  const parts = requestLine.split(" ");
  if (parts.length !== 3 || !parts[2].startsWith("HTTP/1.")) {
    return { error: plain(400, "Bad Request") };
  }
  const [method, target, version] = parts;
  const headers = new Headers();
  let headBytes = requestLine.length;
  for (;;) {
    const line = await reader.line(MAX_HEAD);
    if (line === null) throw new Closed();
    if (line === "") break;
    headBytes += line.length;
    if (headBytes > MAX_HEAD) return { error: plain(431, "Request Header Fields Too Large") };
    const colon = line.indexOf(":");
    if (colon <= 0) return { error: plain(400, "Bad Request") };
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      return { error: plain(400, "Bad Request") };
    }
  }
  const connHeader = (headers.get("connection") ?? "").toLowerCase();
  const keepAlive = version === "HTTP/1.1"
    ? !connHeader.includes("close")
    : connHeader.includes("keep-alive");
  let body: Uint8Array = new Uint8Array(0);
  const te = (headers.get("transfer-encoding") ?? "").toLowerCase();
  const cl = headers.get("content-length");
  const expectContinue = (headers.get("expect") ?? "").toLowerCase() === "100-continue";
  if (te.includes("chunked")) {
    if (expectContinue) {
      await writeAll(conn, new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n"));
    }
    body = await readChunked(reader);
  } else if (cl !== null) {
    if (!/^\d+$/.test(cl)) return { error: plain(400, "Bad Request") };
    const n = Number(cl);
    if (n > MAX_BODY) return { error: plain(413, "Payload Too Large") };
    if (n > 0 && expectContinue) {
      await writeAll(conn, new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n"));
    }
    body = await reader.exactly(n);
  }
  let path = target;
  let query = "";
  if (/^https?:\/\//i.test(target)) {
    const u = new URL(target);
    path = u.pathname;
    query = u.search.slice(1);
  } else {
    const q = target.indexOf("?");
    if (q >= 0) {
      path = target.slice(0, q);
      query = target.slice(q + 1);
    }
  }
  return {
    request: { method, path, query, headers, body, remoteAddr: remote },
    keepAlive,
  };
}

async function readChunked(reader: ConnReader): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const sizeLine = await reader.line(1024);
    if (sizeLine === null) throw new Closed();
    const size = parseInt(sizeLine.split(";")[0].trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new Closed();
    if (size === 0) {
      // Trailers until an empty line.
      for (;;) {
        const t = await reader.line(MAX_HEAD);
        if (t === null || t === "") break;
      }
      break;
    }
    total += size;
    if (total > MAX_BODY) throw new Closed();
    chunks.push(await reader.exactly(size));
    await reader.exactly(2);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function plain(status: number, body: string): Reply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

async function writeReply(
  conn: Deno.Conn,
  method: string,
  reply: Reply,
  keepAlive: boolean,
  halfBody = false,
  dateSkewSeconds = 0,
): Promise<void> {
  const body = new TextEncoder().encode(reply.body);
  const lines = [`HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? "Unknown"}`];
  for (const [k, v] of Object.entries(reply.headers)) lines.push(`${k}: ${v}`);
  const bodiless = reply.status === 204 || reply.status === 304 || reply.status < 200;
  if (!bodiless) lines.push(`content-length: ${body.length}`);
  lines.push(`date: ${new Date(Date.now() + dateSkewSeconds * 1000).toUTCString()}`);
  if (!keepAlive) lines.push("connection: close");
  const head = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  const sendBody = !bodiless && method !== "HEAD";
  // A stalled reply announces the whole length and sends half of it.
  const sent = halfBody ? body.subarray(0, Math.floor(body.length / 2)) : body;
  const out = new Uint8Array(head.length + (sendBody ? sent.length : 0));
  out.set(head);
  if (sendBody) out.set(sent, head.length);
  await writeAll(conn, out);
}
