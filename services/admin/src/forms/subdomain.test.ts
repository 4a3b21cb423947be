// R-DOM: the admin proposes the subdomain content derives (services/content/src/text/fold.ts).
import {
  abbreviationOf,
  checkLabel,
  placeNameOf,
  proposedNames,
  proposedSource,
  subdomainLabel,
} from "./subdomain";

describe("a component portal's subdomain, proposed from the unit's name (R-DOM)", () => {
  it("a department's comes from its abbreviation, 'và' left out", () => {
    expect(abbreviationOf("Sở Tư pháp")).toBe("STP");
    expect(subdomainLabel(proposedSource("department", "Sở Tư pháp"))).toBe("stp");
    expect(proposedSource("department", "Sở Thông tin và Truyền thông")).toBe("STTTT");
    expect(subdomainLabel(proposedSource("department", "Sở Giáo dục và Đào tạo"))).toBe("sgddt");
  });

  it("a district's comes from its place name, the type word left out", () => {
    expect(placeNameOf("huyện Tân Yên")).toBe("Tân Yên");
    expect(subdomainLabel(proposedSource("district", "huyện Tân Yên"))).toBe("tanyen");
    expect(subdomainLabel(proposedSource("district", "Huyện  Yên Thế"))).toBe("yenthe");
    expect(subdomainLabel(proposedSource("district", "thành phố Bắc Giang"))).toBe("bacgiang");
    expect(subdomainLabel(proposedSource("district", "thị xã Việt Yên"))).toBe("vietyen");
  });

  it("folds as content does: NFD or NFC input, đ → d, only letters and digits", () => {
    expect(subdomainLabel("Lục Ngạn".normalize("NFD"))).toBe("lucngan");
    expect(subdomainLabel("Đồng Việt")).toBe("dongviet");
  });

  it("says what is wrong: empty, invalid, reserved, another portal's", () => {
    expect(checkLabel("", [])).toEqual({ label: "", problem: "empty" });
    expect(checkLabel("9X", [])).toEqual({ label: "9x", problem: "invalid" });
    expect(checkLabel("Đ", [])).toEqual({ label: "d", problem: "invalid" });
    expect(checkLabel("WWW", [])).toEqual({ label: "www", problem: "reserved" });
    expect(checkLabel("Tân Yên", ["stttt", "tanyen"])).toEqual({ label: "tanyen", problem: "taken" });
    expect(checkLabel("Yên Thế", ["tanyen"])).toEqual({ label: "yenthe" });
  });

  it("proposes the portal's name and agency in Vietnamese", () => {
    expect(proposedNames("district", "Huyện Yên Thế")).toEqual({
      name: "Cổng Thông tin điện tử huyện Yên Thế",
      agency: "Ủy ban nhân dân huyện Yên Thế",
    });
    expect(proposedNames("department", "Sở Tư pháp")).toEqual({
      name: "Cổng Thông tin điện tử Sở Tư pháp",
      agency: "Sở Tư pháp",
    });
  });
});
