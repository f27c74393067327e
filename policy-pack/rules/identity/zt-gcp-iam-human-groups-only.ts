import { defineRule } from "../../lib/define-rule";
import { grantScope, iamGrantsOf, isHierarchyGrant, memberType, PUBLIC_MEMBERS } from "../../lib/gcp-iam";

/** Identifier types a project, folder or organization grant may name (https://cloud.google.com/iam/docs/principal-identifiers). */
const ALLOWED_TYPES = ["group", "serviceAccount", "principal", "principalSet"];

/** A single identity of a workforce pool is one person from an external identity provider: a user, in other words. */
const WORKFORCE_SUBJECT = /^principal:\/\/iam\.googleapis\.com\/locations\/global\/workforcePools\/[^/]+\/subject\//;

const FIX: Readonly<Record<string, string>> = {
    user: "grant the role to a Cloud Identity group the person belongs to",
    domain: "grant the role to the group of the people who need it, not to everyone in the domain",
    deleted: "remove the binding: its principal was deleted",
};

export default defineRule({
    id: "zt-gcp-iam-human-groups-only",
    displayName: "People get project, folder and organization roles through groups",
    description:
        "IAM grants at the project, folder or organization name only groups (group:), service accounts (serviceAccount:) and federated principals " +
        "(principal://, principalSet://): never a user (user:), a whole domain (domain:) or a single workforce-pool identity.",
    rationale:
        "A role granted to a person directly outlives their job: it is found only by auditing every policy, and removed only if someone remembers. " +
        "Granting to groups makes membership, which the identity provider governs and reviews, the single place access is decided, and lets joiners, " +
        "movers and leavers change access without touching IAM. A domain: member grants the role to every account of the domain, guests and " +
        "service desks included. Grants on single resources (a bucket, a key) are left to the data rules; public principals are reported by " +
        "zt-gcp-iam-no-public-members. A member unknown during preview is computed from another resource (a service account's email), never a " +
        "person's literal address, and is not reported.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cis: "6.7",
    remediationSteps:
        "Create (or reuse) a Cloud Identity group for the job, add the people to it, grant the role to group:<name>@<domain> and delete the user: or " +
        "domain: grant. Admin rights belong in a PAM entitlement whose eligible principals are groups.",
    validateResource: (args, report) => {
        if (!isHierarchyGrant(args.type)) {
            return args.notApplicable(`${args.type} is not a project, folder or organization IAM grant`);
        }
        const scope = grantScope(args.type);
        const aRole = `${scope === "organization" ? "an" : "a"} ${scope} role`;
        for (const grant of iamGrantsOf(args) ?? []) {
            for (const member of grant.knownMembers()) {
                if (PUBLIC_MEMBERS.includes(member)) {
                    continue;
                }
                const type = memberType(member);
                if (WORKFORCE_SUBJECT.test(member)) {
                    report(`${grant.where} grants ${aRole} to the single workforce identity "${member}": grant it to the workforce pool group (principalSet://.../group/<id>) instead.`);
                } else if (!ALLOWED_TYPES.includes(type)) {
                    const fix = FIX[type] ?? "grant the role to a group: (people), serviceAccount: (workloads) or principalSet:// (federated identities) instead";
                    report(`${grant.where} grants ${aRole} to "${member}": ${fix}.`);
                }
            }
        }
    },
});
