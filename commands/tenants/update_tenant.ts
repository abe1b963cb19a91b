import { defineCommand } from "../../lib/command.ts";
import { type TenantRequest, updateTenant } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { refFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";
import { propertiesOf, propertyFlag, rootOnly } from "./shared.ts";

interface Flags {
  id: string;
  name?: string;
  property?: ReadonlyArray<readonly [string, string]>;
}

/** `update-tenant`: renames a tenant or sets some of its properties. */
export const updateTenantCommand = defineCommand({
  docs: {
    brief: "Rename a tenant or set its properties (root)",
    fullDescription: [
      "The properties given are merged into the tenant's: a key given replaces its value, the",
      "other keys stay. The server cannot remove a property key.",
      "",
      "Examples:",
      "  pangolin-admin update-tenant --id acme --name acme-corp",
      "  pangolin-admin update-tenant --id 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b -P owner=ops",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: refFlag("Tenant: name or id", "tenant"),
      name: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "New name",
        placeholder: "name",
      },
      property: propertyFlag("Set a property (repeatable; merged, keys cannot be removed)"),
    },
    aliases: { P: "property" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const body: TenantRequest = {};
    if (flags.name !== undefined) body.name = flags.name;
    const properties = propertiesOf(flags.property);
    if (properties) body.properties = properties;
    if (Object.keys(body).length === 0) {
      throw new UsageError("Nothing to update: pass --name or -P key=value");
    }
    const { session, api } = await connect(this);
    const target = await resolveById(api, session, "tenant", flags.id)
      .catch(rootOnly("update tenants"));
    // PUT /api/v1/tenants/{id} merges properties into the existing map (api.md 7.4 #29).
    const tenant = await updateTenant(api, target.id, body).catch(rootOnly("update tenants"));
    if (this.globals.json) {
      printJson(this, tenant);
      return;
    }
    say(this, `✅ Tenant ${label({ ...target, name: tenant.name })} updated`);
  },
});
