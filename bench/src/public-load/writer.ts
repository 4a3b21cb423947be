// The writer: items created, edited, submitted, approved and published through the content API,
// and when each one is live on the public portal.

import { call, pubGet, Refused, type Reply, want } from "./http";
import { LIVE_CHECK_MS, LIVE_DEADLINE_MS, PLACES, sleep } from "./settings";

// ------------------------------------------------------------------------------------------- items

export const TOPICS = [
  "chuyển đổi số",
  "cải cách hành chính",
  "xây dựng nông thôn mới",
  "an toàn giao thông",
  "phòng chống thiên tai",
  "bảo vệ môi trường",
  "phát triển du lịch",
  "y tế cơ sở",
  "giáo dục đào tạo",
  "thu hút đầu tư",
  "an sinh xã hội",
  "lễ hội truyền thống",
];
export const pickOf = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

export function placeOf(i: number) {
  let h = (Math.imul(i + 1, 2654435761) >>> 0) % 100;
  for (const p of PLACES) {
    if (h < p.weight) return p;
    h -= p.weight;
  }
  return PLACES[0];
}

/** an item's text: a title unique in the run, a summary and a body of about 2 KB */
export function textOf(i: number, portalName: string, revision = 1) {
  const topic = pickOf(TOPICS, i);
  const title = `${topic.charAt(0).toUpperCase()}${topic.slice(1)}: ${portalName.replace(/^Cổng Thông tin điện tử /, "")} triển khai kế hoạch số ${i + 1}${revision > 1 ? ` (cập nhật lần ${revision - 1})` : ""}`;
  const para = (k: number) =>
    `<p>Đoạn ${k + 1}. Sáng nay, ${portalName.replace(/^Cổng Thông tin điện tử /, "")} tổ chức hội nghị về ${topic}. ` +
    "Hội nghị đánh giá kết quả thực hiện trong năm, chỉ ra những tồn tại, hạn chế và đề ra nhiệm vụ, " +
    "giải pháp trọng tâm cho thời gian tới, bảo đảm công khai, minh bạch và phục vụ người dân, doanh nghiệp.</p>";
  return {
    title,
    summary: `Tin về ${topic}${revision > 1 ? `, cập nhật lần ${revision - 1}` : ""}.`,
    bodyHtml: `<h2>${title}</h2>${Array.from({ length: 7 }, (_, k) => para(k)).join("")}`,
  };
}

export interface Portal {
  id: string;
  name: string;
  host: string;
  weight: number;
  categories: { categoryId: string; slug: string }[];
}

export interface Published {
  portal: number;
  itemId: string;
  version: number;
  revision: number;
  slug: string;
  n: number;
  categoryId: string;
  kind: string;
}

export interface WriteRecord {
  kind: "new" | "revision";
  startedAt: number;
  stages: Record<string, number>;
  approvedAt?: number;
  publishedAt?: number;
  publishedEpoch?: number;
  liveAt?: number;
  liveEpoch?: number;
  checks: number;
  key?: string;
  error?: string;
}

export class Writer {
  readonly records: WriteRecord[] = [];
  /** published items not being changed now (revisions pick from these) */
  readonly idle: Published[] = [];
  liveChecks = 0;
  private next = 0;

  constructor(
    private readonly contentUrl: string,
    private readonly pubPort: number,
    private readonly portals: Portal[],
    private readonly onLive: (p: Published) => void,
  ) {}

  private async step(rec: WriteRecord, name: string, f: () => Promise<Reply>, status: number) {
    const t0 = performance.now();
    const r = want(await f(), status, name);
    rec.stages[name] = performance.now() - t0;
    return r;
  }

  /** a new item (create → submit → approve → publish), or a new revision of `of` (edit → …) */
  async write(of?: Published): Promise<WriteRecord> {
    const rec: WriteRecord = {
      kind: of ? "revision" : "new",
      startedAt: performance.now(),
      stages: {},
      checks: 0,
    };
    this.records.push(rec);
    const n = of?.n ?? this.next++;
    const pi = of?.portal ?? n % this.portals.length;
    const portal = this.portals[pi] as Portal;
    const officer = `${portal.id}.focal-officer`;
    const board = `${portal.id}.board-member`;
    const items = `/portals/${portal.id}/items`;
    const c = this.contentUrl;
    try {
      const place = of ? { kind: of.kind, categoryId: of.categoryId } : placeOf(n);
      const revision = of ? of.revision + 1 : 1;
      const text = textOf(n, portal.name, revision);
      let id: string;
      let version: number;
      if (of) {
        id = of.itemId;
        const edited = await this.step(
          rec,
          "edit",
          () =>
            call(c, "PUT", `${items}/${id}`, officer, {
              categoryIds: [place.categoryId],
              locales: { vi: { ...text, slug: of.slug } },
              version: of.version,
            }),
          200,
        );
        version = edited.body.version;
      } else {
        const created = await this.step(
          rec,
          "create",
          () =>
            call(c, "POST", items, officer, {
              kind: place.kind,
              categoryIds: [place.categoryId],
              locales: { vi: text },
              contributors: [{ name: "Nguyễn Văn Bench", role: "tác giả" }],
            }),
          201,
        );
        id = created.body.itemId;
        version = created.body.version;
      }
      for (const [stage, who] of [
        ["submit", officer],
        ["approve", board],
      ] as const) {
        const to = `${items}/${id}/${stage}`;
        version = (await this.step(rec, stage, () => call(c, "POST", to, who, { version }), 200)).body
          .version;
      }
      rec.approvedAt = performance.now();
      const published = await this.step(
        rec,
        "publish",
        () => call(c, "POST", `${items}/${id}/publish`, board, { version }),
        200,
      );
      rec.publishedAt = performance.now();
      rec.publishedEpoch = Date.now();
      const live = published.body.live as { revision: number; locales: { vi: { slug: string } } };
      const item: Published = {
        portal: pi,
        itemId: id,
        version: published.body.version,
        revision: live.revision,
        slug: live.locales.vi.slug,
        n,
        categoryId: place.categoryId,
        kind: place.kind,
      };
      rec.key = `${id}|${live.revision}`;
      // live: the page answers 200 with this revision and its title
      const marker = `data-item="${id}" data-revision="${live.revision}"`;
      const deadline = performance.now() + LIVE_DEADLINE_MS;
      for (;;) {
        this.liveChecks++;
        rec.checks++;
        const r = await pubGet(this.pubPort, portal.host, `/tin/${item.slug}`).catch(() => null);
        if (r?.status === 200 && r.body.includes(marker) && r.body.includes(text.title)) {
          rec.liveAt = performance.now();
          rec.liveEpoch = Date.now();
          break;
        }
        if (performance.now() > deadline) throw new Refused("live", r?.status ?? 0, `not live after 30 s`);
        await sleep(LIVE_CHECK_MS);
      }
      this.idle.push(item);
      this.onLive(item);
    } catch (e) {
      rec.error = e instanceof Refused ? `${e.step} ${e.status}` : `${String((e as Error).cause ?? e)}`;
      // an item whose revision failed half-way is not revised again
    }
    return rec;
  }

  /** an idle published item, taken out of the pool while it is revised */
  takeIdle(): Published | undefined {
    if (!this.idle.length) return undefined;
    const k = Math.floor(Math.random() * this.idle.length);
    return this.idle.splice(k, 1)[0];
  }
}
