import { defineCommand } from "../../lib/command.ts";
import { type ReviewRequest, updateAccessRequest } from "../../lib/api/access_requests.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  id: string;
  status: ReviewRequest["status"];
  comment?: string;
}

/**
 * The review status in the server's spelling: only lowercase `approved` and `rejected` are
 * accepted there (`Approved` is a 422), so other spellings are turned into those.
 */
export function parseReviewStatus(input: string): ReviewRequest["status"] {
  const v = input.trim().toLowerCase();
  if (v === "approved" || v === "approve") return "approved";
  if (v === "rejected" || v === "reject") return "rejected";
  if (v === "pending") throw new SyntaxError("a request cannot be set back to pending");
  throw new SyntaxError(`'${input}' is not a status (approved or rejected)`);
}

/** `update-access-request`: an admin approves or rejects a request. */
export const updateAccessRequestCommand = defineCommand({
  docs: {
    brief: "Approve or reject an access request (admin)",
    fullDescription: [
      "--status takes approved or rejected (also Approved, approve, reject, ...). On approval",
      "the server gives the requester a direct read permission on the asset, when it can find",
      "the asset.",
      "",
      "Examples:",
      "  pangolin-admin update-access-request --id d4c3b2a1-9f8e-4d7c-b6a5-948372615041 " +
      "--status approved",
      "  pangolin-admin update-access-request --id d4c3b2a1-9f8e-4d7c-b6a5-948372615041 " +
      "--status rejected --comment 'use the aggregate view'",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: uuidFlag("Access request id (UUID)"),
      status: {
        kind: "parsed",
        parse: parseReviewStatus,
        brief: "approved or rejected",
        placeholder: "status",
      },
      comment: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "A comment for the requester",
        placeholder: "text",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    const body: ReviewRequest = { status: flags.status };
    if (flags.comment !== undefined) body.comment = flags.comment;
    const updated = await updateAccessRequest(api, flags.id, body);
    if (this.globals.json) {
      printJson(this, updated);
      return;
    }
    say(this, `✅ Access request ${flags.id} ${updated.status}`);
  },
});
