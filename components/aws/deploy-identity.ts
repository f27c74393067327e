/**
 * zt:aws:DeployIdentity — what GitHub Actions deploys one landing-zone environment as: the
 * account's GitHub OIDC provider (no keys, no pinned thumbprint), the deploy role `<prefix>-<env>-deploy`
 * that one repository environment's tokens may assume (PowerUserAccess plus scoped IAM), and the
 * permissions boundary `<prefix>-<env>-boundary` it wears, as does every landing-zone role.
 *
 * `ci.deployIdentity` says who declares it. "bootstrap" (the default): this component, in the
 * bootstrap, before the first deploy, so CI can run that deploy and the boundary binds the
 * pipeline without the pipeline being able to change it. "stack": zt:aws:Identity, through
 * declareAwsDeployIdentity, under the child names it always had. Every ARN is built from a physical
 * name (./identity-names.ts), so the pillar refers to the identity by name whichever program
 * declares it. Documents live in ./identity-policies.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import type { DeployIdentityOwner } from "../../config/schema";
import { after } from "../shared/after";
import { GITHUB_OIDC_HOST, identityArns, identityNames, partitionOf, type AwsRoleNames } from "./identity-names";
import { MANAGED_POLICY_MAX_CHARS, deployIamPolicy, githubTrust, permissionsBoundary } from "./identity-policies";

export interface AwsDeployIdentityArgs {
    /** Physical-name prefix, `<prefix>-<env>`: the boundary is `<prefix>-<env>-boundary`. CAUTION: changing it replaces the boundary. */
    namePrefix: string;
    /** The landing zone's region: the partition comes from it, and the boundary protects the JIT workflow's regional ARNs. */
    region: string;
    accountId: pulumi.Input<string>;
    /** Whether the landing zone manages service control policies (`aws.organization` set): only then may the deploy role manage them. */
    organization: boolean;
    /** The GitHub repository and environment whose OIDC tokens may assume the deploy role; the longest session CI asks for, in minutes. */
    github: { repository: string; environment: string; maxSessionMinutes: number };
    /** Physical names of the landing zone's roles (the boundary names the break-glass role and the admin set). CAUTION: changing `deploy` replaces the role. */
    roleNames: AwsRoleNames;
}

/** The deploy identity's ARNs, each delivered once its resource exists. */
export interface AwsDeployIdentityOutputs {
    /** The managed policy every landing-zone role carries as its permissions boundary. */
    boundaryArn: pulumi.Output<string>;
    deployRoleArn: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
}

/** What declareAwsDeployIdentity declared: the outputs, and the boundary for what names it rather than taking its ARN (permission sets). */
export interface DeclaredAwsDeployIdentity extends AwsDeployIdentityOutputs {
    boundary: iam.Policy;
}

/**
 * Declares the boundary, the GitHub OIDC provider, the deploy role and its two policies under
 * `parent`, as `${name}-boundary`, `${name}-github-oidc`, `${name}-deploy`,
 * `${name}-deploy-power-user` and `${name}-deploy-iam`. `owner` is who calls: the boundary lets CI
 * change it only when the stack ("stack") declares it.
 */
export function declareAwsDeployIdentity(name: string, args: AwsDeployIdentityArgs, parent: pulumi.Resource, owner: DeployIdentityOwner): DeclaredAwsDeployIdentity {
    const opts = { parent };
    const json = (value: unknown) => JSON.stringify(value);
    const partition = partitionOf(args.region);
    const names = identityNames(args.namePrefix, args.roleNames);
    const arns = pulumi.output(args.accountId).apply((id) => identityArns(partition, args.region, id, names));
    const context = arns.apply((a) => ({ arns: a, prefix: args.namePrefix, organization: args.organization, deployIdentity: owner }));

    // The boundary comes first: the deploy role (and every role in the pillars) wears it.
    const boundary = new iam.Policy(`${name}-boundary`, {
        name: names.boundary,
        description: "Permissions boundary of every landing-zone role and permission set: caps IAM, protects audit, identity and the JIT workflow.",
        policy: context.apply((c) => {
            const text = json(permissionsBoundary(c));
            if (text.length > MANAGED_POLICY_MAX_CHARS) throw new Error(`the permissions boundary is ${text.length} characters, over IAM's ${MANAGED_POLICY_MAX_CHARS}`);
            return text;
        }),
    }, opts);
    const boundaryArn = after([boundary], arns.boundary);

    // GitHub's issuer is validated against AWS's trusted CAs, so no thumbprint is pinned.
    const oidc = new iam.OpenIdConnectProvider(`${name}-github-oidc`, { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] }, opts);
    const oidcProviderArn = after([oidc], arns.oidcProvider);
    const deploy = new iam.Role(`${name}-deploy`, {
        name: names.deploy,
        description: `Assumed by GitHub Actions (${args.github.repository}, environment ${args.github.environment}) through OIDC; no keys.`,
        assumeRolePolicy: oidcProviderArn.apply((provider) => json(githubTrust(provider, args.github.repository, args.github.environment))),
        // IAM's floor is one hour; the workflow asks for a shorter session with role-duration-seconds.
        maxSessionDuration: Math.max(3600, args.github.maxSessionMinutes * 60),
        permissionsBoundary: boundaryArn,
    }, opts);
    new iam.RolePolicyAttachment(`${name}-deploy-power-user`, { role: deploy.name, policyArn: `arn:${partition}:iam::aws:policy/PowerUserAccess` }, opts);
    new iam.RolePolicy(`${name}-deploy-iam`, { role: deploy.name, name: "landing-zone-iam", policy: context.apply((c) => json(deployIamPolicy(c))) }, opts);

    return { boundary, boundaryArn, deployRoleArn: after([deploy], arns.deployRole), oidcProviderArn };
}

/** One environment's deploy identity, declared by the bootstrap (`ci.deployIdentity: "bootstrap"`). */
export class AwsDeployIdentity extends pulumi.ComponentResource {
    /** The managed policy every landing-zone role carries as its permissions boundary. */
    readonly boundaryArn: pulumi.Output<string>;
    /** What CI's `aws-actions/configure-aws-credentials` assumes (`role-to-assume`). */
    readonly deployRoleArn: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;

    constructor(name: string, args: AwsDeployIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:DeployIdentity", name, {}, opts);
        const outputs = declareAwsDeployIdentity(name, args, this, "bootstrap");
        this.boundaryArn = outputs.boundaryArn;
        this.deployRoleArn = outputs.deployRoleArn;
        this.oidcProviderArn = outputs.oidcProviderArn;
        this.registerOutputs({ boundaryArn: this.boundaryArn, deployRoleArn: this.deployRoleArn, oidcProviderArn: this.oidcProviderArn });
    }
}
