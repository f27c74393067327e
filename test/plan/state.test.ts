/** Reading a `pulumi stack export` into the plan graph. */
import * as assert from "assert";
import { PlanError } from "../../plan/errors";
import { SECRET_SIG, SIG_KEY } from "../../plan/graph";
import { ENCRYPTED_SECRET_PLACEHOLDER, stateToGraph } from "../../plan/state";
import { exportDoc } from "../support/exports";

const B = "urn:pulumi:exp-dev::fixture::";

describe("plan: stack export reader", () => {
    it("keeps parents, provider, options and dependencies, and skips resources pending deletion", () => {
        const { graph } = stateToGraph(exportDoc("exp-dev", [{ name: "a", size: 5, label: "zt-a" }]), "x.json");
        assert.deepStrictEqual([graph.project, graph.stack, graph.source], ["fixture", "exp-dev", "state"]);
        assert.deepStrictEqual(graph.resources.map((r) => r.urn), [
            `${B}pulumi:pulumi:Stack::fixture-exp-dev`,
            `${B}pulumi:providers:fix::default`,
            `${B}zt:fix:Network::net`,
            `${B}zt:fix:Network$fix:index:Thing::a`,
        ]);
        const a = graph.resources[3];
        assert.deepStrictEqual(
            { parent: a.parent, provider: a.provider, protect: a.protect, custom: a.custom, deps: a.dependencies, pdeps: a.propertyDependencies, name: a.name },
            {
                parent: `${B}zt:fix:Network::net`,
                provider: `${B}pulumi:providers:fix::default::prov-1`,
                protect: true,
                custom: true,
                deps: [`${B}zt:fix:Network::net`],
                pdeps: { size: [] },
                name: "a",
            },
        );
    });

    it("turns exported secrets into wire secrets, with a placeholder for ciphertext", () => {
        const { graph, encryptedSecrets } = stateToGraph(exportDoc("exp-dev", [{ name: "a", size: 5 }]), "x.json");
        assert.deepStrictEqual(graph.resources[3].inputs, {
            size: 5,
            token: { [SIG_KEY]: SECRET_SIG, value: ENCRYPTED_SECRET_PLACEHOLDER },
            shown: { [SIG_KEY]: SECRET_SIG, value: { k: "v" } },
        });
        assert.deepStrictEqual(encryptedSecrets, [`${B}zt:fix:Network$fix:index:Thing::a#token`]);
    });

    it("rejects documents that are not stack exports with a message naming the file", () => {
        assert.throws(() => stateToGraph({ deployment: {} }, "e.json"), (e: unknown) => e instanceof PlanError && /e.json has no "deployment.resources" list/.test(e.message));
        assert.throws(() => stateToGraph({ deployment: { resources: [{ type: "t" }] } }, "e.json"), /invalid resource at deployment.resources\[0\]/);
        assert.throws(() => stateToGraph({ deployment: { resources: [] } }, "e.json"), /contains no resources/);
    });
});
