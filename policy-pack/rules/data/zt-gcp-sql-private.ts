import { defineRule } from "../../lib/define-rule";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

/** sslMode values that refuse unencrypted connections (TRUSTED_CLIENT_CERTIFICATE_REQUIRED also requires a client certificate). */
export const ENCRYPTED_SSL_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export default defineRule({
    id: "zt-gcp-sql-private",
    displayName: "Cloud SQL instances have no public IP and accept only encrypted connections",
    description:
        'Every Cloud SQL instance sets settings.ipConfiguration.ipv4Enabled to false and settings.ipConfiguration.sslMode to "ENCRYPTED_ONLY" or ' +
        '"TRUSTED_CLIENT_CERTIFICATE_REQUIRED".',
    rationale:
        "A public IP puts the database's listener on the internet, where only the authorized-networks list and the database password stand between it and " +
        "every scanner; ipv4Enabled defaults to true. Reached over private IP or Private Service Connect, the instance is inside the VPC and the perimeter. " +
        "Inside the network traffic is still not trusted: the default sslMode, ALLOW_UNENCRYPTED_AND_ENCRYPTED, lets a client send credentials and data " +
        "in clear text, so the instance must refuse unencrypted connections.",
    severity: "high",
    pillar: "data",
    nistTenets: [2, 4],
    cisaPillar: "Data",
    cis: "3.10",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "6.6" },
    remediationSteps:
        "On the gcp.sql.DatabaseInstance set settings.ipConfiguration: { ipv4Enabled: false, privateNetwork: <the VPC's id> (or pscConfigs), sslMode: " +
        '"ENCRYPTED_ONLY" }. Clients connect through the Cloud SQL Auth Proxy or connectors, which encrypt and authenticate with IAM.',
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.sqlInstance) {
            return args.notApplicable(`${args.type} is not a Cloud SQL instance`);
        }
        if (readKnown(args.props, ["settings", "ipConfiguration", "ipv4Enabled"]) !== false) {
            report(
                "This Cloud SQL instance has a public IP address (ipv4Enabled defaults to true): set settings.ipConfiguration.ipv4Enabled to false and reach it " +
                    "over privateNetwork or Private Service Connect.",
            );
        }
        const mode = readKnown(args.props, ["settings", "ipConfiguration", "sslMode"]);
        if (typeof mode !== "string" || !ENCRYPTED_SSL_MODES.includes(mode)) {
            const given = mode === undefined || mode === null ? '"ALLOW_UNENCRYPTED_AND_ENCRYPTED" (sslMode is not set)' : `"${String(mode)}"`;
            report(
                `This Cloud SQL instance's sslMode is ${given}, which accepts unencrypted connections: set settings.ipConfiguration.sslMode to "ENCRYPTED_ONLY" ` +
                    'or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED".',
            );
        }
    },
});
