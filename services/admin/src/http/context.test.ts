// Addresses to return to after sign-in or a language switch stay on this site (no open redirect).
import { checkLogoutClaims } from "../auth/oidc";
import { safeReturn } from "./context";

describe("safeReturn", () => {
  it.each([
    ["/p/tanyen/items?state=draft", "/p/tanyen/items?state=draft"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/auth/callback?code=x", "/"],
    ["/p/tanyen/<script>", "/"],
    [undefined, "/"],
  ])("%s → %s", (given, want) => {
    expect(safeReturn(given)).toBe(want);
  });
});

describe("back-channel logout tokens (OIDC Back-Channel Logout §2.4)", () => {
  const events = { "http://schemas.openid.net/event/backchannel-logout": {} };
  it("needs the logout event and a sid or sub, and never a nonce", () => {
    expect(checkLogoutClaims({ events, sid: "s1" })).toEqual({ sid: "s1" });
    expect(checkLogoutClaims({ events, sub: "u1" })).toEqual({ sub: "u1" });
    expect(() => checkLogoutClaims({ sid: "s1" })).toThrow(/event/);
    expect(() => checkLogoutClaims({ events })).toThrow(/sid or a sub/);
    expect(() => checkLogoutClaims({ events, sid: "s", nonce: "n" })).toThrow(/nonce/);
  });
});
