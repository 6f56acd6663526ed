export * from "./roles.js";
export * from "./schema/profile.js";
export * from "./schema/signal.js";
export * from "./schema/source.js";
export * from "./units.js";
