/** Lookups the component tests share over a captured graph. Each fails with the name it missed. */
import { strict as assert } from "assert";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";

/** The direct children of the (single) component of `parentType`. */
export const childrenOf = (graph: CapturedGraph, parentType: string): CapturedResource[] => {
    const parent = graph.resources.find((r) => r.type === parentType);
    assert.ok(parent, `${parentType} registered`);
    return graph.resources.filter((r) => r.parent === parent.urn);
};
/** `type::name` of each resource, the form the exact-children assertions compare. */
export const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`);
export const byName = (g: CapturedGraph, name: string): CapturedResource => {
    const r = g.resources.find((x) => x.name === name);
    assert.ok(r, `${name} registered`);
    return r;
};
export const ofType = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.type === type);
/** `type::name`, sorted: where registration order follows input resolution, which a test should not pin. */
export const sortedIds = (rs: CapturedResource[]) => ids(rs).sort();
