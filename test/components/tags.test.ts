import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { listStacks } from "../../config/stack-file";
import { TAGGABLE_TYPES } from "../../components/shared/tags";
import { stackGraph } from "../support/graphs";

const NODE_MODULES = path.resolve(__dirname, "../../node_modules");

/**
 * The tag input a provider's own type declarations give a resource type: reads the `<Class>Args`
 * interface from `node_modules/@pulumi/<pkg>/<module>/<file>.d.ts`, the ground truth for names.
 */
function declaredTagInput(type: string): "tags" | "labels" | "resourceLabels" | undefined {
    const [pkg, mod, cls] = type.split(":");
    const [dir, file] = mod.includes("/") ? mod.split("/") : [mod, cls[0].toLowerCase() + cls.slice(1)];
    // Packages without submodules (azuread) put their resources at the root under the `index` module.
    const folder = path.join(NODE_MODULES, "@pulumi", pkg, dir === "index" ? "" : dir);
    // The token's module casing is not always the file's (gcp `projects/iAMMember` is iammember.d.ts).
    const name = fs.readdirSync(folder).find((f) => f.toLowerCase() === `${file}.d.ts`.toLowerCase());
    assert.ok(name, `${type}: a .d.ts for ${file} in ${folder}`);
    const dts = fs.readFileSync(path.join(folder, name), "utf8");
    // Some tokens lower-case the class (gcp `privilegedaccessmanager/entitlement:entitlement`).
    const args = new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`, "i").exec(dts)?.[1];
    assert.ok(args, `${type}: ${cls}Args found in its .d.ts`);
    // On GCP `tags` are Resource Manager tags (org-level key and value objects), not metadata:
    // labels are the key/value map there.
    const inputs = pkg === "gcp" ? (["labels", "resourceLabels"] as const) : (["tags", "labels", "resourceLabels"] as const);
    return inputs.find((input) => new RegExp(`^\\s+(readonly )?${input}\\?:`, "m").test(args));
}

/** Types whose `labels` input is not resource metadata, so the mandatory set must not be merged in. */
const NOT_LABELLED: Record<string, string> = {
    // A notification channel's labels are its settings: `email_address` for the email type.
    "gcp:monitoring/notificationChannel:NotificationChannel": "labels are the channel's configuration",
};

describe("tags and labels", () => {
    const stacks = listStacks();

    it("lists exactly the registered resource types whose provider declares a tag input", async () => {
        const types = new Set<string>();
        for (const stack of stacks) {
            for (const r of (await stackGraph(stack)).resources) {
                // Kubernetes objects carry the set as metadata.labels, checked below.
                if (r.custom && !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("kubernetes:")) types.add(r.type);
            }
        }
        for (const type of types) {
            if (NOT_LABELLED[type]) continue;
            assert.equal(TAGGABLE_TYPES[type], declaredTagInput(type), `${type}: TAGGABLE_TYPES must match the provider's .d.ts`);
        }
        for (const [type, key] of Object.entries(TAGGABLE_TYPES)) {
            assert.equal(declaredTagInput(type), key, `${type} listed as taggable by "${key}"`);
        }
    });

    for (const stack of stacks) {
        it(`merges the mandatory tags onto every taggable resource in ${stack}`, async () => {
            const graph = await stackGraph(stack);
            const environment = stack.split("-")[1];
            const taggable = graph.resources.filter((r) => TAGGABLE_TYPES[r.type]);
            assert.ok(taggable.length > 10, `${stack} has ${taggable.length} taggable resources`);
            for (const r of taggable) {
                const tags = r.inputs[TAGGABLE_TYPES[r.type]] as Record<string, string>;
                assert.deepEqual(
                    { owner: tags.owner, environment: tags.environment, managedBy: tags["managed-by"] },
                    { owner: "platform-team", environment, managedBy: "pulumi" },
                    r.urn,
                );
            }
        });

        it(`labels every Kubernetes object in ${stack} with the mandatory set`, async () => {
            const graph = await stackGraph(stack);
            const environment = stack.split("-")[1];
            // A Helm release is not an object of the cluster: its chart's objects get labels from its values.
            const objects = graph.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release");
            // Only the prod stacks run a cluster; dev stacks declare none.
            assert.equal(objects.length > 0, environment === "prod", `${stack} has ${objects.length} Kubernetes objects`);
            for (const r of objects) {
                const labels = ((r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {});
                assert.deepEqual(
                    { owner: labels.owner, environment: labels.environment, managedBy: labels["managed-by"] },
                    { owner: "platform-team", environment, managedBy: "pulumi" },
                    r.urn,
                );
            }
        });
    }
});
