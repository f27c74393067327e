import { asNumber } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { PolicyStatement, conditionValues, conditions, isAllow, parsePolicyDocument, principalValues, statementLabel } from "../../lib/iam-policy";
import { readKnown } from "../../lib/props";

export interface OidcTrustConfig {
    /** Longest session, in seconds, a role trusting GitHub's OIDC provider may allow. */
    maxSessionSeconds: number;
}

const ISSUER = "token.actions.githubusercontent.com";
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const AUDIENCE = "sts.amazonaws.com";
/** `repo:<owner>/<name>:` with no wildcard in the owner or the repository name. */
const PINNED_SUBJECT = /^repo:[^/*?:]+\/[^/*?:]+:/;

/** A statement that lets GitHub Actions tokens in: the issuer as Federated principal, or its claims in the conditions. */
function trustsGitHub(stmt: PolicyStatement): boolean {
    const issuer = ISSUER.toLowerCase();
    return (
        principalValues(stmt, "Federated").some((p) => p.toLowerCase().includes(issuer)) ||
        conditions(stmt).some((c) => c.key.toLowerCase().startsWith(`${issuer}:`))
    );
}

export default defineRule<OidcTrustConfig>({
    id: "zt-aws-iam-oidc-trust-pinned",
    displayName: "GitHub OIDC trust is pinned to one repository",
    description: `Roles that trust GitHub Actions' OIDC tokens require the ${AUD} audience ${AUDIENCE}, pin ${SUB} to a named repository, and keep sessions short.`,
    rationale:
        "GitHub's OIDC issuer signs tokens for every repository on GitHub. A trust policy that does not pin the subject to one repository (or " +
        "pins it with a wildcard owner or name) lets any repository, including an attacker's, assume the role. Pinning the audience stops tokens " +
        "minted for other clouds being replayed, and a short maximum session limits what a leaked session can do: keyless CI is only Zero Trust " +
        "when the identity it accepts is exact.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "6.1",
    remediationSteps:
        `In the role's trust policy, add Condition StringEquals "${AUD}": "${AUDIENCE}" and StringEquals (or StringLike) "${SUB}" with values such as ` +
        '"repo:<owner>/<repository>:environment:<environment>" that name the owner and repository literally (a wildcard may follow them, never replace them). ' +
        "Set the role's maxSessionDuration to the configured maximum (default 3600 seconds) or less.",
    configSchema: {
        properties: {
            maxSessionSeconds: {
                type: "integer",
                minimum: 900,
                maximum: 43200,
                default: 3600,
                description: "Longest maxSessionDuration, in seconds, of a role that GitHub Actions can assume.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:iam/role:Role") {
            return args.notApplicable(`${args.type} is not an IAM role`);
        }
        const doc = parsePolicyDocument(readKnown(args.props, ["assumeRolePolicy"]));
        const github = (doc?.statements ?? []).filter((s) => isAllow(s) && trustsGitHub(s));
        if (github.length === 0) {
            return args.notApplicable("the role does not trust GitHub Actions' OIDC provider");
        }
        for (const stmt of github) {
            const where = `Trust policy ${statementLabel(stmt)}`;
            const subjects = [...(conditionValues(stmt, "StringEquals", SUB) ?? []), ...(conditionValues(stmt, "StringLike", SUB) ?? [])];
            if (subjects.length === 0) {
                report(`${where} admits GitHub Actions tokens without a StringEquals or StringLike condition on "${SUB}": pin it to "repo:<owner>/<repository>:..." so only your repository can assume the role.`);
            }
            for (const subject of subjects.filter((s) => !PINNED_SUBJECT.test(s))) {
                report(`${where} admits the subject "${subject}", which does not name one repository: use "repo:<owner>/<repository>:..." with no wildcard in the owner or repository.`);
            }
            const audiences = conditionValues(stmt, "StringEquals", AUD);
            if (!audiences || audiences.length === 0 || audiences.some((a) => a !== AUDIENCE)) {
                report(`${where} does not require StringEquals "${AUD}": "${AUDIENCE}": add it so tokens minted for other audiences are refused.`);
            }
        }
        // The provider's default is 3600 seconds when the property is left out.
        const seconds = asNumber(readKnown(args.props, ["maxSessionDuration"])) ?? 3600;
        if (seconds > config.maxSessionSeconds) {
            report(`This role allows ${seconds}-second sessions for GitHub Actions: set maxSessionDuration to ${config.maxSessionSeconds} or less.`);
        }
    },
});
