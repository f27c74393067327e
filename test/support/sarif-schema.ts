/**
 * A validator for the official SARIF 2.1.0 schema, vendored next to this file
 * (sarif-schema-2.1.0.json; where it comes from and its licence: sarif-schema-2.1.0.md).
 *
 * The file declares JSON Schema draft-04 (`$schema` draft-04, `id`), which Ajv 8 does not ship.
 * It is compiled as draft-07 instead: the two drafts agree on every keyword the file uses (it has
 * no boolean exclusiveMinimum/exclusiveMaximum, and every `$ref` is local), so only the header
 * changes. Compiling also checks the vendored file against the draft-07 meta-schema, in strict
 * mode, so a damaged copy fails here rather than passing everything.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";

export const SARIF_SCHEMA_FILE = path.join(__dirname, "sarif-schema-2.1.0.json");

let compiled: ValidateFunction | undefined;

function compile(): ValidateFunction {
    const { $schema: _draft04, id, ...rest } = JSON.parse(fs.readFileSync(SARIF_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    // The formats the schema names, checked as strictly as a reader of the log would: an absolute
    // URI where one is required, a URI reference without spaces or backslashes, an RFC 3339 time.
    ajv.addFormat("uri", (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
    ajv.addFormat("uri-reference", (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, "file:///"));
    ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)));
    return ajv.compile({ $schema: "http://json-schema.org/draft-07/schema#", $id: id as string, ...rest });
}

/** The schema's errors for a log, as readable lines; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
    compiled ??= compile();
    return compiled(log) ? [] : (compiled.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
}
