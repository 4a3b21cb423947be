// The driver's server monitor gone silent (seen twice in CI's outage-mongo, R-OPS-247): the kit's
// watchdog connects the same client again, and the collection objects the services hold keep
// working. The silence is made here by taking the watchdog's heartbeat listeners away (the real
// server stays up; the stopped monitor itself is not reproducible on demand).
import { serverEnv, uniqueName, waitFor } from "@cong/testing";
import pino from "pino";
import { connectMongo } from "../src";

const env = serverEnv();

it("connects the client again after a silent monitor, and the same collection objects answer", async () => {
  const said: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => said.push(JSON.parse(line).msg) });
  const conn = await connectMongo({
    url: env.MONGO_URL,
    dbName: uniqueName("kit-monitor"),
    logger,
    monitorSilentMs: 1_000,
  });
  try {
    const db = conn.db;
    if (!db) throw new Error("no db");
    const coll = db.collection<{ _id: string; n: number }>("things");
    await coll.insertOne({ _id: "a", n: 1 });
    const client = conn.getClient();
    for (const ev of ["serverHeartbeatStarted", "serverHeartbeatSucceeded", "serverHeartbeatFailed"] as const)
      client.removeAllListeners(ev);
    await waitFor(() => said.includes("mongo client connected again") || undefined, {
      timeoutMs: 20_000,
      what: "the client connected again",
    });
    expect(said).toContain("mongo driver's monitor silent: connecting the client again");
    await coll.updateOne({ _id: "a" }, { $inc: { n: 1 } });
    expect(await coll.findOne({ _id: "a" })).toEqual({ _id: "a", n: 2 });
    await db.dropDatabase();
  } finally {
    await conn.close();
  }
});
