// MongoDB through mongoose. Code stays within what both MongoDB and FerretDB v1 support: no
// multi-document transactions, change streams, $lookup/$facet, TTL or partial indexes
// (docs/adr/0001). On FerretDB v1 only lookups by `_id` use an index; hot paths read by `_id`.
import mongoose, { type Connection } from "mongoose";
import type { Logger } from "pino";

/** The database named in the URL's path, else `fallback` (the service's name). */
export function databaseName(url: string, fallback: string): string {
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return m?.[1] ? decodeURIComponent(m[1]) : fallback;
}

export async function connectMongo(opts: {
  url: string;
  dbName: string;
  logger: Logger;
}): Promise<Connection> {
  const conn = mongoose.createConnection(opts.url, {
    dbName: databaseName(opts.url, opts.dbName),
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: 20,
    autoIndex: true,
  });
  conn.on("disconnected", () => opts.logger.warn("mongo disconnected"));
  conn.on("reconnected", () => opts.logger.info("mongo reconnected"));
  await conn.asPromise();
  return conn;
}

export async function pingMongo(conn: Connection): Promise<void> {
  if (!conn.db) throw new Error("mongo not connected");
  await conn.db.command({ ping: 1 });
}

/** True for errors that mean "the database is unreachable right now", not "the request is bad". */
export function isMongoUnavailable(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? "";
  return [
    "MongoNetworkError",
    "MongoNetworkTimeoutError",
    "MongoServerSelectionError",
    "MongoNotConnectedError",
    "MongoTopologyClosedError",
    "MongoPoolClearedError",
  ].includes(name);
}
