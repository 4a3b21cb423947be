// Sample media the tests and the upload benchmark generate: a photo carrying camera EXIF with GPS
// (what R-PII says must not come back), and a short test-pattern clip made by ffmpeg.
import { execFileSync } from "node:child_process";
import sharp from "sharp";

export const GPS_EXIF = {
  IFD0: { Make: "CongTest" },
  IFD3: {
    GPSLatitudeRef: "N",
    GPSLatitude: "21/1 16/1 0/1",
    GPSLongitudeRef: "E",
    GPSLongitude: "106/1 12/1 0/1",
  },
};

export function photoWithGps(width = 1600, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif(GPS_EXIF)
    .toBuffer();
}

/** An H.264 MP4 (moov first) of `seconds` at 320×240, with an AAC tone when `audio`. */
export function testClip(file: string, opts: { seconds?: number; audio?: boolean } = {}): string {
  const s = opts.seconds ?? 2;
  execFileSync("ffmpeg", [
    ...["-v", "error", "-f", "lavfi", "-i", `testsrc=duration=${s}:size=320x240:rate=25`],
    ...(opts.audio
      ? ["-f", "lavfi", "-i", `sine=frequency=440:duration=${s}`, "-c:a", "aac", "-shortest"]
      : []),
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-y", file],
  ]);
  return file;
}
