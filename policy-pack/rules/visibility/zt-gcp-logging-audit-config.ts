import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { AUDIT_CONFIG_TYPES } from "../../lib/gcp-logging";
import { isPlainObject, isUnknown, raw, readRaw } from "../../lib/props";

/** The Data Access log types; Admin Activity logs are always on and cannot be configured. */
export const AUDIT_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

interface AuditLogs {
    /** The log types turned on, or "unknown" during preview. */
    types: Set<string> | "unknown";
    /** Exempted members per log type. */
    exempted: { logType: string; members: string[] }[];
}

function auditLogs(config: PolicyResource): AuditLogs {
    const entries = readRaw(config.props, ["auditLogConfigs"]);
    if (isUnknown(entries)) {
        return { types: "unknown", exempted: [] };
    }
    const types = new Set<string>();
    const exempted: AuditLogs["exempted"] = [];
    let unknown = false;
    for (const e of Array.isArray(entries) ? entries : []) {
        const entry = raw(e);
        if (isUnknown(entry)) {
            unknown = true;
            continue;
        }
        if (!isPlainObject(entry)) {
            continue;
        }
        const logType = raw(entry.logType);
        if (isUnknown(logType)) {
            unknown = true;
        } else if (typeof logType === "string") {
            types.add(logType.toUpperCase());
        }
        const members = raw(entry.exemptedMembers);
        const list = Array.isArray(members) ? members.map((m) => raw(m)).filter((m) => typeof m === "string" || isUnknown(m)) : [];
        if (list.length > 0) {
            exempted.push({ logType: typeof logType === "string" && !isUnknown(logType) ? logType : "a log type", members: list.map((m) => (isUnknown(m) ? "<unknown>" : String(m))) });
        }
    }
    return { types: unknown && types.size < AUDIT_LOG_TYPES.length ? "unknown" : types, exempted };
}

const isAllServices = (config: PolicyResource) => {
    const service = readRaw(config.props, ["service"]);
    return service === "allServices" || isUnknown(service);
};

export default defineRule({
    id: "zt-gcp-logging-audit-config",
    displayName: "Data Access audit logs are on for all services and all members",
    description:
        'Every stack with GCP resources has an IAM audit config (projects.IAMAuditConfig, folder or organizations.IamAuditConfig) with service "allServices" ' +
        "whose auditLogConfigs turn on ADMIN_READ, DATA_READ and DATA_WRITE, with no exemptedMembers.",
    rationale:
        "Admin Activity audit logs record who changed the configuration; Data Access audit logs record who read or wrote the data and metadata: which " +
        "identity read a secret, listed a bucket, decrypted with a key. They are off by default (except BigQuery), so without them an exfiltration by a " +
        "stolen identity leaves no trace, and per-session access decisions cannot be reviewed. Exempting a member exempts exactly the identity an " +
        "attacker would want to use.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.5",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "2.1" },
    remediationSteps:
        'Add a gcp.projects.IAMAuditConfig (or gcp.folder/organizations.IamAuditConfig at the policy scope) with service: "allServices" and auditLogConfigs ' +
        '[{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }], without exemptedMembers. Budget for the log volume: exclude ' +
        "noisy entries with sink exclusions, not with exemptions.",
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const all = args.resources.filter((r) => AUDIT_CONFIG_TYPES.includes(r.type));
        const configs = all.filter(isAllServices);
        if (configs.length === 0) {
            report(
                "This stack has GCP resources but no IAM audit config turns on Data Access audit logs for all services: add a gcp.projects.IAMAuditConfig " +
                    '(or folder/organization IamAuditConfig) with service "allServices" and auditLogConfigs ADMIN_READ, DATA_READ and DATA_WRITE.',
            );
            return;
        }
        const types = configs.map((c) => auditLogs(c).types);
        if (!types.includes("unknown")) {
            const on = new Set(types.flatMap((t) => [...(t as Set<string>)]));
            const missing = AUDIT_LOG_TYPES.filter((t) => !on.has(t));
            if (missing.length > 0) {
                report(
                    `The allServices audit config leaves out ${missing.join(", ")}: add an auditLogConfigs entry with logType ${missing.join(", ")}${missing.length > 1 ? " (one each)" : ""}.`,
                    configs[0].urn,
                );
            }
        }
        // Exemptions in any audit config apply (the union of all configs for a service is used), so every one is read.
        for (const { config, logs: l } of all.map((c) => ({ config: c, logs: auditLogs(c) }))) {
            for (const { logType, members } of l.exempted) {
                report(`This audit config exempts ${members.join(", ")} from ${logType} logging: remove exemptedMembers.`, config.urn);
            }
        }
    },
});
