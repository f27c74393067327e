import { defineRule } from "../../lib/define-rule";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-storage-public-access-prevention",
    displayName: "Storage buckets enforce public access prevention",
    description: 'Every Cloud Storage bucket sets publicAccessPrevention to "enforced".',
    rationale:
        "A single IAM binding or object ACL for allUsers or allAuthenticatedUsers publishes a bucket's data to the internet, and a public bucket is found " +
        "by scanners within hours. Public access prevention makes Cloud Storage refuse every such grant, whatever IAM or ACLs say. The default, " +
        '"inherited", protects the bucket only while the storage.publicAccessPrevention organization policy is enforced above it, which this stack ' +
        "cannot see; enforcing it on the bucket keeps the protection when the project moves or the policy changes.",
    severity: "critical",
    pillar: "data",
    nistTenets: [6, 2],
    cisaPillar: "Data",
    cis: "3.3",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "5.1" },
    remediationSteps:
        'Set publicAccessPrevention: "enforced" on the gcp.storage.Bucket and remove any allUsers/allAuthenticatedUsers bindings. Serve public content ' +
        "through a load balancer with Cloud CDN and a backend bucket granted to the load balancer, not by making the bucket public.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        const value = readKnown(args.props, ["publicAccessPrevention"]);
        if (value !== "enforced") {
            const given = value === undefined || value === null ? '"inherited" (publicAccessPrevention is not set)' : `"${String(value)}"`;
            report(`This bucket's public access prevention is ${given}, so an allUsers grant would publish it: set publicAccessPrevention to "enforced".`);
        }
    },
});
