import type { StaticGroup as Group } from "../../lib/help.ts";
import { deleteMetadataCommand } from "./delete_metadata.ts";
import { getAssetDetailsCommand } from "./get_asset_details.ts";
import { getMetadataCommand } from "./get_metadata.ts";
import { listAccessRequestsCommand } from "./list_access_requests.ts";
import { requestAccessCommand } from "./request_access.ts";
import { setMetadataCommand } from "./set_metadata.ts";
import { updateAccessRequestCommand } from "./update_access_request.ts";

/** Metadata and access requests. */
export const group: Group = {
  title: "Metadata and access requests",
  commands: {
    "get-metadata": getMetadataCommand,
    "set-metadata": setMetadataCommand,
    "delete-metadata": deleteMetadataCommand,
    "get-asset-details": getAssetDetailsCommand,
    "request-access": requestAccessCommand,
    "list-access-requests": listAccessRequestsCommand,
    "update-access-request": updateAccessRequestCommand,
  },
};
