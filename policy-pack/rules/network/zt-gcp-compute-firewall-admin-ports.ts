import { adminPortsProperty } from "../../lib/ports";
import { defineRule } from "../../lib/define-rule";
import { allowsOf, coversPort, describeEntries, directionOf, firewallLabel, GCP_NETWORK_TYPES, hasList, rangesOf, withinAny } from "../../lib/gcp-network";

export interface GcpAdminPortsConfig {
    /** Remote-administration ports. */
    ports: number[];
    /** The only sources that may reach them. */
    allowedSourceRanges: string[];
}

const PORT_NAMES: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP", 5985: "WinRM", 5986: "WinRM" };

/** IAP TCP forwarding connects from this range (https://cloud.google.com/iap/docs/using-tcp-forwarding#create-firewall-rule). */
const IAP_RANGE = "35.235.240.0/20";

export default defineRule<GcpAdminPortsConfig>({
    id: "zt-gcp-compute-firewall-admin-ports",
    displayName: "SSH and RDP only through IAP",
    description:
        "An INGRESS allow firewall rule that covers a remote-administration port (default: 22 and 3389), through a port range, no ports or protocol " +
        "\"all\" included, admits only IAP TCP forwarding's range 35.235.240.0/20: no other range, network tag or service account.",
    rationale:
        "SSH and RDP give an interactive shell, with the network as the gate and keys or passwords as the credential. IAP TCP forwarding replaces the " +
        "gate with identity: each session is authorised by IAM (roles/iap.tunnelResourceAccessor, which PAM can grant just in time), logged in Cloud " +
        "Audit Logs, and arrives from Google's IAP range only, so instances need no public address and no bastion. A rule opening the ports to any " +
        "other source, even a private range or another tier's service account, is a standing path around that check.",
    severity: "high",
    pillar: "network",
    nistTenets: [6, 2],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "3.6" },
    remediationSteps:
        "Set the rule's sourceRanges to [\"35.235.240.0/20\"] (and no sourceTags or sourceServiceAccounts), or narrow its ports so they exclude the " +
        "administrative ports. Connect with `gcloud compute ssh --tunnel-through-iap` (or `gcloud compute start-iap-tunnel` for RDP) after an approved " +
        "PAM elevation.",
    configSchema: {
        properties: {
            ports: adminPortsProperty("Remote-administration ports only the allowed source ranges may reach."),
            allowedSourceRanges: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [IAP_RANGE],
                description: "IPv4 ranges that may reach the administration ports (default: IAP TCP forwarding's 35.235.240.0/20).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== GCP_NETWORK_TYPES.firewall) {
            return args.notApplicable(`${args.type} is not a VPC firewall rule`);
        }
        if (directionOf(args.props) !== "INGRESS") {
            return;
        }
        const allows = allowsOf(args.props);
        const hit = config.ports.filter((p) => coversPort(allows, p));
        if (hit.length === 0) {
            return;
        }
        const sources = [
            ...rangesOf(args.props, "sourceRanges").filter((r) => !withinAny(r, config.allowedSourceRanges)).map((r) => `"${r}"`),
            ...(hasList(args.props, "sourceTags") ? ["network tags"] : []),
            ...(hasList(args.props, "sourceServiceAccounts") ? ["service accounts"] : []),
        ];
        if (sources.length === 0) {
            return;
        }
        const ports = hit.map((p) => (PORT_NAMES[p] ? `${p} (${PORT_NAMES[p]})` : String(p))).join(" and ");
        report(
            `${firewallLabel(args.props)} allows ${describeEntries(allows)} INGRESS from ${sources.join(", ")}, which includes remote-administration port ${ports}: ` +
                `admit only ${config.allowedSourceRanges.join(", ")} (IAP TCP forwarding) to it, or leave the port out.`,
        );
    },
});
