export * from "./definition";
export { differences } from "./diff";
export { demoPortalsFile, readPortals } from "./portals";
export { applyRealm, type Change, formatPlan, hasDrift, type PlanEntry } from "./realm.applier";
export { toImportJson } from "./realm.import";
