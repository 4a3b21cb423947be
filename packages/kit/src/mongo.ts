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
  /** heartbeat silence after which the driver's monitor is taken as stopped (default 60 s) */
  monitorSilentMs?: number;
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
  watchMonitor(conn, opts.logger, opts.monitorSilentMs ?? 60_000);
  return conn;
}

/**
 * The driver checks the server every 10 s (a check gives up after 30 s), and each check is a
 * heartbeat event. Twice in one day's CI (e2e outage-mongo, under load) the monitor stopped when
 * FerretDB was stopped: no heartbeat any more, every request "connection N … closed" for minutes
 * after the database was back. With no heartbeat for `silentMs`, the client is closed and
 * connected again (the same client: every collection object keeps working); requests meanwhile
 * answer 503 as during the outage.
 */
function watchMonitor(conn: Connection, logger: Logger, silentMs: number): void {
  const client = conn.getClient();
  let lastBeat = Date.now();
  const beat = () => {
    lastBeat = Date.now();
  };
  for (const ev of ["serverHeartbeatStarted", "serverHeartbeatSucceeded", "serverHeartbeatFailed"] as const)
    client.on(ev, beat);
  let reviving = false;
  const timer = setInterval(
    () => {
      const silent = Date.now() - lastBeat;
      if (reviving || silent < silentMs) return;
      reviving = true;
      logger.warn({ silentMs: silent }, "mongo driver's monitor silent: connecting the client again");
      void (async () => {
        try {
          await client.close();
          await client.connect();
          logger.info("mongo client connected again");
        } catch (e) {
          logger.warn({ err: e }, "mongo client could not connect again yet; tried again later");
        } finally {
          lastBeat = Date.now();
          reviving = false;
        }
      })();
    },
    Math.min(5_000, silentMs),
  );
  timer.unref();
  conn.on("close", () => {
    if (!reviving) clearInterval(timer);
  });
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
