/**
 * How the zt-k8s pod rules read a pod: the pod spec of any kind that creates pods (see k8s.ts), its
 * containers, and the fields a rule decides on, read so that a value unknown during preview makes
 * the rule report "can't run" instead of passing or failing on a placeholder.
 *
 * Every read goes through the server's unknown-checking proxy down to the leaf, and then touches
 * everything inside the leaf (a list of capabilities, a resources map), so an unknown anywhere in
 * the decisive value throws. Values a rule only names in its message (a container's name) are read
 * raw: one unknown name must not stop a privileged-container check.
 */
import { notPodOwner, podSpecPath } from "./k8s";
import { formatPath, isUnknown, raw, readRaw } from "./props";

export type ContainerField = "containers" | "initContainers" | "ephemeralContainers";
export const ALL_CONTAINER_FIELDS: readonly ContainerField[] = ["containers", "initContainers", "ephemeralContainers"];

/** A container or a volume of a pod. */
export interface PodEntry {
    /** How messages name it: `spec.template.spec.containers[0] (app)`, `spec.volumes[1] (data)`. */
    label: string;
    name: string;
    /** A field of the entry (`["securityContext", "privileged"]`), with no unknown anywhere in it. */
    read(path: readonly string[]): unknown;
    /** Whether the field is set (to anything, known or not inside): `has(["hostPath"])`. */
    has(path: readonly string[]): boolean;
    /** A known string field, for messages only (undefined when absent, unknown or not a string). */
    text(path: readonly string[]): string | undefined;
}

export interface PodContainer extends PodEntry {
    field: ContainerField;
}

export interface Pod {
    /** The pod spec's path as messages print it: `spec.template.spec`, or `spec` for a Pod. */
    where: string;
    /** A field of the pod spec, with no unknown anywhere in it. */
    read(path: readonly string[]): unknown;
    /**
     * The containers of the given lists (default: all three; ephemeral containers run with the same
     * privileges as the others). An unknown list or entry throws: which containers exist is decisive.
     */
    containers(fields?: readonly ContainerField[]): PodContainer[];
    /** The pod's volumes; an unknown list or entry throws. */
    volumes(): PodEntry[];
}

/** The (proxied) value at `path`: an unknown on the way throws, the value itself is not looked into. */
function walk(value: unknown, path: readonly string[]): unknown {
    let current = value;
    for (const segment of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

/** Reads through the proxy, then touches everything inside the value, so an unknown anywhere in it throws. */
function readDeep(value: unknown, path: readonly string[]): unknown {
    const found = walk(value, path);
    touchAll(found);
    return raw(found);
}

function touchAll(value: unknown): void {
    if (value !== null && typeof value === "object") {
        for (const key of Object.keys(value)) {
            touchAll((value as Record<string, unknown>)[key]);
        }
    }
}

/** The list under `path` read through the proxy (so an unknown list throws), as its proxied entries. */
function readList(value: unknown, path: readonly string[]): unknown[] {
    const list = walk(value, path);
    const length = Array.isArray(raw(list)) ? (raw(list) as unknown[]).length : 0;
    // Index access through the proxy, so an unknown entry throws with its path.
    return Array.from({ length }, (_, i) => (list as unknown[])[i]);
}

function knownText(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

function entriesOf(spec: unknown, field: string, where: string): PodEntry[] {
    return readList(spec, [field]).map((entry, i) => {
        const text = (path: readonly string[]) => knownText(readRaw(entry, path));
        const name = text(["name"]) ?? `#${i}`;
        return {
            label: `${where}.${field}[${i}] (${name})`,
            name,
            read: (path) => readDeep(entry, path),
            has: (path) => {
                const found = walk(entry, path);
                return found !== undefined && found !== null;
            },
            text,
        };
    });
}

/**
 * The pod of a resource, or `notApplicable` (which throws) when its type creates no pods. Judges
 * every kind in POD_SPEC_PATHS, so a privileged container cannot slip in through a CronJob.
 */
export function podOf(args: { type: string; props: Record<string, unknown>; notApplicable(reason?: string): never }): Pod {
    const specPath = podSpecPath(args.type);
    if (!specPath) {
        return args.notApplicable(notPodOwner(args.type));
    }
    // The pod spec itself is decisive for every rule: unknown, the rule cannot run.
    const spec = walk(args.props, specPath);
    const where = formatPath(specPath);
    return {
        where,
        read: (path) => readDeep(spec, path),
        containers: (fields = ALL_CONTAINER_FIELDS) => fields.flatMap((field) => entriesOf(spec, field, where).map((e) => ({ ...e, field }))),
        volumes: () => entriesOf(spec, "volumes", where),
    };
}
