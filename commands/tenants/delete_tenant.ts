import { defineCommand } from "../../lib/command.ts";
import { deleteTenant } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say, warn } from "../../lib/output.ts";
import { connect, type Session } from "../../lib/session.ts";
import { DEFAULT_TENANT, label, named, parseRef, resolveById } from "../../lib/resolve.ts";
import { rootOnly } from "./shared.ts";

/** `delete-tenant`: removes a tenant and everything in it. */
export const deleteTenantCommand = defineCommand({
  docs: {
    brief: "Delete a tenant and everything in it (root)",
    fullDescription: [
      "The server deletes everything of the tenant with it: its users, service users,",
      "warehouses, catalogs and their namespaces and tables, branches, tags, roles,",
      "permissions, recorded tokens, settings and audit events. It cannot be undone. Asks to",
      "confirm on a terminal; without one, --yes is required.",
      "",
      "Examples:",
      "  pangolin-admin delete-tenant acme",
      "  pangolin-admin delete-tenant 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b --yes",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Tenant: name or id", parse: parseRef, placeholder: "tenant" }],
    },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, input: string): Promise<void> {
    const { session, api } = await connect(this);
    const tenant = await named(
      this,
      api,
      await resolveById(api, session, "tenant", input).catch(rootOnly("delete tenants")),
      flags.yes,
    );
    const id = tenant.id;
    if (id === DEFAULT_TENANT) {
      warn(
        this,
        "Warning: this is the default tenant, where root works without --tenant or 'use'.",
      );
    }
    const question = `Delete tenant ${label(tenant)} and everything in it: its users, ` +
      "service users, warehouses, catalogs, tables, roles, permissions, tokens and audit events?";
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    // DELETE /api/v1/tenants/{id} cascades on the server (api.md 5.4.5).
    await deleteTenant(api, id).catch(rootOnly("delete tenants"));
    await forgetTenantContext(this, session, id);
    if (this.globals.json) {
      printJson(this, { deleted: id, ...(tenant.name === undefined ? {} : { name: tenant.name }) });
      return;
    }
    say(this, `✅ Tenant ${label(tenant)} deleted`);
  },
});

/** A root profile that 'use'd the deleted tenant would keep sending its id: clear it. */
async function forgetTenantContext(ctx: Context, session: Session, id: string): Promise<void> {
  const fromProfile = session.credential.kind === "token" &&
    session.credential.source === "profile";
  if (!fromProfile || session.claims?.role !== "root" || session.profile?.tenant_id !== id) return;
  await ctx.config.updateProfile(session.profileName, (p) => {
    if (!p || p.tenant_id !== id) return p;
    const { tenant_id: _id, tenant_name: _name, ...rest } = p;
    return rest;
  });
  note(ctx, `Note: profile '${session.profileName}' no longer uses the deleted tenant.`);
}
