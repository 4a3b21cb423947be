// Runs the real ffmpeg/ffprobe binaries on a generated clip.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testClip } from "../../test/samples";
import { isWebVtt, posterFrame, probe } from "./probe";

describe("probe / poster / WebVTT", () => {
  const dir = mkdtempSync(join(tmpdir(), "media-probe-"));
  const clip = join(dir, "clip.mp4");
  beforeAll(() => {
    testClip(clip, { seconds: 2 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("records duration and codecs", async () => {
    const p = await probe(clip);
    expect(p.durationSeconds).toBeCloseTo(2, 0);
    expect(p.codecs.length).toBeGreaterThan(0);
    expect(p.width).toBe(320);
  });
  it("extracts a JPEG poster frame", async () => {
    const jpg = await posterFrame(clip, 1);
    expect(jpg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });
  it("validates the WEBVTT header", () => {
    expect(isWebVtt("WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào")).toBe(true);
    expect(isWebVtt("\uFEFFWEBVTT - phụ đề\n")).toBe(true);
    expect(isWebVtt("WEBVTTX\n")).toBe(false);
    expect(isWebVtt("1\n00:00:00,000 --> 00:00:01,000\n")).toBe(false);
  });
});
