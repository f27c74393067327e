import { defineRule } from "../../lib/define-rule";
import { isUnknown } from "../../lib/props";
import { isDataStore, viewOf } from "../../lib/view";

export interface ClassificationConfig {
    /** The tag key that holds the classification. */
    key: string;
    /** The allowed levels, lowest first. */
    levels: string[];
}

export default defineRule<ClassificationConfig>({
    id: "zt-any-data-classification",
    displayName: "Data stores carry a valid classification",
    description: "Every data store's classification tag holds one of the configured levels.",
    rationale:
        "Access decisions, encryption and retention all depend on how sensitive the data is. A classification that is missing, misspelled or off-scale " +
        "silently drops a store out of the controls meant for it. This is a stack rule because it sees the tags after the provider has merged its " +
        "defaults (aws tagsAll, gcp effectiveLabels), so a classification set once on the provider counts. A missing tag is reported by " +
        "zt-any-tags-mandatory, so each gap is reported once.",
    severity: "medium",
    pillar: "data",
    nistTenets: [4, 1],
    cisaPillar: "Data",
    cis: "3.7",
    remediationSteps:
        "Set the data-classification tag (label on GCP) of the data store to one of the configured levels (default: public, internal, confidential, restricted). " +
        "Choose the highest level of any data the store may hold.",
    configSchema: {
        properties: {
            key: { type: "string", minLength: 1, default: "data-classification", description: "Tag key holding the classification." },
            levels: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: ["public", "internal", "confidential", "restricted"],
                description: "Allowed classification levels, lowest first.",
            },
        },
    },
    validateStack: (args, report, config) => {
        const stores = args.resources.map(viewOf).filter((v) => v.tagPath && isDataStore(v.kind()));
        if (stores.length === 0) {
            return args.notApplicable("the stack has no taggable data stores");
        }
        for (const store of stores) {
            const value = store.tags("lenient")[config.key];
            if (value === undefined || isUnknown(value) || config.levels.includes(value)) {
                continue;
            }
            report(`This ${store.label} has ${config.key} "${value}", which is not a configured level; use one of: ${config.levels.join(", ")}.`, store.urn);
        }
    },
});
