// The OpenAPI 3.1 document behind the conformance check (see conformance.ts): parsed once per
// file, with its route table (path templates as patterns, the most literal one first), local
// `$ref`s followed, a validator per response schema (ajv, JSON Schema 2020-12), and ajv's errors
// as readable lines.
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import YAML from "yaml";

export type Obj = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export const isJson = (essence: string) => essence === "application/json" || essence.endsWith("+json");
export const essenceOf = (ct: string | null | undefined) =>
  (ct ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
export const pointerSegment = (s: string) =>
  encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"));

export interface Operation {
  template: string;
  responses: Obj;
  /** JSON pointer (URI fragment) of the operation in the document */
  pointer: string;
}

/** A parsed document with its route table and a validator per response schema. */
export class Contract {
  private readonly ajv: Ajv2020;
  readonly id: string;
  private readonly validators = new Map<string, ValidateFunction | string>();
  private readonly routes: { template: string; re: RegExp; literals: number; item: Obj; pointer: string }[];

  constructor(
    readonly file: string,
    private readonly doc: Obj,
  ) {
    if (!/^3\.1\./.test(String(doc.openapi)))
      throw new Error(
        `${file}: this check reads OpenAPI 3.1 documents (found openapi: ${String(doc.openapi)})`,
      );
    this.id = `https://cong.invalid/openapi/${path.basename(path.dirname(file))}.json`;
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      validateFormats: true,
    });
    addFormats(this.ajv);
    // OpenAPI's own schema keywords (annotations here), the document's extensions (x-…), and the
    // document's top-level fields (ajv compiles the whole document once, as the root of its $refs)
    const annotations = new Set(["example", "xml", "externalDocs", "discriminator", ...extensionKeys(doc)]);
    for (const k of Object.keys(doc)) annotations.add(k);
    this.ajv.addVocabulary([...annotations].filter((k) => !this.ajv.getKeyword(k)));
    this.ajv.addSchema(doc, this.id);
    const paths = (doc.paths ?? {}) as Record<string, Obj>;
    this.routes = Object.entries(paths).map(([template, item]) => {
      // a path item may be a reference (to components/pathItems or to another path)
      const { value, pointer } = this.deref(item, `/paths/${pointerSegment(template)}`);
      return {
        template,
        re: new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
            .join("")}$`,
        ),
        literals: template.split("/").filter((s) => s && !s.includes("{")).length,
        item: (value ?? {}) as Obj,
        pointer,
      };
    });
  }

  /** follows a local `$ref` (response objects and path items may be references) */
  deref(value: unknown, pointer = ""): { value: unknown; pointer: string } {
    let v = value;
    let p = pointer;
    for (
      let hops = 0;
      v && typeof v === "object" && typeof (v as Obj).$ref === "string" && hops < 10;
      hops++
    ) {
      const ref = (v as Obj).$ref as string;
      if (!ref.startsWith("#/")) break;
      p = ref
        .slice(1)
        .split("/")
        .map((seg) => encodeURIComponent(decodeURIComponent(seg)))
        .join("/");
      v = ref
        .slice(2)
        .split("/")
        .map((s) => decodeURIComponent(s).replaceAll("~1", "/").replaceAll("~0", "~"))
        .reduce<unknown>(
          (at, key) => (at && typeof at === "object" ? (at as Obj)[key] : undefined),
          this.doc,
        );
    }
    return { value: v, pointer: p };
  }

  /** the operation answering `method path`: the matching template with the most literal segments */
  operation(method: string, pathname: string): Operation | string {
    const candidates = this.routes
      .filter((r) => r.re.test(pathname) || r.re.test(safeDecode(pathname)))
      .sort((a, b) => b.literals - a.literals);
    const route = candidates[0];
    if (!route) return `no path of the document matches ${pathname}`;
    const m = method.toLowerCase();
    // HEAD is answered by the GET route unless the document has a head operation
    const key = route.item[m] ? m : m === "head" && route.item.get ? "get" : undefined;
    if (!key)
      return `${route.template} has no ${method} operation (it has ${METHODS.filter((x) => route.item[x])
        .map((x) => x.toUpperCase())
        .join(", ")})`;
    const op = route.item[key] as Obj;
    return {
      template: route.template,
      responses: (op.responses ?? {}) as Obj,
      pointer: `${route.pointer}/${key}`,
    };
  }

  /** a validator for the schema at `pointer` (a URI fragment), or why there is none */
  validator(pointer: string): ValidateFunction | string {
    let v = this.validators.get(pointer);
    if (!v) {
      try {
        v = this.ajv.compile({ $ref: `${this.id}#${pointer}` });
      } catch (e) {
        v = `the schema at #${decodeURIComponent(pointer)} does not compile: ${(e as Error).message}`;
      }
      this.validators.set(pointer, v);
    }
    return v;
  }
}

function extensionKeys(doc: unknown): string[] {
  const keys = new Set<string>();
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object")
      for (const [k, v] of Object.entries(x)) {
        if (k.startsWith("x-")) keys.add(k);
        walk(v);
      }
  };
  walk(doc);
  return [...keys];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const contracts = new Map<string, Contract>();
/** The document of `file`, parsed once per process. */
export function contractOf(file: string): Contract {
  let c = contracts.get(file);
  if (!c) {
    c = new Contract(file, YAML.parse(fs.readFileSync(file, "utf8")) as Obj);
    contracts.set(file, c);
  }
  return c;
}

/** readable ajv errors: where in the body, what, and where in the document the rule is */
export function formatErrors(errors: ErrorObject[] | null | undefined, docId: string): string[] {
  const out = (errors ?? []).map((e) => {
    const p = e.params as { additionalProperty?: string; allowedValues?: unknown };
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String(p.additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${JSON.stringify(p.allowedValues)})`
          : "";
    // a path inside the response's own schema, or one inside a referenced component
    const at = decodeURIComponent(e.schemaPath.replace(docId, ""));
    const rule = /^#\/(components|paths)\//.test(at) ? at : `response schema${at.slice(1)}`;
    // array positions as *, so the same mistake in every element of a list is one line
    return `body${e.instancePath.replace(/\/\d+(?=\/|$)/g, "/*")} ${e.message ?? e.keyword}${extra} [${rule}]`;
  });
  return [...new Set(out)].slice(0, 6);
}
