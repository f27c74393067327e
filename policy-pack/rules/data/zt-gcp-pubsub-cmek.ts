import { defineRule } from "../../lib/define-rule";
import { isPresent } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-pubsub-cmek",
    displayName: "Pub/Sub topics encrypt with a customer-managed key",
    description: "Every Pub/Sub topic sets kmsKeyName to a Cloud KMS key.",
    rationale:
        "Messages wait in a topic's subscriptions for up to weeks, and in this landing zone they carry security findings and alerts: what is vulnerable, " +
        "where. With a customer-managed key every publish and pull goes through a key the landing zone owns, logged and revocable, instead of " +
        "Google-managed encryption that nothing in the project controls.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 1],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set kmsKeyName to the landing zone's pubsub key on the gcp.pubsub.Topic, and grant " +
        "roles/cloudkms.cryptoKeyEncrypterDecrypter on the key to the Pub/Sub service agent (service-<project number>@gcp-sa-pubsub.iam.gserviceaccount.com) " +
        "before the topic is created.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.topic) {
            return args.notApplicable(`${args.type} is not a Pub/Sub topic`);
        }
        if (!isPresent(readRaw(args.props, ["kmsKeyName"]))) {
            report("This topic encrypts its messages with Google-managed keys: set kmsKeyName to the landing zone's pubsub key.");
        }
    },
});
