import { defineRule } from "../../lib/define-rule";
import { isStateful, viewOf } from "../../lib/view";

export default defineRule({
    id: "zt-any-data-deletion-protection",
    displayName: "Stateful resources are protected from deletion",
    description: "Keys, vaults, log archives, data stores and state buckets are protected from deletion by the protect option or the provider's deletion protection.",
    rationale:
        "Deleting a key makes everything it encrypted unreadable; deleting a log archive destroys the evidence that monitoring depends on; deleting a data store or the state bucket loses data. " +
        "A mistaken refactor or a compromised pipeline must not be able to do that in one step. Dev stacks disable this rule in config/dev.json because dev data is disposable.",
    severity: "high",
    pillar: "data",
    nistTenets: [5],
    cisaPillar: "Data",
    cis: "11.3",
    remediationSteps:
        "Set the protect resource option on the resource (`{ protect: true }`), or the provider's deletion protection where the type has one " +
        "(aws rds deletionProtection, dynamodb and CloudWatch deletionProtectionEnabled, gcp deletionPolicy \"PREVENT\", azure key vault enablePurgeProtection). " +
        "Note: retainOnDelete is not sent to policy packs by the Pulumi engine, so it cannot satisfy this rule.",
    validateResource: (args, report) => {
        const view = viewOf(args);
        const kind = view.kind();
        if (!isStateful(kind)) {
            return args.notApplicable(`${args.type} is not stateful (kind ${kind})`);
        }
        if (view.protection().protected) {
            return;
        }
        const flags = (view.entry?.protection ?? []).map((f) => f.hint);
        const how = flags.length > 0 ? `set the "protect" resource option or ${flags.join(" or ")}` : `set the "protect" resource option (${view.label} has no provider deletion-protection setting)`;
        report(`This ${view.label} (${kind}) is not protected from deletion: ${how}.`);
    },
});
