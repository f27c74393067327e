import { listOf } from "../../lib/aws-props";
import { AZURE_IDENTITY_TYPES, ENTRA_TOKEN_AUDIENCE, GITHUB_ISSUER } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { isUnknown, readKnown, readRaw } from "../../lib/props";

/** `repo:<owner>/<repository>:` then an environment, a branch or a tag, with no wildcard anywhere. */
const PINNED_GITHUB_SUBJECT = /^repo:[^/*?:\s]+\/[^/*?:\s]+:(environment:[^*?:\s]+|ref:refs\/(heads|tags)\/[^*?\s]+)$/;

/** GitHub's issuer, or GitHub Enterprise Cloud's `<issuer>/<enterprise>`. */
function isGitHub(issuer: string): boolean {
    const i = issuer.trim().replace(/\/+$/, "").toLowerCase();
    return i === GITHUB_ISSUER || i.startsWith(`${GITHUB_ISSUER}/`);
}

const FEDERATED = [AZURE_IDENTITY_TYPES.federatedCredential, AZURE_IDENTITY_TYPES.appFederatedCredential] as readonly string[];

export default defineRule({
    id: "zt-azure-managedidentity-federation-pinned",
    displayName: "Federated credentials are pinned to one workload",
    description:
        `Federated identity credentials accept exactly the ${ENTRA_TOKEN_AUDIENCE} audience, and those trusting GitHub Actions pin the subject to ` +
        '"repo:<owner>/<repository>:environment:<environment>" (or a branch or tag ref) with no wildcard.',
    rationale:
        "A federated credential lets whoever holds a matching token from the issuer act as the identity, with no secret to steal: that is only Zero Trust " +
        "when the match is exact. GitHub's issuer signs tokens for every repository on GitHub, so the subject must name the owner, the repository and " +
        "the protected environment (or branch) whose runs may deploy; a pull_request or job-level subject lets any pull request's run in. The audience " +
        `must be ${ENTRA_TOKEN_AUDIENCE} alone, so tokens minted for another relying party cannot be replayed here. Flexible federated credentials ` +
        "match claims by an expression that can use wildcards, so they are refused. An issuer unknown during preview is taken to be a cluster's " +
        "(AKS OIDC issuers are computed; GitHub's is always a literal) and gets the audience and subject checks only.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    remediationSteps:
        `Set audiences to ["${ENTRA_TOKEN_AUDIENCE}"]. For GitHub Actions, set subject to "repo:<owner>/<repository>:environment:<environment>" and ` +
        "protect that environment with required reviewers; a ref subject (\"...:ref:refs/heads/main\") is accepted for branch-only workflows. Replace a " +
        "flexible federated credential with one credential per exact subject.",
    validateResource: (args, report) => {
        if (args.type === AZURE_IDENTITY_TYPES.appFlexibleFederatedCredential) {
            report(
                "This flexible federated identity credential matches tokens by a claims expression, which can use wildcards: replace it with federated " +
                    "identity credentials whose subject names one repository and environment exactly.",
            );
            return;
        }
        if (!FEDERATED.includes(args.type)) {
            return args.notApplicable(`${args.type} is not a federated identity credential`);
        }
        const audiences = listOf(readKnown(args.props, ["audiences"])).filter((a) => !isUnknown(a));
        if (audiences.length !== 1 || audiences[0] !== ENTRA_TOKEN_AUDIENCE) {
            const given = audiences.length === 0 ? "no audience" : `the audiences ${audiences.map((a) => JSON.stringify(a)).join(", ")}`;
            report(`This credential accepts ${given}: accept exactly "${ENTRA_TOKEN_AUDIENCE}", so tokens minted for other relying parties cannot be replayed.`);
        }
        // Read raw: an issuer unknown during preview is a computed one (an AKS cluster's), never GitHub's literal.
        const issuer = readRaw(args.props, ["issuer"]);
        const subject = readKnown(args.props, ["subject"]);
        const subjectText = typeof subject === "string" ? subject.trim() : "";
        if (typeof issuer === "string" && !isUnknown(issuer) && isGitHub(issuer)) {
            if (!PINNED_GITHUB_SUBJECT.test(subjectText)) {
                report(
                    `This credential trusts GitHub Actions tokens with subject "${subjectText}", which does not pin one repository and environment: use ` +
                        '"repo:<owner>/<repository>:environment:<environment>" (or ":ref:refs/heads/<branch>") with no wildcard.',
                );
            }
            return;
        }
        if (subjectText === "" || /[*?]/.test(subjectText)) {
            report(`This credential's subject "${subjectText}" is empty or a pattern: name exactly one workload (e.g. "system:serviceaccount:<namespace>:<name>").`);
        }
    },
});
