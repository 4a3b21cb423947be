// Shared jest settings for every package of the workspace. TypeScript is compiled by swc
// (types are checked separately by `pnpm typecheck`); workspace packages resolve to their
// sources, so tests never depend on a previous build.
const path = require("node:path");

const ESM_ONLY = [
  "jose",
  "file-type",
  "strtok3",
  "token-types",
  "@tokenizer",
  "uint8array-extras",
  "@borewit",
  "peek-readable",
  // @keycloak/keycloak-admin-client (identity) and its ESM-only dependencies
  "@keycloak",
  "@microsoft",
  "camelize-ts",
  "url-template",
  // openid-client (admin) and its dependency
  "openid-client",
  "oauth4webapi",
  // preact 11 ships ES modules only (admin's server-rendered pages)
  "preact",
  "preact-render-to-string",
  // otplib's base32 and crypto plugins (tests compute one-time codes)
  "@scure",
  "@noble",
];

/** @param {string} dir the package directory (pass __dirname) */
module.exports = function preset(dir) {
  const name = path.relative(__dirname, dir);
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: "node",
    transform: {
      "^.+\\.(t|j)sx?$|^.+\\.mjs$": [
        "@swc/jest",
        {
          jsc: {
            target: "es2023",
            parser: { syntax: "typescript", tsx: true },
            // server-rendered TSX (admin) with preact's automatic runtime
            transform: { react: { runtime: "automatic", importSource: "preact" } },
          },
          module: { type: "commonjs" },
          sourceMaps: "inline",
        },
      ],
    },
    moduleNameMapper: {
      "^@cong/([a-z-]+)$": path.join(__dirname, "packages/$1/src/index.ts"),
      "^@cong/([a-z-]+)/(.+)$": path.join(__dirname, "packages/$1/src/$2"),
    },
    testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", "/dist/"],
    // ESM-only dependencies are compiled to CommonJS for jest's module system
    transformIgnorePatterns: [`/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?(${ESM_ONLY.join("|")})/)`],
  };
};
