/** The caveat shared by the verbs of pangolin-api.md 5.14: they use the session tenant. */
import type { Context } from "../../lib/context.ts";
import { note } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";

/**
 * Search, bulk delete and name validation work on the session's own tenant, so a root session
 * always works on the default tenant, whatever --tenant or `use` says.
 */
export function noteRootSessionTenant(ctx: Context, session: Session, what: string): void {
  if (session.claims?.role !== "root") return;
  note(
    ctx,
    `Note: as root, ${what} the default tenant only: the server uses the session's own ` +
      "tenant here, and --tenant or 'use' do not change it.",
  );
}
