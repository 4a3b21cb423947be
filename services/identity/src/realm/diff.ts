// What differs between a desired representation and the one Keycloak returns. Only the keys the
// definition names are compared (Keycloak adds many defaults of its own); arrays of scalars are
// compared as sets (Keycloak does not keep their order); scalars by their string form ("true"
// equals true: client attributes are strings, realm fields are typed).

export function differences(desired: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual)) return [path || "(root)"];
    if (desired.every((d) => typeof d !== "object" || d === null)) {
      const a = new Set(actual.map((x) => String(x)));
      const d = new Set(desired.map((x) => String(x)));
      return a.size === d.size && [...d].every((x) => a.has(x)) ? [] : [path || "(root)"];
    }
    if (desired.length !== actual.length) return [path || "(root)"];
    return desired.flatMap((d, i) => differences(d, actual[i], `${path}[${i}]`));
  }
  if (desired !== null && typeof desired === "object") {
    const act = actual !== null && typeof actual === "object" ? (actual as Record<string, unknown>) : {};
    return Object.entries(desired as Record<string, unknown>).flatMap(([k, v]) =>
      differences(v, act[k], path ? `${path}.${k}` : k),
    );
  }
  if (desired === undefined) return [];
  if (actual === undefined || actual === null) return [path || "(root)"];
  return String(desired) === String(actual) ? [] : [path || "(root)"];
}
