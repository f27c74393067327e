import { asNumber, isPresent, listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_IAM_TYPES, protoDurationSeconds } from "../../lib/gcp-iam";
import { formatPath, readKnown } from "../../lib/props";

export interface PamEntitlementConfig {
    /** Longest grant a requester may ask for, in seconds. */
    maxRequestDurationSeconds: number;
}

const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600}h` : `${Math.round(seconds / 60)} minutes`);

export default defineRule<PamEntitlementConfig>({
    id: "zt-gcp-pam-entitlement",
    displayName: "PAM elevation is short, justified and approved",
    description:
        "Privileged Access Manager entitlements cap grants at maxRequestDurationSeconds (default 4 hours), require the requester's justification, and " +
        "need manual approval by at least one approver in every step.",
    rationale:
        "An entitlement is how a person gets admin rights without holding them standing: the role exists only for the approved window. That is Zero " +
        "Trust only when the window is short (an incident, not a quarter), the request states why (so the audit log explains every privileged " +
        "session), and someone other than the requester agrees. An entitlement without an approval workflow grants itself on request, which is " +
        "standing privilege with extra steps.",
    severity: "high",
    pillar: "identity",
    nistTenets: [3, 6],
    cisaPillar: "Identity",
    cis: "6.1",
    remediationSteps:
        "Set maxRequestDuration to at most \"14400s\", requesterJustificationConfig { unstructured: {} }, and approvalWorkflow.manualApprovals with " +
        "requireApproverJustification: true and one step { approvalsNeeded: 1, approvers: { principals: [\"group:<approvers>@<domain>\"] } }. PAM " +
        "does not let requesters approve their own grant, so the admin group may approve its peers.",
    configSchema: {
        properties: {
            maxRequestDurationSeconds: {
                type: "integer",
                minimum: 60,
                default: 14400,
                description: "Longest grant an entitlement may allow, in seconds (default 4 hours).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== GCP_IAM_TYPES.entitlement) {
            return args.notApplicable(`${args.type} is not a PAM entitlement`);
        }
        const p = args.props;
        const duration = readKnown(p, ["maxRequestDuration"]);
        const seconds = typeof duration === "string" ? protoDurationSeconds(duration) : undefined;
        if (seconds === undefined || seconds > config.maxRequestDurationSeconds) {
            report(
                `This entitlement's maxRequestDuration is ${JSON.stringify(duration ?? null)}: set at most "${config.maxRequestDurationSeconds}s" ` +
                    `(${hours(config.maxRequestDurationSeconds)}), so an elevation ends with the task.`,
            );
        }
        if (!isPresent(readKnown(p, ["requesterJustificationConfig", "unstructured"])) || isPresent(readKnown(p, ["requesterJustificationConfig", "notMandatory"]))) {
            report("This entitlement does not require a justification: set requesterJustificationConfig to { unstructured: {} }, so every grant records why.");
        }
        const steps = listOf(readKnown(p, ["approvalWorkflow", "manualApprovals", "steps"]));
        if (steps.length === 0) {
            report("This entitlement grants without approval: set approvalWorkflow.manualApprovals.steps with an approver group, so someone other than the requester agrees.");
        }
        steps.forEach((_, i) => {
            const base = ["approvalWorkflow", "manualApprovals", "steps", String(i)];
            const where = formatPath(["approvalWorkflow", "manualApprovals", "steps", i]);
            const principals = listOf(readKnown(p, [...base, "approvers", "principals"]));
            const needed = readKnown(p, [...base, "approvalsNeeded"]);
            // Left out, approvalsNeeded is not zero: 1 is the only value the API supports (provider docs).
            if (principals.length === 0 || (needed !== undefined && (asNumber(needed) ?? 0) < 1)) {
                report(`This entitlement's ${where} has no approver: list approver groups in approvers.principals and leave approvalsNeeded at 1.`);
            }
        });
    },
});
