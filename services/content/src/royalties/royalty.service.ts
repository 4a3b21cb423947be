// R-ROYALTY (Điều 24.2): contributors whose moderated work is published earn royalties. One entry
// per contributor of each published revision that is new work (the first publication, or a
// revision whose change note is "major"), at a configurable rate per content kind. Entries are
// keyed `<item>:r<revision>:<n>`, so a re-run never pays twice. Statements per period as CSV.
import type { Collection } from "mongodb";
import { vnPeriod } from "../common";
import type { ItemHooks } from "../items/item.service";
import type { ItemDoc } from "../items/item.types";

export interface RoyaltyDoc {
  _id: string;
  portalId: string;
  period: string;
  itemId: string;
  revision: number;
  kind: string;
  title: string;
  contributor: { name: string; role?: string; userId?: string };
  amount: number;
  currency: "VND";
  publishedAt: Date;
}

export class RoyaltyService {
  constructor(
    private readonly royalties: Collection<RoyaltyDoc>,
    private readonly rates: Record<string, number>,
  ) {}

  rateFor(kind: string): number {
    return this.rates[kind] ?? this.rates.default ?? 0;
  }

  hooks(): ItemHooks {
    return {
      published: async (doc, previous) => {
        const rev = doc.live;
        if (!rev) return;
        const major = Object.values(rev.locales).some((l) => l.changeNote?.kind === "major");
        if (previous && previous.revision !== rev.revision && !major) return;
        if (previous && previous.revision === rev.revision) return; // re-publication of the same revision
        await this.record(doc);
      },
    };
  }

  private async record(doc: ItemDoc): Promise<void> {
    const rev = doc.live;
    if (!rev) return;
    const publishedAt = rev.publishedAt ?? new Date();
    let i = 0;
    for (const c of rev.contributors) {
      const entry: RoyaltyDoc = {
        _id: `${doc._id}:r${rev.revision}:${i++}`,
        portalId: doc.portalId,
        period: vnPeriod(publishedAt),
        itemId: doc._id,
        revision: rev.revision,
        kind: doc.kind,
        title: rev.locales.vi?.title ?? "",
        contributor: c,
        amount: this.rateFor(doc.kind),
        currency: "VND",
        publishedAt,
      };
      await this.royalties.insertOne(entry).catch((e: { code?: number }) => {
        if (e.code !== 11000) throw e;
      });
    }
  }

  /** Entries of a portal in a period `YYYY-MM` (a scan of a small collection, by period). */
  list(portalId: string, period: string): Promise<RoyaltyDoc[]> {
    return this.royalties.find({ portalId, period }).sort({ publishedAt: 1, _id: 1 }).toArray();
  }

  /** CSV with a UTF-8 BOM, so Excel shows Vietnamese correctly. */
  async statementCsv(portalId: string, period: string): Promise<string> {
    const rows = await this.list(portalId, period);
    const header = [
      "Kỳ",
      "Cổng",
      "Mã nội dung",
      "Phiên bản",
      "Loại",
      "Tiêu đề",
      "Người hưởng",
      "Vai trò",
      "Ngày xuất bản",
      "Số tiền (VNĐ)",
    ];
    const lines = [header.map(csvCell).join(",")];
    let total = 0;
    for (const r of rows) {
      total += r.amount;
      lines.push(
        [
          r.period,
          r.portalId,
          r.itemId,
          String(r.revision),
          r.kind,
          r.title,
          r.contributor.name,
          r.contributor.role ?? "",
          new Date(r.publishedAt).toISOString().slice(0, 10),
          String(r.amount),
        ]
          .map(csvCell)
          .join(","),
      );
    }
    lines.push(["Tổng cộng", "", "", "", "", "", "", "", "", String(total)].map(csvCell).join(","));
    return `\uFEFF${lines.join("\r\n")}\r\n`;
  }
}

/** RFC 4180 cell; a leading =,+,-,@ is prefixed so a spreadsheet never runs it as a formula. */
export function csvCell(v: string): string {
  let s = v.normalize("NFC");
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
