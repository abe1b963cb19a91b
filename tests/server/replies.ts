// Response shapes of the Pangolin test double: the four error families of the real server
// (T plain text, J flat JSON, N nested JSON, E empty) plus JSON successes.

/** A response before it is written to the socket. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Thrown by extractors and handlers to answer at once with a prepared reply. */
export class Halt extends Error {
  /** The reply to send. */
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`halt ${reply.status}`);
    this.reply = reply;
  }
}

const TEXT = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json";

/** Family T: a bare plain-text message. */
export function text(status: number, body: string): Reply {
  return { status, headers: { "content-type": TEXT }, body };
}

/** A JSON body (successes, and the J/N families through the helpers below). */
export function json(status: number, value: unknown): Reply {
  return { status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(value) };
}

/** Family J: `{"error": "<message>"}`. */
export function jsonError(status: number, message: string): Reply {
  return json(status, { error: message });
}

/** Family N: the Iceberg-style `{"error": {"message", "type", "code"}}` envelope. */
export function nestedError(status: number, message: string, type: string): Reply {
  return json(status, { error: { message, type, code: status } });
}

/** Family E: no body and no content type. */
export function empty(status: number): Reply {
  return { status, headers: {}, body: "" };
}

/** Throws a plain-text (T) error. */
export function haltText(status: number, message: string): never {
  throw new Halt(text(status, message));
}

/** Throws a flat-JSON (J) error. */
export function haltJson(status: number, message: string): never {
  throw new Halt(jsonError(status, message));
}
