// FerretDB v1 applies an update as read-modify-write without isolation: two concurrent updates of
// the SAME document can lose one of them (measured: 152 of 200 pairs of `$set` + `$pullAll` lost
// one write). Every write to one document therefore runs in turn within this process: the outbox
// (its writes and the relay's clean-up) and services' own writes share one queue per
// collection + `_id`. Across processes, version checks still guard state changes on MongoDB; on
// FerretDB v1 run one writer process per database (docs/architecture.md).
import type { Collection, Document } from "mongodb";

const tails = new Map<string, Promise<unknown>>();
const RAW = Symbol("cong.rawCollection");

const WRITE_METHODS = new Set([
  "updateOne",
  "findOneAndUpdate",
  "replaceOne",
  "deleteOne",
  "findOneAndReplace",
  "findOneAndDelete",
]);

/** True for ids that name one document (a string, number or ObjectId; not an operator object). */
function documentKey(id: unknown): string | undefined {
  if (id === undefined || id === null) return undefined;
  if (typeof id === "object" && !("toHexString" in id)) return undefined;
  return String(id);
}

/** Runs `fn` after every earlier write to the same document of `coll` (in this process). */
export function inTurn<R, T extends Document>(
  coll: Collection<T>,
  id: unknown,
  fn: () => Promise<R>,
): Promise<R> {
  const doc = documentKey(id);
  if (doc === undefined) return fn();
  const key = `${unwrapCollection(coll).collectionName}\u0000${doc}`;
  const prev = tails.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** The collection behind a `serializedWrites` wrapper (or the collection itself). */
export function unwrapCollection<T extends Document>(coll: Collection<T>): Collection<T> {
  return ((coll as unknown as Record<symbol, Collection<T>>)[RAW] ?? coll) as Collection<T>;
}

/**
 * The collection with its single-document writes (filter by `_id`) queued per document, in the
 * same queue the outbox uses; reads and other calls pass through.
 */
export function serializedWrites<T extends Document>(coll: Collection<T>): Collection<T> {
  return new Proxy(coll, {
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || !WRITE_METHODS.has(prop) || typeof value !== "function") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (filter: Document, ...rest: unknown[]) =>
        inTurn(target, filter?._id, () =>
          (value as (...a: unknown[]) => Promise<unknown>).call(target, filter, ...rest),
        );
    },
  });
}
