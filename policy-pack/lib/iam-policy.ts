/**
 * Reading AWS IAM policy documents (identity policies, trust policies, key and bucket policies)
 * the way IAM reads them, so every rule that inspects one agrees on what it says.
 *
 * Provider inputs carry a document as a JSON string (JSON.stringify, pulumi.jsonStringify), and
 * some types also take an object (iam.Role assumeRolePolicy). `parsePolicyDocument` accepts both
 * and normalises the single-or-list elements to lists, so rules never branch on shape:
 *   Statement                      -> statements[]
 *   Action, NotAction              -> string[]
 *   Resource, NotResource          -> string[]
 *   Principal, NotPrincipal        -> { type, value }[] ("*" is { type: "*", value: "*" })
 *   Condition                      -> { operator, key, values }[] (values as strings: true -> "true")
 *
 * Case: action names, condition keys and condition operators are matched case-insensitively, as
 * IAM does. Element names (Statement, Effect, Action, ...) and principal types (AWS, Service,
 * Federated, CanonicalUser) are also read case-insensitively: a policy IAM would reject never
 * deploys, so reading leniently can only find more, never hide something.
 *
 * Values unknown during preview stay in the document as Pulumi's unknown sentinel strings; they
 * never match a wildcard or a literal. `containsUnknown` tells a rule when it cannot be sure.
 * A document that is itself unknown (or not JSON) parses to undefined: rules read the property
 * through lib/props `readKnown` first, so the SDK reports "can't run during preview" for it.
 *
 * Exports are used by rules of several pillars (identity, data, visibility); keep them stable.
 */
import { isPlainObject, isUnknown, raw } from "./props";

/** One principal entry: `type` is AWS, Service, Federated, CanonicalUser, or "*" for `Principal: "*"`. */
export interface Principal {
    type: string;
    value: string;
}

/** One condition test: `{ "StringEquals": { "aws:SourceAccount": ["1"] } }` gives one entry. */
export interface ConditionEntry {
    /** As written, e.g. "StringEquals", "ForAnyValue:StringLike", "BoolIfExists". */
    operator: string;
    /** As written, e.g. "aws:SourceAccount". */
    key: string;
    values: string[];
}

export interface PolicyStatement {
    /** Position in the document's Statement list (0 for a single statement object). */
    index: number;
    sid?: string;
    /** As written ("Allow" / "Deny"); use isAllow / isDeny to compare. */
    effect: string;
    action: string[];
    notAction: string[];
    resource: string[];
    notResource: string[];
    principal: Principal[];
    notPrincipal: Principal[];
    /** True when the statement has a Principal element (resource and trust policies). */
    hasPrincipal: boolean;
    condition: ConditionEntry[];
    /** The statement object as parsed, for anything not normalised here. */
    raw: Record<string, unknown>;
}

export interface PolicyDocument {
    version?: string;
    id?: string;
    statements: PolicyStatement[];
}

/** The canonical spelling of each principal type. */
const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

/** Looks up `name` in `obj` ignoring case; an exact match wins over a case-folded one. */
export function getKey(obj: Record<string, unknown>, name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(obj, name)) {
        return obj[name];
    }
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(obj)) {
        if (k.toLowerCase() === lower) {
            return v;
        }
    }
    return undefined;
}

/** Scalar policy values as IAM compares them: strings as-is, booleans and numbers as their text. */
function scalarText(value: unknown): string | undefined {
    const v = raw(value);
    if (typeof v === "string") {
        return v;
    }
    if (typeof v === "boolean" || typeof v === "number") {
        return String(v);
    }
    return undefined;
}

/** A single value or a list of values, as a list of strings (non-scalars are dropped). */
export function toList(value: unknown): string[] {
    const v = raw(value);
    if (v === undefined || v === null) {
        return [];
    }
    const items = Array.isArray(v) ? v : [v];
    return items.map(scalarText).filter((s): s is string => s !== undefined);
}

function parsePrincipal(value: unknown): Principal[] {
    const v = raw(value);
    if (v === undefined || v === null) {
        return [];
    }
    if (typeof v === "string") {
        // "Principal": "*" is everyone, the same as {"AWS": "*"}.
        return [{ type: v === "*" ? "*" : "AWS", value: v }];
    }
    if (!isPlainObject(v)) {
        return [];
    }
    const out: Principal[] = [];
    for (const [k, entry] of Object.entries(v)) {
        const type = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === k.toLowerCase()) ?? k;
        for (const value of toList(entry)) {
            out.push({ type, value });
        }
    }
    return out;
}

function parseCondition(value: unknown): ConditionEntry[] {
    const v = raw(value);
    if (!isPlainObject(v)) {
        return [];
    }
    const out: ConditionEntry[] = [];
    for (const [operator, tests] of Object.entries(v)) {
        const t = raw(tests);
        if (!isPlainObject(t)) {
            continue;
        }
        for (const [key, values] of Object.entries(t)) {
            out.push({ operator, key, values: toList(values) });
        }
    }
    return out;
}

function parseStatement(value: unknown, index: number): PolicyStatement | undefined {
    const s = raw(value);
    if (!isPlainObject(s)) {
        return undefined;
    }
    const principalValue = getKey(s, "Principal");
    const sid = scalarText(getKey(s, "Sid"));
    return {
        index,
        ...(sid !== undefined ? { sid } : {}),
        effect: scalarText(getKey(s, "Effect")) ?? "",
        action: toList(getKey(s, "Action")),
        notAction: toList(getKey(s, "NotAction")),
        resource: toList(getKey(s, "Resource")),
        notResource: toList(getKey(s, "NotResource")),
        principal: parsePrincipal(principalValue),
        notPrincipal: parsePrincipal(getKey(s, "NotPrincipal")),
        hasPrincipal: principalValue !== undefined && principalValue !== null,
        condition: parseCondition(getKey(s, "Condition")),
        raw: s,
    };
}

/**
 * Parses a policy document given as a JSON string or an object. Returns undefined when the value
 * is absent, unknown during preview, not JSON, or not an object. A document without a Statement
 * parses with no statements.
 */
export function parsePolicyDocument(input: unknown): PolicyDocument | undefined {
    let doc: unknown = raw(input);
    if (typeof doc === "string") {
        if (isUnknown(doc) || doc.trim() === "") {
            return undefined;
        }
        try {
            doc = JSON.parse(doc);
        } catch {
            return undefined;
        }
    }
    if (!isPlainObject(doc)) {
        return undefined;
    }
    const statementValue = raw(getKey(doc, "Statement"));
    const list = Array.isArray(statementValue) ? statementValue : statementValue === undefined || statementValue === null ? [] : [statementValue];
    const statements = list.map((s, i) => parseStatement(s, i)).filter((s): s is PolicyStatement => s !== undefined);
    const version = scalarText(getKey(doc, "Version"));
    const id = scalarText(getKey(doc, "Id"));
    return { ...(version !== undefined ? { version } : {}), ...(id !== undefined ? { id } : {}), statements };
}

/** True when the input is a policy document unknown during preview (the whole string or object). */
export function isUnknownPolicy(input: unknown): boolean {
    return isUnknown(raw(input));
}

/** True when any value anywhere in the document (or the document itself) is unknown during preview. */
export function containsUnknown(input: unknown): boolean {
    const v = raw(input);
    if (isUnknown(v)) {
        return true;
    }
    if (typeof v === "string") {
        // A JSON document whose text embeds a sentinel (object-form documents serialised late).
        return [...v.matchAll(/"([0-9a-f-]{36})"/g)].some((m) => isUnknown(m[1]));
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknown);
    }
    if (isPlainObject(v)) {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

export function isAllow(stmt: PolicyStatement): boolean {
    return stmt.effect.toLowerCase() === "allow";
}

export function isDeny(stmt: PolicyStatement): boolean {
    return stmt.effect.toLowerCase() === "deny";
}

/** `*` and `*:*`: every action of every service. */
export function isWildcardAction(action: string): boolean {
    return action === "*" || action === "*:*";
}

/**
 * IAM wildcard matching, case-insensitive: `*` is any run of characters, `?` any one character.
 * `pattern` is what the policy says, `value` the concrete action (e.g. "kms:Decrypt").
 */
export function wildcardMatch(pattern: string, value: string): boolean {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`, "is").test(value);
}

/** True when the statement's Action (or NotAction, by exclusion) covers `action`. Ignores Effect. */
export function coversAction(stmt: PolicyStatement, action: string): boolean {
    if (stmt.action.length > 0) {
        return stmt.action.some((p) => wildcardMatch(p, action));
    }
    if (stmt.notAction.length > 0) {
        return !stmt.notAction.some((p) => wildcardMatch(p, action));
    }
    return false;
}

/**
 * Allow statements that grant every action (`*` or `*:*` in Action) on every resource (`*` in
 * Resource, or any NotResource, which grants all but a few). Conditions do not help: a conditional
 * administrator is still an administrator. NotAction statements are not included (they name
 * what is excluded; judge them separately).
 */
export function wildcardAdminStatements(doc: PolicyDocument | undefined): PolicyStatement[] {
    return (doc?.statements ?? []).filter(
        (s) => isAllow(s) && s.action.some(isWildcardAction) && (s.resource.includes("*") || s.notResource.length > 0),
    );
}

/** True when the document has a statement `wildcardAdminStatements` returns. */
export function allowsWildcardAdmin(doc: PolicyDocument | undefined): boolean {
    return wildcardAdminStatements(doc).length > 0;
}

/** The statement's principals, normalised (see Principal). Empty for identity policies. */
export function principals(stmt: PolicyStatement): Principal[] {
    return stmt.principal;
}

/** Principals of one type (matched case-insensitively), e.g. principalValues(stmt, "Federated"). */
export function principalValues(stmt: PolicyStatement, type: string): string[] {
    return stmt.principal.filter((p) => p.type.toLowerCase() === type.toLowerCase()).map((p) => p.value);
}

/** True when the statement names everyone: `Principal: "*"`, or `*` for any principal type. */
export function allowsAnyPrincipal(stmt: PolicyStatement): boolean {
    return stmt.principal.some((p) => p.value === "*");
}

/** The statement's condition tests. */
export function conditions(stmt: PolicyStatement): ConditionEntry[] {
    return stmt.condition;
}

/**
 * The values a condition operator tests a key against, or undefined when the statement does not
 * test that key with that operator. Operator and key are matched case-insensitively, and the
 * operator exactly otherwise: "StringEquals" does not match "StringEqualsIfExists" or
 * "ForAnyValue:StringEquals". When a key appears more than once (case variants), the values are merged.
 */
export function conditionValues(stmt: PolicyStatement, operator: string, key: string): string[] | undefined {
    const hits = stmt.condition.filter((c) => c.operator.toLowerCase() === operator.toLowerCase() && c.key.toLowerCase() === key.toLowerCase());
    return hits.length === 0 ? undefined : hits.flatMap((c) => c.values);
}

/** True when the statement has a Condition element with at least one test. */
export function hasCondition(stmt: PolicyStatement): boolean {
    return stmt.condition.length > 0;
}

/** How messages name a statement: `statement "Sid"` when it has a Sid, else `statement 2` (1-based). */
export function statementLabel(stmt: PolicyStatement): string {
    return stmt.sid ? `statement "${stmt.sid}"` : `statement ${stmt.index + 1}`;
}
