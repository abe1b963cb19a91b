/**
 * The errors a command may throw. `lib/cli.ts` alone turns them into the contract's message,
 * `Hint:` line and exit code; nothing else prints an error or exits.
 */

/** Misuse of the command line: unknown or missing flag, malformed value (exit 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** No usable credentials, or an expired saved token; nothing was sent (exit 3). */
export class AuthError extends Error {
  override name = "AuthError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** The server answered with an error status, or with a body that is not what was expected. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    /** What was being done, as in "revoke token" (printed as "Failed to revoke token"). */
    readonly what: string,
    readonly status: number,
    /** The server's own message, or a description of the unexpected reply. */
    readonly serverMessage: string,
    readonly options: { retryAfter?: number; hint?: string; unexpected?: boolean } = {},
  ) {
    super(`Failed to ${what} (${status}): ${serverMessage}`);
  }
}

/** The server could not be reached: refused, DNS, timeout, TLS (exit 6). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    message: string,
    readonly hint?: string,
    /** The connection was dropped mid-request (a read may be retried). */
    readonly dropped = false,
  ) {
    super(message);
  }
}

/** The config file (or another local file) is unusable; it is left untouched (exit 1). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A failure that is already described, with the exit code it should end in. */
export class CommandFailure extends Error {
  override name = "CommandFailure";
  constructor(message: string, readonly exitCode = 1, readonly hint?: string) {
    super(message);
  }
}

/** The person at the prompt cancelled, or the process was interrupted (exit 130). */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(message = "Cancelled.") {
    super(message);
  }
}
