// R-REPORT: the report job (`cli.js reports`, the chart's CronJob on 1 January and 1 July with
// `--period auto`): every portal's report of the period in the four formats, stored under
// `reports/<period>/<portal>.<ext>` of the archive bucket. The figures and the files are the
// route's (buildReport, renderReport): one way to make a report.
import type * as Minio from "minio";
import type { RetentionRecords } from "../retention/records";
import { buildReport, type ReportSources } from "./data";
import { type Period, parsePeriod } from "./period";
import { REPORT_TYPES, type ReportFormat, renderReport } from "./render";

export interface ReportJobDeps extends ReportSources {
  /** publishedIn, and portals: the portals that have records, one keyed query each */
  records: Pick<RetentionRecords, "publishedIn" | "portals">;
  s3: Minio.Client;
  /** the archive bucket */
  bucket: string;
}

export interface ReportJobOptions {
  /** YYYY, YYYY-H1, YYYY-H2 or auto (the report last due at `now`) */
  period: string;
  /** one portal; every portal with records when left out */
  portal?: string | undefined;
  now?: Date;
  /** called with `s3://bucket/key` of each file once it is stored */
  stored?: (url: string) => void;
}

const FORMATS = Object.keys(REPORT_TYPES) as ReportFormat[];

/** Writes the reports of a period; throws UnknownPeriod before anything else. */
export async function runReportJob(
  d: ReportJobDeps,
  opts: ReportJobOptions,
): Promise<{ period: Period; portals: string[] }> {
  const now = opts.now ?? new Date();
  const period = parsePeriod(opts.period, now);
  // never a scan of the items: the first key of each portal's scope
  const portals = opts.portal ? [opts.portal] : await d.records.portals();
  if (!(await d.s3.bucketExists(d.bucket))) await d.s3.makeBucket(d.bucket);
  for (const portalId of portals) {
    const data = await buildReport(d, portalId, period, now);
    for (const format of FORMATS) {
      const body = await renderReport(data, format);
      const key = `reports/${period.label}/${portalId}.${format}`;
      await d.s3.putObject(d.bucket, key, body, body.length, { "Content-Type": REPORT_TYPES[format] });
      opts.stored?.(`s3://${d.bucket}/${key}`);
    }
  }
  return { period, portals };
}
