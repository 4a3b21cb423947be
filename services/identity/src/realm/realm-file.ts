// Entry point for infra/keycloak/realm.mjs (local start-up import): the definition and its realm
// file rendering, nothing that needs a build or a server.
export * from "./definition";
export { toImportJson } from "./realm.import";
