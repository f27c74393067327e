import { isoDurationSeconds } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface SessionDurationConfig {
    /** Longest sessionDuration a permission set may have (ISO-8601, e.g. PT12H). */
    maxSessionDuration: string;
}

/** IAM Identity Center's own default when a permission set leaves sessionDuration out. */
export const SSO_DEFAULT_SESSION = "PT1H";

export default defineRule<SessionDurationConfig>({
    id: "zt-aws-sso-session-duration",
    displayName: "Identity Center sessions are time-boxed",
    description: "Every IAM Identity Center permission set's sessionDuration is at most the configured maximum (default PT12H).",
    rationale:
        "Zero Trust grants access per session and re-evaluates it often. The permission set's session duration is how long AWS credentials from one " +
        "sign-in stay valid, even after the person leaves, loses the group, or their device is lost. A working day is the ceiling; shorter is better " +
        "for privileged sets (see zt-aws-sso-admin-session).",
    severity: "medium",
    pillar: "identity",
    nistTenets: [3, 6],
    cisaPillar: "Identity",
    cis: "6.2",
    remediationSteps:
        'Set sessionDuration on the aws.ssoadmin.PermissionSet to an ISO-8601 duration within the limit, e.g. "PT8H" (in this project: ' +
        "aws.identityCenter.sessionMinutes in the stack config). Leaving it out gives AWS's default of one hour.",
    configSchema: {
        properties: {
            maxSessionDuration: {
                type: "string",
                pattern: "^PT(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?$",
                default: "PT12H",
                description: "Longest sessionDuration allowed, as an ISO-8601 duration (PT1H to PT12H).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:ssoadmin/permissionSet:PermissionSet") {
            return args.notApplicable(`${args.type} is not an Identity Center permission set`);
        }
        const value = readKnown(args.props, ["sessionDuration"]);
        const duration = typeof value === "string" && value.trim() !== "" ? value : SSO_DEFAULT_SESSION;
        const seconds = isoDurationSeconds(duration);
        const max = isoDurationSeconds(config.maxSessionDuration) ?? 12 * 3600;
        if (seconds === undefined) {
            report(`sessionDuration "${duration}" is not an ISO-8601 duration such as "PT8H": set one of at most ${config.maxSessionDuration}.`);
        } else if (seconds > max) {
            report(`sessionDuration is ${duration}, longer than ${config.maxSessionDuration}: shorten it to ${config.maxSessionDuration} or less.`);
        }
    },
});
