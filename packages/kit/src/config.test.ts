import { baseConfig, ConfigError, kafkaConfig, loadConfig, mongoConfig } from "./config";

describe("loadConfig", () => {
  const shape = { ...baseConfig, ...mongoConfig, ...kafkaConfig };

  it("parses and coerces a valid environment", () => {
    const c = loadConfig(shape, {
      PORT: "3001",
      MANAGEMENT_PORT: "9301",
      MONGO_URL: "mongodb://127.0.0.1:27017",
      KAFKA_BROKERS: "a:9092, b:9092",
      KAFKA_SSL: "true",
    });
    expect(c.PORT).toBe(3001);
    expect(c.KAFKA_BROKERS).toEqual(["a:9092", "b:9092"]);
    expect(c.KAFKA_SSL).toBe(true);
    expect(c.LOG_LEVEL).toBe("info");
    expect(c.KAFKA_TOPIC_PREFIX).toBe("");
  });

  it("names every bad or missing key, with its description", () => {
    let err: ConfigError | undefined;
    try {
      loadConfig(shape, { PORT: "99999", MONGO_URL: "postgres://x", KAFKA_BROKERS: "" });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const keys = err?.problems.map((p) => p.key).sort();
    expect(keys).toEqual(["KAFKA_BROKERS", "MANAGEMENT_PORT", "MONGO_URL", "PORT"]);
    expect(err?.message).toMatch(/MANAGEMENT_PORT: missing \(port of \/live/);
    expect(err?.message).toMatch(/MONGO_URL: a mongodb:\/\/ or mongodb\+srv:\/\/ connection string/);
  });
});
