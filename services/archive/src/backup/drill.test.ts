// R-BACKUP: the scratch names of a restore drill — never a live name, valid for FerretDB/MongoDB
// (databases) and S3 (buckets), at most 63 characters, two originals never on one scratch name.
import { namesOf, scratchNames } from "./drill";
import type { BackupManifest } from "./manifest";

const manifest = (databases: string[], buckets: string[]) =>
  ({ databases, buckets, files: [] }) as unknown as BackupManifest;

describe("restore drill scratch names (R-BACKUP)", () => {
  it("R-BACKUP: each database D is drill_<short>_D and each bucket B drill-<short>-B", () => {
    const s = scratchNames(
      "0a1b2c3d",
      manifest(["cong_content", "cong_archive"], ["cong-media", "cong-archive"]),
    );
    expect(s).toEqual({
      databases: [
        { from: "cong_content", to: "drill_0a1b2c3d_cong_content" },
        { from: "cong_archive", to: "drill_0a1b2c3d_cong_archive" },
      ],
      buckets: [
        { from: "cong-media", to: "drill-0a1b2c3d-cong-media" },
        { from: "cong-archive", to: "drill-0a1b2c3d-cong-archive" },
      ],
    });
    const names = namesOf(s);
    expect(names.database("cong_content")).toBe("drill_0a1b2c3d_cong_content");
    expect(names.bucket("cong-archive")).toBe("drill-0a1b2c3d-cong-archive");
    // a name the manifest does not list has none: nothing is written to a live name
    expect(() => names.database("cong_identity")).toThrow(/does not list/);
  });

  it("R-BACKUP: long names and bucket names with dots are cut to 63 characters and kept apart by a hash", () => {
    const longDb = (n: number) => `cong_${"very_long_database_name_".repeat(3)}${n}`;
    const longBucket = (n: number) => `cong-${"very-long-bucket-name-".repeat(3)}${n}`;
    const s = scratchNames(
      "ffffffff",
      manifest(
        [longDb(1), longDb(2)],
        [longBucket(1), longBucket(2), "media.bacgiang.gov.vn", "media-bacgiang-gov-vn"],
      ),
    );
    const dbs = s.databases.map((x) => x.to);
    const buckets = s.buckets.map((x) => x.to);
    for (const n of dbs) {
      expect(n.length).toBeLessThanOrEqual(63);
      expect(n).toMatch(/^drill_ffffffff_[A-Za-z0-9_-]+$/);
    }
    for (const n of buckets) {
      expect(n.length).toBeLessThanOrEqual(63);
      expect(n).toMatch(/^drill-ffffffff-[a-z0-9-]*[a-z0-9]$/);
    }
    expect(new Set(dbs).size).toBe(2);
    expect(new Set(buckets).size).toBe(4);
    expect(buckets[3]).toBe("drill-ffffffff-media-bacgiang-gov-vn");
    expect(buckets[2]).not.toBe(buckets[3]);
  });

  it("R-BACKUP: the short id is 8 hex digits", () => {
    expect(() => scratchNames("../x", manifest([], []))).toThrow(/8 hex digits/);
  });
});
