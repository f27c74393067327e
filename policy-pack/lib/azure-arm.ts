/**
 * Azure Resource Manager ids as the Azure rules read them. ARM treats ids and names
 * case-insensitively (`/providers/Microsoft.Authorization/roleDefinitions/<GUID>` and its
 * lowercase spelling are the same id), so every comparison here ignores case.
 *
 * Azure references nest ids inside objects (`ipConfigurations[0].publicIPAddress.id`), while the
 * engine records which resource fed a property only per top-level input. So a reference counts
 * when the engine says the target fed that input (the primary evidence: ids are unknown in a
 * preview of a new target and mock ids offline), or when a literal id found at the nested path
 * equals the target's id or ends in the target's type segment and name (ids built from names, and
 * `pulumi stack export` files).
 */
import { PolicyResource } from "@pulumi/policy";
import { isUnknown, raw, readRaw } from "./props";

const GUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
export const GUID_PATTERN = new RegExp(`^${GUID_TEXT}$`, "i");
const TRAILING_GUID = new RegExp(`(?:^|/)(${GUID_TEXT})/?$`, "i");

/** True when two ARM ids (or names) are the same: case-insensitive, a trailing slash ignored. */
export function sameArmId(a: string, b: string): boolean {
    const norm = (s: string) => s.trim().replace(/\/+$/, "").toLowerCase();
    return norm(a) === norm(b);
}

/**
 * The GUID a role definition id ends in, lowercased: a full ARM id
 * (`/subscriptions/<s>/providers/Microsoft.Authorization/roleDefinitions/<guid>`, or the
 * tenant-level `/providers/...` form) or a bare GUID. Undefined for anything else.
 */
export function roleDefinitionGuid(id: string): string | undefined {
    const m = TRAILING_GUID.exec(id.trim());
    return m ? m[1].toLowerCase() : undefined;
}

/** The last `<type>/<name>` pair of an ARM id: `.../Microsoft.Network/publicIPAddresses/pip-1` gives { type: "publicIPAddresses", name: "pip-1" }. */
export function armIdLeaf(id: string): { type: string; name: string } | undefined {
    const parts = id.trim().replace(/\/+$/, "").split("/");
    if (parts.length < 3 || parts[0] !== "" || !/\/providers\//i.test(id)) {
        return undefined;
    }
    return { type: parts[parts.length - 2], name: parts[parts.length - 1] };
}

/**
 * The raw values found at `path` below `value`; a "*" segment walks every element of a list.
 * valuesAt(props, ["ipConfigurations", "*", "publicIPAddress", "id"]) lists each configuration's id.
 */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
    const v = raw(value);
    if (path.length === 0) {
        return v === undefined ? [] : [v];
    }
    const [head, ...rest] = path;
    if (head === "*") {
        return Array.isArray(v) ? v.flatMap((x) => valuesAt(x, rest)) : [];
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        return [];
    }
    return valuesAt((v as Record<string, unknown>)[head], rest);
}

/** How a literal id may name the target when it is not the target's own id: its ARM type segment and the properties holding its name. */
export interface ArmName {
    /** The type segment of the target's ids, e.g. "publicIPAddresses". */
    segment: string;
    /** The target's properties that hold its name, e.g. ["publicIpAddressName"]. */
    nameProps: readonly string[];
}

/**
 * True when the id found at `path` inside `from` (path starts with the top-level input, e.g.
 * ["ipConfigurations", "*", "publicIPAddress", "id"]) refers to `target`.
 */
export function armRefersTo(from: PolicyResource, path: readonly string[], target: PolicyResource, name?: ArmName): boolean {
    if ((from.propertyDependencies[path[0]] ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    const literals = valuesAt(from.props, path).filter((v): v is string => typeof v === "string" && v !== "" && !isUnknown(v));
    const ownId = readRaw(target.props, ["id"]);
    return literals.some((ref) => {
        if (ref === target.urn || (typeof ownId === "string" && !isUnknown(ownId) && sameArmId(ownId, ref))) {
            return true;
        }
        const leaf = name ? armIdLeaf(ref) : undefined;
        if (!leaf || !name || leaf.type.toLowerCase() !== name.segment.toLowerCase()) {
            return false;
        }
        return name.nameProps.some((p) => {
            const own = readRaw(target.props, [p]);
            return typeof own === "string" && !isUnknown(own) && sameArmId(own, leaf.name);
        });
    });
}
