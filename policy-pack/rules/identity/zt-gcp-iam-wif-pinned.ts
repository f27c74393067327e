import { GITHUB_ISSUER } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { GCP_IAM_TYPES } from "../../lib/gcp-iam";
import { isUnknown, readKnown, readRaw } from "../../lib/props";

/** `owner/repository`, GitHub's own characters, no wildcard. */
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** GitHub's issuer, or GitHub Enterprise Cloud's `<issuer>/<enterprise>`. */
function isGitHub(issuer: string): boolean {
    const i = issuer.trim().replace(/\/+$/, "").toLowerCase();
    return i === GITHUB_ISSUER || i.startsWith(`${GITHUB_ISSUER}/`);
}

/**
 * The CEL names that hold the token's repository claim: `assertion.repository` itself, and the
 * attribute it is mapped to (`attribute.repository` when attributeMapping says so).
 */
function repositoryNames(mapping: Record<string, unknown>): string[] {
    const names = ["assertion.repository"];
    for (const [attribute, source] of Object.entries(mapping)) {
        if (typeof source === "string" && source.replace(/\s/g, "") === "assertion.repository") {
            names.push(attribute);
        }
    }
    return names;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What is wrong with the condition as a repository pin, or undefined when it pins one repository exactly. */
function pinProblem(condition: string, names: string[]): string | undefined {
    if (condition.trim() === "") {
        return "has no attributeCondition, so it accepts tokens of every repository on GitHub";
    }
    const base = `(?:${names.map(escape).join("|")})`;
    const name = `${base}(?![\\w.])`;
    if (/\|\||!\s*\(/.test(condition)) {
        return `has the attributeCondition "${condition}", whose ${/\|\|/.test(condition) ? "||" : "negation"} can bypass the repository pin`;
    }
    if (new RegExp(`${base}(?!\\w)\\s*\\.\\s*\\w+\\s*\\(|\\w+\\s*\\(\\s*${name}|${name}\\s+in\\b`).test(condition)) {
        return `has the attributeCondition "${condition}", which matches the repository by a function or a list instead of one exact name`;
    }
    const left = new RegExp(`${name}\\s*==\\s*(['"])([^'"]*)\\1`, "g");
    const right = new RegExp(`(['"])([^'"]*)\\1\\s*==\\s*${name}`, "g");
    const values = [...condition.matchAll(left), ...condition.matchAll(right)].map((m) => m[2]);
    if (values.length === 0) {
        return `has the attributeCondition "${condition}", which does not compare assertion.repository with ==`;
    }
    const bad = values.find((v) => !REPOSITORY.test(v));
    if (bad !== undefined) {
        return `has the attributeCondition "${condition}", which compares the repository with "${bad}", not an exact owner/repository`;
    }
    return undefined;
}

export default defineRule({
    id: "zt-gcp-iam-wif-pinned",
    displayName: "GitHub workload identity federation is pinned to one repository",
    description:
        "Workload identity pool providers that trust GitHub Actions' issuer have an attributeCondition that compares assertion.repository with == to " +
        "one exact owner/repository, with no ||, wildcard, startsWith, matches or list.",
    rationale:
        "GitHub's OIDC issuer signs tokens for every workflow run of every repository on GitHub. A provider without a condition, or with one that a " +
        "prefix, a pattern or an alternative can satisfy, lets any repository (a fork, a look-alike owner) exchange its token for Google credentials " +
        "and act as whatever the pool's principals are granted. The condition is evaluated before any token is accepted, so it is the place to pin " +
        "the repository (and, further, the protected environment or branch). The attribute a mapping copies the claim into (attribute.repository) " +
        "counts as the claim. An issuer unknown during preview is a computed one and never GitHub's literal: such providers are not checked.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "6.1",
    remediationSteps:
        "Set attributeCondition to \"assertion.repository == '<owner>/<repository>' && assertion.environment == '<environment>'\" (or pin a ref instead " +
        "of the environment), map attribute.repository from assertion.repository, and grant roles/iam.workloadIdentityUser on the deploy service " +
        "account to principalSet://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/attribute.repository/<owner>/<repository>.",
    validateResource: (args, report) => {
        if (args.type !== GCP_IAM_TYPES.workloadIdentityPoolProvider) {
            return args.notApplicable(`${args.type} is not a workload identity pool provider`);
        }
        // Read raw: an issuer unknown during preview is computed (another cluster's), never GitHub's literal.
        const issuer = readRaw(args.props, ["oidc", "issuerUri"]);
        if (typeof issuer !== "string" || isUnknown(issuer) || !isGitHub(issuer)) {
            return args.notApplicable("the provider does not trust GitHub Actions' OIDC issuer");
        }
        const condition = readKnown(args.props, ["attributeCondition"]);
        const mapping = readRaw(args.props, ["attributeMapping"]);
        const names = repositoryNames(mapping !== null && typeof mapping === "object" ? (mapping as Record<string, unknown>) : {});
        const problem = pinProblem(typeof condition === "string" ? condition : "", names);
        if (problem) {
            report(`This GitHub provider ${problem}: set it to "assertion.repository == '<owner>/<repository>'" joined by && to the environment or ref it deploys from.`);
        }
    },
});
