// FerretDB v1 applies an update as read-modify-write without isolation: two concurrent updates
// of the SAME document can lose one of them (measured: 152 of 200 pairs of `$set` + `$pullAll`
// lost one write). The outbox relay removes published events from a document (`$pullAll`) while
// the next state change of that document may be written — so every write to a collection that
// carries outbox entries goes through this wrapper, which runs writes to one `_id` one at a time
// in this process. (Across processes the version check still guards state changes on MongoDB; on
// FerretDB v1, run one writer process per database — see README.)
import type { Collection, Document } from "mongodb";

const WRITE_METHODS = new Set([
  "updateOne",
  "findOneAndUpdate",
  "replaceOne",
  "deleteOne",
  "findOneAndReplace",
  "findOneAndDelete",
]);

export function serializedWrites<T extends Document>(coll: Collection<T>): Collection<T> {
  const tails = new Map<string, Promise<unknown>>();
  const inTurn = <R>(key: string, fn: () => Promise<R>): Promise<R> => {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
  return new Proxy(coll, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || !WRITE_METHODS.has(prop) || typeof value !== "function") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (filter: Document, ...rest: unknown[]) => {
        const id = filter?._id;
        const call = () => (value as (...a: unknown[]) => Promise<unknown>).call(target, filter, ...rest);
        if (id === undefined || (typeof id === "object" && id !== null && !("toHexString" in id)))
          return call();
        return inTurn(String(id), call);
      };
    },
  });
}
