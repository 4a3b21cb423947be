// R-ORG: which asset references a create/edit must prove, and how a caller proves them.
import type { MediaUse } from "@cong/contracts";
import type { MediaLibrary } from "../media/media.client";
import { checkNewMedia } from "./media-refs";

const use = (assetId: string): MediaUse => ({ assetId, role: "cover", decorative: false });

function library(owned: Record<string, string>) {
  const asked: string[] = [];
  const lib: MediaLibrary = {
    async lookUp(portalId, assetId, authorization) {
      asked.push(`${portalId}/${assetId} ${authorization}`);
      return owned[assetId] === portalId ? "found" : "unknown";
    },
    previewToken: () => Promise.reject(new Error("unused")),
  };
  return { lib, asked };
}

describe("checkNewMedia", () => {
  it("asks media only about assets the item did not carry before, with the caller's token", async () => {
    const { lib, asked } = library({ a1: "lucngan", a2: "lucngan" });
    await checkNewMedia(lib, "lucngan", [use("a1"), use("a2"), use("a2")], ["a1"], {
      authorization: "Bearer t",
    });
    expect(asked).toEqual(["lucngan/a2 Bearer t"]);
  });

  it("names every position of a refused asset", async () => {
    const { lib } = library({ a1: "lucngan", s1: "stttt" });
    await expect(
      checkNewMedia(lib, "lucngan", [use("s1"), use("a1"), use("s1")], [], { authorization: "Bearer t" }),
    ).rejects.toMatchObject({
      status: 422,
      options: {
        reason: "unknown_asset",
        errors: [
          {
            path: "media.0.assetId",
            code: "unknown_asset",
            message: "Tệp không có trong thư viện của cổng này.",
          },
          {
            path: "media.2.assetId",
            code: "unknown_asset",
            message: "Tệp không có trong thư viện của cổng này.",
          },
        ],
      },
    });
  });

  it("a job without a token may use only the assets it declared for this portal (the demo seed)", async () => {
    const { lib, asked } = library({});
    const declaredAssets = new Map([
      ["d1", "stttt"],
      ["d2", "bacgiang"],
    ]);
    await checkNewMedia(lib, "stttt", [use("d1")], [], { declaredAssets });
    await expect(checkNewMedia(lib, "stttt", [use("d2")], [], { declaredAssets })).rejects.toMatchObject({
      status: 422,
    });
    // nothing declared and no token (e.g. a Q&A item made from feedback): no new media at all
    await expect(checkNewMedia(lib, "stttt", [use("d1")], [], {})).rejects.toMatchObject({ status: 422 });
    await checkNewMedia(lib, "stttt", [], [], {});
    expect(asked).toEqual([]);
  });
});
