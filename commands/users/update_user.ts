import { defineCommand } from "../../lib/command.ts";
import { updateUser, type UpdateUserRequest } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { refFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { parseBool } from "../../lib/validate.ts";
import { checkPasswordSource, parseEmail, readNewPassword } from "./shared.ts";

interface Flags {
  id: string;
  username?: string;
  email?: string;
  active?: boolean;
  password?: string;
  passwordStdin?: boolean;
}

/** `update-user`: changes a user's email, active flag or password. */
export const updateUserCommand = defineCommand({
  docs: {
    brief: "Update a user's email, active flag or password",
    fullDescription: [
      "The server cannot rename a user or change its role: --username is refused and nothing",
      "is sent. Only admins may change --active.",
      "",
      "--active false does not lock anyone out: the server still lets a deactivated user log",
      "in, and tokens already issued keep working. Replace the password (--password-stdin)",
      "and revoke the user's tokens (revoke-user-tokens) as well. A new password does not end",
      "existing sessions either. The server's user records carry no active flag, so a change",
      "of it is sent but cannot be confirmed (--json says active_confirmed: false).",
      "",
      "Examples:",
      "  pangolin-admin update-user --id alice --email a@acme.io",
      "  pangolin-admin update-user --id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 --active false",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: refFlag("User: username or id", "user"),
      username: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Not supported by the server (refused; users cannot be renamed)",
        placeholder: "name",
      },
      email: {
        kind: "parsed",
        parse: parseEmail,
        optional: true,
        brief: "New email address",
        placeholder: "email",
      },
      active: {
        kind: "parsed",
        parse: parseBool,
        optional: true,
        brief: "true or false (admins only; does not stop logins, see above)",
        placeholder: "true|false",
      },
      password: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "New password (visible to other local users; prefer --password-stdin)",
        placeholder: "password",
      },
      passwordStdin: { kind: "boolean", optional: true, brief: "Read a new password from stdin" },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    if (flags.username !== undefined) {
      // PUT /api/v1/users/{id} has no username field; the old CLI sent one and got 422.
      throw new UsageError(
        "The server cannot rename users (PUT /api/v1/users/{id} has no username field); " +
          "nothing was sent. To rename, create a user with the new name and delete the old one.",
      );
    }
    const source = {
      value: flags.password,
      stdin: flags.passwordStdin,
      flag: "--password",
      stdinFlag: "--password-stdin",
    };
    checkPasswordSource(this, source, false);
    const changesPassword = flags.password !== undefined || !!flags.passwordStdin;
    if (flags.email === undefined && flags.active === undefined && !changesPassword) {
      throw new UsageError("Nothing to update: pass --email, --active or --password-stdin");
    }
    const { session, api } = await connect(this);
    const user = await resolveById(api, session, "user", flags.id);
    const id = user.id;
    const body: UpdateUserRequest = {};
    if (flags.email !== undefined) body.email = flags.email;
    if (flags.active !== undefined) body.active = flags.active;
    if (changesPassword) body.password = await readNewPassword(this, source);
    await updateUser(api, id, body);
    if (this.globals.json) {
      const { password: _secret, ...shown } = body;
      printJson(this, {
        updated: id,
        ...shown,
        // Sent and accepted, but no user record shows the flag back (see the note).
        ...(flags.active !== undefined ? { active_confirmed: false } : {}),
        ...(changesPassword ? { password_changed: true } : {}),
      });
    } else {
      say(this, `✅ User ${label(user)} updated`);
    }
    if (flags.active !== undefined) {
      // The server's user records carry no `active` field, and login never consults it
      // (api.md 7.1 #9): the change can be sent, never confirmed.
      const unseen = `Note: the server accepted active=${flags.active}, but its user records ` +
        "carry no active flag, so the change cannot be confirmed";
      note(
        this,
        flags.active
          ? `${unseen} (the flag has no effect on login either way).`
          : `${unseen}. It does not stop the user from logging in, and tokens already issued ` +
            "keep working. To lock the user out, also replace the password " +
            `(pangolin-admin update-user --id ${id} --password-stdin) and revoke the ` +
            `user's tokens (pangolin-admin revoke-user-tokens --user-id ${id}); sessions ` +
            "from login are not listed and stay valid until they expire (at most 24 h).",
      );
    }
    // With --active false the note above already says to revoke the tokens.
    if (changesPassword && flags.active !== false) {
      note(
        this,
        "Note: a new password does not end the user's existing sessions; revoke them with " +
          `pangolin-admin revoke-user-tokens --user-id ${id}.`,
      );
    }
  },
});
