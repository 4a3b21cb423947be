// @ts-check
// Readiness probes: each one speaks the server's own protocol, so "up" means "answers".
import net from "node:net";

/**
 * Sends `payload` to a loopback port and resolves with the answer once `expectBytes(answer)` bytes came.
 * @param {number} port
 * @param {Buffer} payload
 * @param {(received: Buffer) => number} expectBytes
 * @param {number} [timeoutMs]
 * @returns {Promise<Buffer>}
 */
export function tcpRequest(port, payload, expectBytes, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    /** @type {Buffer[]} */
    const chunks = [];
    let got = 0;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("timeout"));
    }, timeoutMs);
    sock.on("connect", () => sock.write(payload));
    sock.on("data", (c) => {
      chunks.push(c);
      got += c.length;
      if (got >= expectBytes(Buffer.concat(chunks))) {
        clearTimeout(timer);
        sock.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** @param {Buffer} buf */
const lengthPrefixed = (buf) => (buf.length >= 4 ? buf.readInt32BE(0) + 4 : Number.POSITIVE_INFINITY);

/**
 * Kafka ApiVersions v0 request; a broker answers with error code 0.
 * @param {number} port
 */
export async function probeKafka(port) {
  const clientId = Buffer.from("cong-local");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2);
  body.writeInt32BE(7, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  const res = await tcpRequest(port, Buffer.concat([size, body]), lengthPrefixed);
  if (res.readInt32BE(4) !== 7) throw new Error("unexpected correlation id");
  if (res.readInt16BE(8) !== 0) throw new Error(`ApiVersions error ${res.readInt16BE(8)}`);
}

/**
 * MongoDB OP_MSG { ping: 1, $db: "admin" }; the server answers ok: 1.
 * @param {number} port
 */
export async function probeMongo(port) {
  // BSON document {ping: 1 (int32), $db: "admin"}
  const fields = Buffer.concat([
    Buffer.from([0x10]),
    Buffer.from("ping\0"),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from([0x02]),
    Buffer.from("$db\0"),
    Buffer.from([6, 0, 0, 0]),
    Buffer.from("admin\0"),
  ]);
  const doc = Buffer.alloc(4 + fields.length + 1);
  doc.writeInt32LE(doc.length, 0);
  fields.copy(doc, 4);
  const header = Buffer.alloc(16 + 4 + 1);
  header.writeInt32LE(header.length + doc.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  header.writeUInt32LE(0, 16); // flagBits
  header.writeUInt8(0, 20); // section kind 0
  const res = await tcpRequest(port, Buffer.concat([header, doc]), (b) =>
    b.length >= 4 ? b.readInt32LE(0) : Number.POSITIVE_INFINITY,
  );
  if (res.readInt32LE(12) !== 2013) throw new Error("not an OP_MSG reply");
  // look for the "ok" double field equal to 1.0
  const i = res.indexOf(Buffer.from([0x01, 0x6f, 0x6b, 0x00]));
  if (i < 0 || res.readDoubleLE(i + 4) !== 1) throw new Error("ping not ok");
}

/**
 * An HTTP request whose status `ok` accepts (redirects are not followed).
 * @param {string} url
 * @param {(status: number) => boolean} ok
 */
export async function probeHttp(url, ok) {
  const ctrl = AbortSignal.timeout(3000);
  const res = await fetch(url, { signal: ctrl, redirect: "manual" });
  await res.arrayBuffer();
  if (!ok(res.status)) throw new Error(`HTTP ${res.status} from ${url}`);
}

/**
 * An SMTP server's greeting starts with 220.
 * @param {number} port
 */
export async function probeSmtp(port) {
  const greeting = await tcpRequest(port, Buffer.alloc(0), (b) =>
    b.includes(0x0a) ? b.length : Number.POSITIVE_INFINITY,
  );
  if (!greeting.toString("latin1").startsWith("220")) throw new Error("no SMTP greeting");
}

/**
 * Whether something accepts connections on a loopback port.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function portInUse(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    sock.setTimeout(1000);
    sock.on("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.on("timeout", () => {
      sock.destroy();
      resolve(false);
    });
    sock.on("error", () => resolve(false));
  });
}
