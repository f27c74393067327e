import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, shown } from "../../lib/gcp-gke";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-gke-secrets-encryption",
    displayName: "GKE secrets are encrypted with a customer-managed key",
    description: 'Every GKE cluster sets databaseEncryption.state to "ENCRYPTED" with keyName set to a Cloud KMS key.',
    rationale:
        "Kubernetes Secrets are stored in etcd. Application-layer secrets encryption envelope-encrypts them with a Cloud KMS key the organization " +
        "controls: reading them needs the key, every use of the key is in the audit logs, and disabling the key cuts access in an incident. " +
        "Without it, Secrets are protected only by Google's default storage encryption, which any reader of etcd bypasses.",
    severity: "high",
    pillar: "workload",
    nistTenets: [1, 6],
    cisaPillar: "Applications and Workloads",
    cis: "3.11",
    remediationSteps:
        'Set databaseEncryption: { state: "ENCRYPTED", keyName: <the landing zone\'s cluster key> } on the gcp.container.Cluster (zt:gcp:Data ' +
        "keys.cluster, in the cluster's region), and grant roles/cloudkms.cryptoKeyEncrypterDecrypter on that key to the GKE service agent " +
        "service-<project number>@container-engine-robot.iam.gserviceaccount.com before the cluster is created.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not a GKE cluster`);
        }
        const state = readKnown(args.props, ["databaseEncryption", "state"]);
        if (state !== "ENCRYPTED") {
            report(
                `Kubernetes Secrets are stored without application-layer encryption (databaseEncryption.state is ${shown(state)}): set ` +
                    'databaseEncryption to { state: "ENCRYPTED", keyName: <the landing zone\'s cluster key> }.',
            );
        } else if (!isPresent(readRaw(args.props, ["databaseEncryption", "keyName"]))) {
            // A key unknown during preview will be set.
            report("databaseEncryption.keyName is not set: set it to the landing zone's cluster key (a Cloud KMS key in the cluster's region).");
        }
    },
});
