// Work a crash may leave unfinished, as `_id`-keyed markers in `todo`, so a start reads what is
// left instead of scanning `assets` (on FerretDB v1 any filter but `_id` reads the whole
// collection: 33–41 s each at 60,000 assets under load, measured on the 200,000-item bench
// database). `<task>|<assetId>`:
//   process|<id>  an upload recorded and not yet processed (written before the asset is inserted,
//                 dropped once it is `ready`/`failed`, deleted or gone)
//   remove|<id>   a deletion whose files may still be in S3 (written before `deletedAt` is, dropped
//                 once the files are removed)
// A marker is written before the state it stands for and dropped after the work is done, so a
// crash leaves at most a marker with nothing to do, which the next start checks and drops.
import type { Collection } from "mongodb";

export type Task = "process" | "remove";

export interface TodoDoc {
  _id: string;
  at: Date;
}

export interface Mark {
  assetId: string;
  at: Date;
}

export class Todo {
  constructor(readonly coll: Collection<TodoDoc>) {}

  async add(task: Task, assetId: string): Promise<void> {
    await this.coll.updateOne(
      { _id: `${task}|${assetId}` },
      { $setOnInsert: { at: new Date() } },
      { upsert: true },
    );
  }

  async done(task: Task, assetId: string): Promise<void> {
    await this.coll.deleteOne({ _id: `${task}|${assetId}` });
  }

  /** The oldest `limit` markers of a task: one `_id` range, sorted and limited by the index. */
  async list(task: Task, limit: number): Promise<Mark[]> {
    const docs = await this.coll
      .find({ _id: { $gt: `${task}|`, $lt: `${task}|~` } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ assetId: d._id.slice(task.length + 1), at: d.at }));
  }
}

/** A marker older than this whose asset shows no such work under way is dropped. */
export const STALE_MARK_MS = 60 * 60_000;
