import { defineRule } from "../../lib/define-rule";
import { formatPath } from "../../lib/props";
import { isDataStore, viewOf } from "../../lib/view";

export interface TagsConfig {
    /** Keys every taggable resource must carry. */
    keys: string[];
    /** Extra keys data stores (databases, buckets, log archives) must carry. */
    dataStoreKeys: string[];
}

export default defineRule<TagsConfig>({
    id: "zt-any-tags-mandatory",
    displayName: "Mandatory tags and labels",
    description: "Every taggable resource carries the mandatory tags (labels on GCP and Kubernetes); data stores also carry their data classification.",
    rationale:
        "Zero Trust starts from an inventory: every asset must have an accountable owner, a known environment and a known origin before access to it can be reasoned about. " +
        "The classification on a data store drives how strictly it is protected.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 1],
    cisaPillar: "Visibility and Analytics",
    cis: "1.1",
    remediationSteps:
        "Add the missing keys with non-empty values to the resource's tags (AWS, Azure), labels (GCP) or metadata.labels (Kubernetes), " +
        "or set them once through the provider's defaults (aws defaultTags, gcp defaultLabels). In this project, components take them from the shared tagging helper.",
    configSchema: {
        properties: {
            keys: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: ["owner", "environment", "managed-by"],
                description: "Tag keys every taggable resource must carry.",
            },
            dataStoreKeys: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["data-classification"],
                description: "Additional tag keys data stores must carry.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const view = viewOf(args);
        if (!view.tagPath) {
            return args.notApplicable(`${args.type} carries no tags or labels`);
        }
        const required = isDataStore(view.kind()) ? [...config.keys, ...config.dataStoreKeys] : config.keys;
        const tags = view.tags();
        const missing = required.filter((k) => !(k in tags));
        if (missing.length > 0) {
            report(`Missing required ${view.cloud === "aws" || view.cloud === "azure" ? "tags" : "labels"} on "${formatPath(view.tagPath)}": ${missing.join(", ")}.`);
        }
    },
});
