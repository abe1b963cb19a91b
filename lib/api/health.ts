/** The health probe (pangolin-api.md 5.15 and Appendix A): public, no credentials. */
import type { ApiClient, Reply } from "./client.ts";

/** The body of GET /health: `ready` with the store's state, or 503 while starting/draining. */
export interface Health {
  status?: string;
  store?: string;
  store_latency_ms?: number;
}

/** GET /health, sent without credentials; the reply's headers carry the server's `Date`. */
export function health(api: ApiClient): Promise<Reply<Health>> {
  return api.send("check the server's health", "GET", "/health", { anonymous: true });
}
