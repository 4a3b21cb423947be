// R-DOM: subdomain derivation and validation, and the categories each kind of portal starts with.
import { PortalSnapshot } from "@cong/contracts";
import { AppError } from "@cong/kit";
import { seedCategories } from "./categories";
import { AddressInput, LicenceInput, PersonInChargeInput } from "./footer";
import { deriveSubdomain } from "./portal.service";
import { type PortalDoc, portalSnapshot, portalView } from "./portal.types";

const derive = (
  kind: "province" | "department" | "district",
  i: { abbreviation?: string; placeName?: string },
) => deriveSubdomain(kind, i, "bacgiang.gov.vn");

describe("deriveSubdomain (R-DOM)", () => {
  it("uses the place name for districts and the province", () => {
    expect(derive("district", { placeName: "Tân Yên" })).toEqual({
      portalId: "tanyen",
      host: "tanyen.bacgiang.gov.vn",
    });
    expect(derive("province", { placeName: "Bắc Giang" })).toEqual({
      portalId: "bacgiang",
      host: "bacgiang.gov.vn",
    });
  });
  it("uses the abbreviation for departments", () => {
    expect(derive("department", { abbreviation: "STTTT", placeName: "ignored" }).portalId).toBe("stttt");
    expect(derive("department", { abbreviation: "Sở KH&ĐT" }).portalId).toBe("sokhdt");
  });
  it("refuses labels that are reserved, too short or start with a digit", () => {
    for (const abbreviation of ["WWW", "A", "3D", "Đ"]) {
      let err: unknown;
      try {
        derive("department", { abbreviation });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).options.reason).toBe("invalid_subdomain");
    }
  });
  it("requires the source name of each kind", () => {
    expect(() => derive("department", { placeName: "Tân Yên" })).toThrow(AppError);
    expect(() => derive("district", { abbreviation: "TY" })).toThrow(AppError);
  });
});

describe("seeded categories (R-CONTENT, R-RETAIN, R-TIMELY)", () => {
  it("gives the gazette to the province only", () => {
    expect(seedCategories("province").some((c) => c.slug === "cong-bao")).toBe(true);
    expect(seedCategories("district").some((c) => c.slug === "cong-bao")).toBe(false);
  });
  it("keeps legal documents, plans and procurement permanently, news at most five years", () => {
    const byslug = Object.fromEntries(seedCategories("department").map((c) => [c.slug, c]));
    expect(byslug["van-ban-quy-pham-phap-luat"]?.retentionClass).toBe("permanent");
    expect(byslug["chien-luoc-quy-hoach-ke-hoach"]?.retentionClass).toBe("permanent");
    expect(byslug["du-an-dau-tu-dau-thau"]?.retentionClass).toBe("permanent");
    expect(byslug["tin-tuc-su-kien"]?.retentionClass).toBe("limited-5y");
    expect(byslug["van-ban-chi-dao-dieu-hanh"]?.deadlineWorkingDays).toBe(10);
  });
});

describe("footer facts (Decree 42/2022, issue 17)", () => {
  const legacy: PortalDoc = {
    _id: "tanyen",
    kind: "district",
    name: { vi: "Cổng Thông tin điện tử huyện Tân Yên" },
    agency: { vi: "Ủy ban nhân dân huyện Tân Yên" },
    host: "tanyen.bacgiang.gov.vn",
    parentPortalId: "bacgiang",
    languages: ["vi"],
    boardMailbox: "banbientap@tanyen.bacgiang.gov.vn",
    hotline: "(0204) 3.878.256",
    // a document written before issue 17: the address a plain string
    address: "Thị trấn Cao Thượng, huyện Tân Yên",
    categories: [],
    active: true,
    version: 3,
    createdAt: new Date(),
    updatedAt: new Date(),
  };

  it("reads an address stored as a string as the Vietnamese one, in the API and the event", () => {
    expect(portalView(legacy).address).toEqual({ vi: "Thị trấn Cao Thượng, huyện Tân Yên" });
    const snap = PortalSnapshot.parse(portalSnapshot(legacy));
    expect(snap.address).toBe("Thị trấn Cao Thượng, huyện Tân Yên");
    expect(snap.addressText).toEqual({ vi: "Thị trấn Cao Thượng, huyện Tân Yên" });
    expect(snap.personInCharge).toBeUndefined();
    expect(snap.licence).toBeUndefined();
  });

  it("takes text trimmed and in NFC, and refuses markup and line breaks", () => {
    expect(AddressInput.parse(" Số 82 đường Hùng Vương ".normalize("NFD"))).toEqual({
      vi: "Số 82 đường Hùng Vương",
    });
    expect(LicenceInput.safeParse({ vi: "Giấy phép <i>số</i> 1" }).success).toBe(false);
    expect(
      PersonInChargeInput.safeParse({ name: "Vũ\nMinh Tuấn", position: { vi: "Chủ tịch" } }).success,
    ).toBe(false);
  });
});
