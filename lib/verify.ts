/** Checks with the server that a token that should be dead is refused. */
import { me } from "./api/auth.ts";
import type { ApiClient } from "./api/client.ts";
import type { Context } from "./context.ts";
import { ApiError } from "./errors.ts";
import { warn } from "./output.ts";

/** "refused" when the server answers 401, "accepted" when it still works, else "unknown". */
export async function checkRefused(
  ctx: Context,
  api: ApiClient,
  token: string,
): Promise<"refused" | "accepted" | "unknown"> {
  try {
    await me(api, token);
    return "accepted";
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return "refused";
    warn(ctx, `Warning: could not check that the old token is refused: ${(err as Error).message}`);
    return "unknown";
  }
}
