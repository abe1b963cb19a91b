/**
 * Access requests (pangolin-api.md 5.10.6 to 5.10.9): kebab-case records kept under the
 * session tenant; statuses `pending`, `approved`, `rejected` in lowercase only.
 */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** An access request (kebab-case; there is no username in it). */
export interface AccessRequest {
  id: string;
  "tenant-id": string;
  "user-id": string;
  "asset-id": string;
  reason: string | null;
  "requested-at": string;
  status: string;
  "reviewed-by": string | null;
  "reviewed-at": string | null;
  "review-comment": string | null;
}

/** The review body (lenient): `approved` or `rejected`, and an optional comment. */
export interface ReviewRequest {
  status: "approved" | "rejected";
  comment?: string;
}

/** POST /api/v1/assets/{id}/access-requests: 201; the asset is not checked for existence. */
export function requestAccess(
  api: ApiClient,
  assetId: string,
  reason?: string,
): Promise<AccessRequest> {
  return api.call(
    "request access",
    "POST",
    `/api/v1/assets/${encodeURIComponent(assetId)}/access-requests`,
    { json: reason === undefined ? {} : { reason }, shape: ["id", "status"] },
  );
}

/**
 * GET /api/v1/access-requests. The server pages first and only then keeps a non-admin's own
 * requests, so a short page is not the last one: following pages by their length would stop
 * early. `all` therefore asks for the rest of the list in one request, without a limit.
 */
export async function* accessRequestPages(
  api: ApiClient,
  paging: Paging,
): AsyncGenerator<AccessRequest[]> {
  if (paging.all) {
    yield await api.call<AccessRequest[]>(
      "list access requests",
      "GET",
      "/api/v1/access-requests",
      {
        query: { offset: paging.offset },
        shape: "array",
      },
    );
    return;
  }
  yield* api.pages<AccessRequest>("list access requests", "/api/v1/access-requests", paging);
}

/** Every access request of accessRequestPages in one array. */
export function listAccessRequests(api: ApiClient, paging: Paging): Promise<AccessRequest[]> {
  return collect(accessRequestPages(api, paging));
}

/** PUT /api/v1/access-requests/{id} (admins); an approval grants the requester `read`. */
export function updateAccessRequest(
  api: ApiClient,
  id: string,
  body: ReviewRequest,
): Promise<AccessRequest> {
  return api.call(
    "update access request",
    "PUT",
    `/api/v1/access-requests/${encodeURIComponent(id)}`,
    { json: body, shape: ["id", "status"] },
  );
}
