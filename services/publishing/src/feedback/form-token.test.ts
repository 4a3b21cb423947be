import { FormTokens } from "./form-token";

describe("form tokens (CSRF without a session store)", () => {
  const tokens = new FormTokens("a-secret-of-at-least-thirty-two-characters");
  it("accepts its own token for the same scope only, and not after two hours", () => {
    const t = tokens.issue("stttt|feedback", 1_000_000);
    expect(tokens.verify("stttt|feedback", t, 1_000_000 + 60_000)).toBe(true);
    expect(tokens.verify("tanyen|feedback", t, 1_000_000 + 60_000)).toBe(false);
    expect(tokens.verify("stttt|feedback", t, 1_000_000 + 3 * 3600_000)).toBe(false);
    expect(tokens.verify("stttt|feedback", `${t}x`, 1_000_000)).toBe(false);
    expect(
      new FormTokens("another-secret-of-thirty-two-characters!").verify("stttt|feedback", t, 1_000_000),
    ).toBe(false);
  });
});
