// The seeded asset ids, in a module of their own: metadata.ts needs them while it loads, and
// it and other.ts import each other's functions.

/** Seeded asset ids (acme): three in `sales`, two in `marketing`. */
export const ASSET_SEED = {
  orders: "f0e1d2c3-b4a5-4968-8776-655443322110",
  customers: "f1e1d2c3-b4a5-4968-8776-655443322111",
  ordersDaily: "f2e1d2c3-b4a5-4968-8776-655443322112",
  churnModel: "f3e1d2c3-b4a5-4968-8776-655443322113",
  marketingOrders: "f4e1d2c3-b4a5-4968-8776-655443322114",
};
