// Smoke test of the MongoDB wire-protocol server (FerretDB v1) with mongoose: CRUD, a unique
// index, and Vietnamese text that round-trips unchanged (UTF-8, NFC; R-STD).
import { serverEnv, uniqueName } from "@cong/testing";
import mongoose, { Schema } from "mongoose";

const env = serverEnv();

interface Doc {
  slug: string;
  title: string;
  tags: string[];
  publishedAt?: Date;
}

describe("MongoDB wire protocol (FerretDB) with mongoose", () => {
  const dbName = uniqueName("smoke-mongo").replaceAll("-", "_");
  let conn: mongoose.Connection;
  let Model: mongoose.Model<Doc>;

  beforeAll(async () => {
    conn = await mongoose
      .createConnection(env.MONGO_URL, { dbName, serverSelectionTimeoutMS: 10_000 })
      .asPromise();
    Model = conn.model<Doc>(
      "Item",
      new Schema<Doc>({
        slug: { type: String, required: true, unique: true },
        title: { type: String, required: true },
        tags: [String],
        publishedAt: Date,
      }),
    );
    await Model.init(); // builds the unique index
  });

  afterAll(async () => {
    await conn.dropDatabase();
    await conn.close();
  });

  it("creates, reads, updates and deletes", async () => {
    const created = await Model.create({ slug: "tin-1", title: "Tin thứ nhất", tags: ["tin"] });
    const read = await Model.findById(created._id).lean();
    expect(read?.title).toBe("Tin thứ nhất");

    await Model.updateOne({ _id: created._id }, { $set: { title: "Tin đã sửa" }, $push: { tags: "sửa" } });
    const updated = await Model.findOne({ slug: "tin-1" }).lean();
    expect(updated?.title).toBe("Tin đã sửa");
    expect(updated?.tags).toEqual(["tin", "sửa"]);

    await Model.deleteOne({ _id: created._id });
    expect(await Model.countDocuments({ slug: "tin-1" })).toBe(0);
  });

  it("enforces a unique index", async () => {
    await Model.create({ slug: "trung", title: "A" });
    await expect(Model.create({ slug: "trung", title: "B" })).rejects.toMatchObject({ code: 11000 });
    expect(await Model.countDocuments({ slug: "trung" })).toBe(1);
  });

  it("returns Vietnamese text byte for byte, in NFC", async () => {
    const title =
      "Quyết định số 36/2019/QĐ-UBND ban hành Quy chế tổ chức, quản lý Cổng Thông tin điện tử tỉnh Bắc Giang — đê điều, Ỷ Lan, Nguyễn Thị Ngọc Hưởng";
    expect(title).toBe(title.normalize("NFC"));
    const saved = await Model.create({ slug: "quy-che-36", title });
    const back = await Model.findById(saved._id).lean();
    expect(back?.title).toBe(title);
    expect(Buffer.from(back!.title, "utf8").equals(Buffer.from(title, "utf8"))).toBe(true);
    // and it can be found by an exact match on the NFC form
    expect(await Model.countDocuments({ title })).toBe(1);
  });

  it("sorts and pages with a compound index", async () => {
    await Model.insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        slug: `p-${String(i).padStart(2, "0")}`,
        title: `Bài ${i}`,
        publishedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    );
    const page = await Model.find({ slug: /^p-/ }).sort({ publishedAt: -1, _id: -1 }).limit(5).lean();
    expect(page.map((d) => d.slug)).toEqual(["p-29", "p-28", "p-27", "p-26", "p-25"]);
  });
});
