/**
 * Groups a captured graph for the report: by Zero Trust pillar and by type token.
 *
 * A resource's pillar is that of its nearest ancestor (or itself) whose type is one of the pillar
 * components `zt:<cloud>:<Pillar>` (e.g. `zt:aws:Network` → `network`). Other `zt:` components,
 * such as a whole-cloud composition, are passed through; resources with no pillar ancestor are
 * counted under `stack`.
 */
import type { CapturedGraph } from "./graph";

/** The five pillars, as the component type tokens spell them. */
export const PILLARS = ["Identity", "Network", "Data", "Workload", "Visibility"] as const;

/** Pillar name for resources outside any pillar component. */
export const NO_PILLAR = "stack";

const PILLAR_TYPE = new RegExp(`^zt:[a-z0-9-]+:(${PILLARS.join("|")})$`);

/** The pillar of a type token itself, or undefined when it is not a pillar component. */
export function pillarOfType(type: string): string | undefined {
    const m = PILLAR_TYPE.exec(type);
    return m ? m[1].toLowerCase() : undefined;
}

/** Counts per pillar and per type, plus each resource's pillar. */
export interface GraphSummary {
    total: number;
    custom: number;
    components: number;
    byPillar: Record<string, number>;
    byType: Record<string, number>;
    pillarOf: Record<string, string>;
}

export function summarize(graph: CapturedGraph): GraphSummary {
    const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    const pillarOf: Record<string, string> = {};
    const resolve = (urn: string, depth = 0): string => {
        if (pillarOf[urn]) return pillarOf[urn];
        const r = byUrn.get(urn);
        // The depth bound guards against a malformed export whose parents form a cycle.
        const found = !r ? NO_PILLAR : pillarOfType(r.type) ?? (r.parent && depth < 1000 ? resolve(r.parent, depth + 1) : NO_PILLAR);
        pillarOf[urn] = found;
        return found;
    };
    const byPillar: Record<string, number> = {};
    const byType: Record<string, number> = {};
    for (const r of graph.resources) {
        const p = resolve(r.urn);
        byPillar[p] = (byPillar[p] ?? 0) + 1;
        byType[r.type] = (byType[r.type] ?? 0) + 1;
    }
    const custom = graph.resources.filter((r) => r.custom).length;
    return { total: graph.resources.length, custom, components: graph.resources.length - custom, byPillar, byType, pillarOf };
}
