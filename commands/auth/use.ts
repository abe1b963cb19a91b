import { defineCommand } from "../../lib/command.ts";
import { getTenant } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { label, parseRef, resolveById } from "../../lib/resolve.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `use`: sets the tenant a root profile works in (sent as X-Pangolin-Tenant). */
export const useCommand = defineCommand({
  docs: {
    brief: "Set the profile's tenant context (root only)",
    fullDescription: [
      "Root works in the default tenant unless it names another; this saves one in the profile",
      "(sent as X-Pangolin-Tenant). The server ignores the header for other roles.",
      "",
      "Examples:",
      "  pangolin-admin use acme",
      "  pangolin-admin use default",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Tenant name (or id)", parse: parseRef, placeholder: "tenant-name" }],
    },
  },
  func: async function (this: Context, _flags: Record<never, never>, name: string): Promise<void> {
    const { session, api } = await connect(this);
    if (session.credential.kind !== "token" || session.credential.source !== "profile") {
      throw new UsageError(
        "use changes a saved profile; log in first (not an environment credential)",
      );
    }
    if (session.claims?.role !== "root") {
      throw new CommandFailure(
        `use sets a tenant context for root sessions only; this session is ` +
          `${session.claims?.role ?? "unknown"} and works in its own tenant.`,
      );
    }
    const ref = await resolveById(api, session, "tenant", name);
    // The profile keeps the tenant's name too: one given by id is read (and so checked).
    const tenant = ref.name === undefined
      ? await getTenant(api, ref.id)
      : { id: ref.id, name: ref.name };
    await this.config.updateProfile(session.profileName, (p) => ({
      ...p,
      tenant_id: tenant.id,
      tenant_name: tenant.name,
    }));
    if (this.globals.json) {
      printJson(this, {
        profile: session.profileName,
        tenant_id: tenant.id,
        tenant_name: tenant.name,
      });
      return;
    }
    say(
      this,
      `✅ Using tenant ${label({ ...ref, ...tenant })} in profile '${session.profileName}'`,
    );
  },
});
