import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ProbeResult {
  durationSeconds?: number;
  codecs: string[];
  width?: number;
  height?: number;
}

/** Duration and codecs of an audio/video file or URL via ffprobe (no shell). */
export async function probe(input: string, ffprobe = "ffprobe"): Promise<ProbeResult> {
  const { stdout } = await run(
    ffprobe,
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", input],
    {
      timeout: 60_000,
      maxBuffer: 4 * 1024 * 1024,
    },
  );
  const j = JSON.parse(stdout) as {
    format?: { duration?: string };
    streams?: { codec_name?: string; width?: number; height?: number }[];
  };
  const streams = j.streams ?? [];
  const video = streams.find((s) => s.width);
  const d = Number(j.format?.duration);
  return {
    durationSeconds: Number.isFinite(d) ? d : undefined,
    codecs: streams.map((s) => s.codec_name).filter((c): c is string => Boolean(c)),
    width: video?.width,
    height: video?.height,
  };
}

/** One frame at `atSeconds` as JPEG (video poster). */
export async function posterFrame(input: string, atSeconds = 1, ffmpeg = "ffmpeg"): Promise<Buffer> {
  const { stdout } = await run(
    ffmpeg,
    [
      "-v",
      "error",
      "-ss",
      String(atSeconds),
      "-i",
      input,
      "-frames:v",
      "1",
      "-f",
      "image2",
      "-c:v",
      "mjpeg",
      "pipe:1",
    ],
    { timeout: 60_000, maxBuffer: 32 * 1024 * 1024, encoding: "buffer" },
  );
  return stdout;
}

/** WebVTT files must start with "WEBVTT" (optional BOM) followed by space, tab or newline. */
export function isWebVtt(text: string): boolean {
  return /^\uFEFF?WEBVTT(?:[ \t][^\n]*)?(?:\r?\n|$)/.test(text);
}
