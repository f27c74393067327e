import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

/** The versions the rule accepts. TLS1_3 is in the enum, though the service does not accept it as a minimum yet. */
const MODERN_TLS = ["TLS1_2", "TLS1_3"];

export default defineRule({
    id: "zt-azure-storage-tls",
    displayName: "Storage accounts accept only HTTPS with TLS 1.2 or later",
    description: "Every Azure storage account sets minimumTlsVersion to TLS1_2 (or later) and does not set enableHttpsTrafficOnly to false.",
    rationale:
        "Zero Trust secures every connection, wherever it comes from: a private endpoint is not a reason to accept plain HTTP or TLS 1.0. The service's " +
        "default minimum is TLS 1.0 when minimumTlsVersion is left out (only the portal sets 1.2), so the version must be explicit. HTTPS-only has been " +
        "the default since API version 2019-04-01, so an account that leaves enableHttpsTrafficOnly out is compliant; setting it to false is not.",
    severity: "high",
    pillar: "data",
    nistTenets: [2],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.15" },
    remediationSteps:
        'Set minimumTlsVersion: "TLS1_2" on the azure-native storage.StorageAccount and leave enableHttpsTrafficOnly out or set it to true. Clients on ' +
        "TLS 1.0/1.1 libraries must be upgraded first; the account rejects their requests once the minimum is raised.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.storageAccount) {
            return args.notApplicable(`${args.type} is not a storage account`);
        }
        const tls = readKnown(args.props, ["minimumTlsVersion"]);
        if (tls === undefined || tls === null) {
            report('The storage account accepts TLS 1.0 (minimumTlsVersion is not set and the service defaults to TLS1_0): set minimumTlsVersion to "TLS1_2".');
        } else if (!isOneOf(tls, MODERN_TLS)) {
            report(`The storage account accepts ${String(tls)}: set minimumTlsVersion to "TLS1_2".`);
        }
        if (readKnown(args.props, ["enableHttpsTrafficOnly"]) === false) {
            report("The storage account accepts plain HTTP: set enableHttpsTrafficOnly to true (or leave it out; the default is true).");
        }
    },
});
