import { strict as assert } from "assert";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";

/** The resources under a component, as `type::name`, in registration order. */
function childrenOf(graph: CapturedGraph, parentType: string): CapturedResource[] {
    const parent = graph.resources.find((r) => r.type === parentType);
    assert.ok(parent, `${parentType} registered`);
    return graph.resources.filter((r) => r.parent === parent.urn);
}
const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`);
const byName = (g: CapturedGraph, name: string) => {
    const r = g.resources.find((x) => x.name === name);
    assert.ok(r, `${name} registered`);
    return r;
};

describe("zt:gcp:Network (gcp-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("gcp-prod"); });

    it("declares a custom-mode network and one subnetwork per tier", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Network")), [
            "gcp:compute/network:Network::network-vpc",
            "gcp:compute/subnetwork:Subnetwork::network-web",
            "gcp:compute/subnetwork:Subnetwork::network-app",
            "gcp:compute/subnetwork:Subnetwork::network-data",
        ]);
        const net = byName(graph, "network-vpc").inputs;
        assert.deepEqual([net["autoCreateSubnetworks"], net["deleteDefaultRoutesOnCreate"], net["routingMode"]], [false, true, "REGIONAL"]);
    });

    it("turns on Private Google Access and full flow logs on every subnetwork", () => {
        for (const tier of ["web", "app", "data"]) {
            const s = byName(graph, `network-${tier}`).inputs;
            assert.equal(s["privateIpGoogleAccess"], true, tier);
            assert.deepEqual(s["logConfig"], { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" }, tier);
        }
        assert.equal(byName(graph, "network-data").inputs["ipCidrRange"], "10.60.64.0/19");
    });
});
