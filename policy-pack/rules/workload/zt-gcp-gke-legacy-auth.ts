import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES } from "../../lib/gcp-gke";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-gke-legacy-auth",
    displayName: "GKE uses no legacy authorization or client certificates",
    description: "Every GKE cluster leaves enableLegacyAbac and masterAuth.clientCertificateConfig.issueClientCertificate out or false.",
    rationale:
        "Access to the cluster should be decided per request by IAM and Kubernetes RBAC, both visible, audited and revocable. Legacy ABAC grants " +
        "static permissions beyond RBAC to identities in the cluster, service accounts and nodes included, that no RBAC review shows. A client " +
        "certificate is a long-lived credential with cluster-admin rights that cannot be revoked short of rotating the cluster's CA, and it is " +
        "returned to anyone allowed to read the cluster's configuration. Both are off by default and must stay off.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 4],
    cisaPillar: "Applications and Workloads",
    cis: "6.8",
    remediationSteps:
        "Remove enableLegacyAbac (or set it to false) and masterAuth.clientCertificateConfig.issueClientCertificate (or set it to false) on the " +
        "gcp.container.Cluster. Grant access with IAM roles (roles/container.*) on groups and Kubernetes RBAC bindings; users get credentials " +
        "with `gcloud container clusters get-credentials`, which issues short-lived OAuth tokens.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not a GKE cluster`);
        }
        if (readKnown(args.props, ["enableLegacyAbac"]) === true) {
            report("Legacy ABAC grants static permissions beyond RBAC and IAM: set enableLegacyAbac to false or leave it out.");
        }
        if (readKnown(args.props, ["masterAuth", "clientCertificateConfig", "issueClientCertificate"]) === true) {
            report(
                "The cluster issues a client certificate, a long-lived admin credential that cannot be revoked: set " +
                    "masterAuth.clientCertificateConfig.issueClientCertificate to false.",
            );
        }
    },
});
