import { defineRule } from "../../lib/define-rule";
import { isPresent } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { formatPath, isPlainObject, isUnknown, raw, readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-secretmanager-cmek",
    displayName: "Secrets replicate to chosen regions under a customer-managed key",
    description:
        "Every Secret Manager secret uses user-managed replication (replication.userManaged) where every replica sets customerManagedEncryption.kmsKeyName; " +
        "every regional secret sets customerManagedEncryption.kmsKeyName.",
    rationale:
        "Secrets are the keys to everything else, so they get the strongest protection: with a customer-managed key every access to a payload goes through " +
        "a key the landing zone owns, logged and revocable, instead of Google-managed encryption nobody in the project controls. Automatic replication " +
        "lets Google copy the secret to any region, outside the allowed locations and the region the key ring lives in; user-managed replication names " +
        "the regions, and each replica must be encrypted with a key in its own region.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 1],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set replication: { userManaged: { replicas: [{ location: <region>, customerManagedEncryption: { kmsKeyName: <the secrets key in that region> } }] } } " +
        "on the gcp.secretmanager.Secret (CAUTION: replication cannot change, so this replaces the secret; copy its versions first), and grant " +
        "roles/cloudkms.cryptoKeyEncrypterDecrypter on the key to the Secret Manager service agent " +
        "(service-<project number>@gcp-sa-secretmanager.iam.gserviceaccount.com). For a gcp.secretmanager.RegionalSecret set customerManagedEncryption.kmsKeyName.",
    validateResource: (args, report) => {
        if (args.type === GCP_DATA_TYPES.regionalSecret) {
            if (!isPresent(readRaw(args.props, ["customerManagedEncryption", "kmsKeyName"]))) {
                report("This regional secret encrypts with Google-managed keys: set customerManagedEncryption.kmsKeyName to the secrets key in its location.");
            }
            return;
        }
        if (args.type !== GCP_DATA_TYPES.secret) {
            return args.notApplicable(`${args.type} is not a Secret Manager secret`);
        }
        const userManaged = readKnown(args.props, ["replication", "userManaged"]);
        if (!isPlainObject(userManaged)) {
            const auto = readRaw(args.props, ["replication", "auto"]);
            const cmek = isPlainObject(auto) && isPresent(readRaw(auto, ["customerManagedEncryption", "kmsKeyName"]));
            report(
                `This secret replicates automatically${cmek ? "" : " under Google-managed keys"}, to regions Google chooses: set replication.userManaged with a replica per ` +
                    "allowed region, each with customerManagedEncryption.kmsKeyName.",
            );
            return;
        }
        const replicas = readKnown(args.props, ["replication", "userManaged", "replicas"]);
        if (!Array.isArray(replicas)) {
            return;
        }
        replicas.forEach((entry, i) => {
            const replica = raw(entry);
            if (isUnknown(replica)) {
                return;
            }
            const location = isPlainObject(replica) ? raw(replica.location) : undefined;
            if (!isPresent(readRaw(replica, ["customerManagedEncryption", "kmsKeyName"]))) {
                const where = typeof location === "string" && !isUnknown(location) ? ` (${location})` : "";
                report(
                    `Replica ${formatPath(["replication", "userManaged", "replicas", i])}${where} of this secret encrypts with Google-managed keys: set its ` +
                        "customerManagedEncryption.kmsKeyName to the secrets key in that region.",
                );
            }
        });
    },
});
