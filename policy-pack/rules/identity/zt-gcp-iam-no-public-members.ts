import { defineRule } from "../../lib/define-rule";
import { iamGrantsOf, PUBLIC_MEMBERS } from "../../lib/gcp-iam";

export default defineRule({
    id: "zt-gcp-iam-no-public-members",
    displayName: "No IAM grant to allUsers or allAuthenticatedUsers",
    description: "No IAM member, binding or policy of any GCP resource, project, folder or organization names allUsers or allAuthenticatedUsers.",
    rationale:
        "allUsers is anyone on the internet, unauthenticated; allAuthenticatedUsers is anyone with any Google account, which is the same population " +
        "after one sign-up. A role granted to either makes the resource public: a bucket's objects, a key's decrypt operation, a function's invoker. " +
        "Zero Trust authenticates and authorises every request to a known principal, so public grants are refused everywhere, whatever the resource " +
        "type (the rule reads every IAM type of the provider by its type token). Unknown members are skipped: they are computed from another " +
        "resource and never these literals.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 1],
    cisaPillar: "Identity",
    cis: "3.3",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "5.1" },
    remediationSteps:
        "Remove the public member and grant the role to the groups, service accounts or federated principals that need it. Publish content through a " +
        "load balancer (Cloud CDN, signed URLs or IAP) rather than a public bucket; keep the storage.publicAccessPrevention and " +
        "iam.allowedPolicyMemberDomains organization policies enforced so such grants fail at the API.",
    validateResource: (args, report) => {
        const grants = iamGrantsOf(args);
        if (!grants) {
            return args.notApplicable(`${args.type} is not an IAM grant`);
        }
        for (const grant of grants) {
            for (const member of grant.knownMembers().filter((m) => PUBLIC_MEMBERS.includes(m))) {
                report(`${grant.where} grants a role to ${member}, which makes the resource public: grant it to the groups or service accounts that need it instead.`);
            }
        }
    },
});
