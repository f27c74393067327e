import { listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_NETWORK_TYPES } from "../../lib/gcp-network";
import { formatPath, isUnknown, raw, readKnown } from "../../lib/props";

export interface VpcScPerimeterConfig {
    /** Services every enforced perimeter must restrict. */
    requiredServices: string[];
}

/** One perimeter, wherever it is declared: a ServicePerimeter, or an entry of ServicePerimeters' list. */
interface PerimeterRef {
    where: string;
    base: string[];
}

function perimetersOf(type: string, props: Record<string, unknown>): PerimeterRef[] | undefined {
    const label = (name: unknown, fallback: string) => (typeof name === "string" && name !== "" && !isUnknown(name) ? `The perimeter "${name}"` : fallback);
    if (type === GCP_NETWORK_TYPES.servicePerimeter) {
        return [{ where: label(raw(props.title) ?? raw(props.name), "This perimeter"), base: [] }];
    }
    if (type === GCP_NETWORK_TYPES.servicePerimeters) {
        return listOf(readKnown(props, ["servicePerimeters"])).map((p, i) => {
            const entry = (p ?? {}) as Record<string, unknown>;
            return { where: label(raw(entry.title) ?? raw(entry.name), `The perimeter ${formatPath(["servicePerimeters", i])}`), base: ["servicePerimeters", String(i)] };
        });
    }
    return undefined;
}

export default defineRule<VpcScPerimeterConfig>({
    id: "zt-gcp-vpcsc-perimeter",
    displayName: "VPC Service Controls perimeters are enforced",
    description:
        "Every regular VPC Service Controls perimeter has an enforced configuration (status), not only a dry-run spec, and restricts the required " +
        "services (default: storage.googleapis.com).",
    rationale:
        "IAM decides who may call an API; a service perimeter decides from where, and to where data may go. Inside an enforced perimeter a stolen " +
        "credential used from outside, or an insider copying a bucket to a project of their own, is refused by the restricted services even though " +
        "IAM would allow it: the exfiltration path Zero Trust assumes an attacker will try. A dry-run spec only logs would-be violations, which is the " +
        "right way to start and the wrong way to stay. Perimeter bridges restrict nothing themselves and are not checked.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "3.12",
    remediationSteps:
        "Once the dry-run logs show no legitimate traffic would be blocked, move the configuration from spec to status (set useExplicitDryRunSpec " +
        "false, or keep spec only for the next change you are testing), with restrictedServices listing storage.googleapis.com and every other " +
        "service the project stores data in, and the project (projects/<number>) among resources.",
    configSchema: {
        properties: {
            requiredServices: {
                type: "array",
                items: { type: "string", pattern: "^[a-z0-9-]+\\.googleapis\\.com$" },
                uniqueItems: true,
                default: ["storage.googleapis.com"],
                description: "Services every enforced perimeter must list in status.restrictedServices.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const perimeters = perimetersOf(args.type, args.props);
        if (!perimeters) {
            return args.notApplicable(`${args.type} is not a VPC Service Controls perimeter`);
        }
        for (const p of perimeters) {
            const kind = readKnown(args.props, [...p.base, "perimeterType"]);
            if (typeof kind === "string" && kind.toUpperCase() === "PERIMETER_TYPE_BRIDGE") {
                continue;
            }
            const status = readKnown(args.props, [...p.base, "status"]);
            if (status === undefined || status === null) {
                const dryRun = readKnown(args.props, [...p.base, "spec"]) !== undefined;
                report(
                    `${p.where} ${dryRun ? "is only a dry run (spec without status), which logs violations and blocks nothing" : "has no status, so it enforces nothing"}: ` +
                        "set status with restrictedServices once the dry-run logs are clean.",
                );
                continue;
            }
            const restricted = listOf(readKnown(args.props, [...p.base, "status", "restrictedServices"])).filter((s): s is string => typeof s === "string");
            const missing = config.requiredServices.filter((s) => !restricted.includes(s));
            if (missing.length > 0) {
                report(`${p.where} does not restrict ${missing.join(", ")}: add ${missing.length === 1 ? "it" : "them"} to status.restrictedServices.`);
            }
        }
    },
});
