// Preview links (R-MODERATE: drafts' assets only with a token).
import { PreviewLinks } from "./links";

describe("preview links", () => {
  const links = new PreviewLinks("a-secret-of-at-least-thirty-two-chars!", 600);
  const now = Date.parse("2026-11-29T03:00:00Z");

  it("accepts its own token for the same asset until it expires", () => {
    const { token, expiresAt } = links.issue("a1b2c3d4e5f60718293a4b5c", now);
    expect(expiresAt.toISOString()).toBe("2026-11-29T03:10:00.000Z");
    expect(links.valid("a1b2c3d4e5f60718293a4b5c", token, now + 599_000)).toBe(true);
    expect(links.valid("a1b2c3d4e5f60718293a4b5c", token, now + 601_000)).toBe(false);
  });

  it("refuses it for another asset, tampered, or signed with another key", () => {
    const { token } = links.issue("a1b2c3d4e5f60718293a4b5c", now);
    expect(links.valid("ffffffffffffffffffffffff", token, now)).toBe(false);
    const [exp, mac] = token.split(".");
    expect(links.valid("a1b2c3d4e5f60718293a4b5c", `${Number(exp) + 3600}.${mac}`, now)).toBe(false);
    const other = new PreviewLinks("another-secret-of-at-least-32-chars!!", 600);
    expect(other.valid("a1b2c3d4e5f60718293a4b5c", token, now)).toBe(false);
    expect(links.valid("a1b2c3d4e5f60718293a4b5c", undefined, now)).toBe(false);
    expect(links.valid("a1b2c3d4e5f60718293a4b5c", ["x"], now)).toBe(false);
  });
});
