import { parseEnvFile } from "./env";
import { uniqueName } from "./names";

describe("parseEnvFile", () => {
  it("reads NAME=value lines and skips comments and blanks", () => {
    expect(parseEnvFile("# c\nA=1\n\nB = x=y \nbad\n")).toEqual({ A: "1", B: "x=y" });
  });
});

describe("uniqueName", () => {
  it("gives distinct names valid for S3, Kafka and Mongo", () => {
    const a = uniqueName("Smoke Test_Ảnh");
    const b = uniqueName("Smoke Test_Ảnh");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9-]{3,63}$/);
  });
});
