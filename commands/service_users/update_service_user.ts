import { defineCommand } from "../../lib/command.ts";
import { updateServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { refFlag } from "../../lib/flags.ts";
import { UsageError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { parseBool, parseNonEmpty } from "../../lib/validate.ts";

interface Flags {
  id: string;
  name?: string;
  description?: string;
  active?: boolean;
}

/** `update-service-user`: renames, redescribes, or (de)activates a service user. */
export const updateServiceUserCommand = defineCommand({
  docs: {
    brief: "Update a service user's name, description or active flag (admin)",
    fullDescription: [
      "The role cannot be changed. Deactivating a service user makes the server refuse its key.",
      "",
      "Examples:",
      "  pangolin-admin update-service-user --id nightly-report --active false",
      "  pangolin-admin update-service-user --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f --active false",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: refFlag("Service user: name or id", "service-user"),
      name: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "New name",
        placeholder: "name",
      },
      description: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "New description",
        placeholder: "text",
      },
      active: {
        kind: "parsed",
        parse: parseBool,
        optional: true,
        brief: "true or false",
        placeholder: "true|false",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const body: { name?: string; description?: string; active?: boolean } = {};
    if (flags.name !== undefined) body.name = flags.name;
    if (flags.description !== undefined) body.description = flags.description;
    if (flags.active !== undefined) body.active = flags.active;
    if (Object.keys(body).length === 0) {
      throw new UsageError("Nothing to update: pass --name, --description or --active");
    }
    const { session, api } = await connect(this);
    const target = await resolveById(api, session, "service user", flags.id);
    await updateServiceUser(api, target.id, body);
    if (this.globals.json) {
      printJson(this, { updated: target.id, ...body });
      return;
    }
    say(this, `✅ Service user ${label(target)} updated`);
  },
});
