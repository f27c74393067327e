import { strict as assert } from "assert";
import { childRecorder, registeredAs, registeredIds, unitUrn, useMocks, valueOf } from "../support/mocks";
import { AwsDeployIdentity, type AwsDeployIdentityArgs } from "../../components/aws/deploy-identity";
import { AwsIdentity, type AwsIdentityArgs } from "../../components/aws/identity";
import { identityArns, identityNames, type IdentityArns } from "../../components/aws/identity-names";
import { deployIamPolicy, permissionsBoundary, type PolicyDocument, type Statement } from "../../components/aws/identity-policies";

const ACCOUNT = "123456789012";
const PREFIX = "ztu-prod";
const ROLE_NAMES = { deploy: `${PREFIX}-deploy`, breakGlass: `${PREFIX}-break-glass`, adminPermissionSet: `${PREFIX}-admin` };
const GITHUB = { repository: "example-org/zt-landing-zone", environment: "prod", maxSessionMinutes: 60 };
/** Mock URNs: project and stack as test/support/mocks.ts sets them. */
const URN = unitUrn("");
const BOUNDARY_ACTIONS = ["iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"];

const arnsIn = (partition: string, region: string): IdentityArns => identityArns(partition, region, ACCOUNT, identityNames(PREFIX, ROLE_NAMES));
const AWS = arnsIn("aws", "eu-west-1");
const GOV = arnsIn("aws-us-gov", "us-gov-west-1");

/** The component's args: one environment of the bootstrap, no organization. */
const ARGS: AwsDeployIdentityArgs = { namePrefix: PREFIX, region: "eu-west-1", accountId: ACCOUNT, organization: false, github: GITHUB, roleNames: ROLE_NAMES };
/** A second one with an organization, in GovCloud (the partition must follow the region everywhere). */
const ORG_ARGS: AwsDeployIdentityArgs = { ...ARGS, region: "us-gov-west-1", organization: true, github: { ...GITHUB, environment: "production", maxSessionMinutes: 15 } };

/** The pillar's args; the same names as ARGS, so both declare the same physical identity. */
const pillarArgs = (deployIdentity: AwsIdentityArgs["deployIdentity"]): AwsIdentityArgs => ({
    namePrefix: PREFIX,
    region: "eu-west-1",
    accountId: ACCOUNT,
    allowedRegions: ["eu-west-1"],
    trustedSourceCidrs: [],
    identityCenter: {
        instanceArn: "arn:aws:sso:::instance/ssoins-0000000000000000",
        identityStoreId: "d-0000000000",
        readOnlyGroups: [],
        developerGroups: [],
        adminGroups: ["Platform Admins"],
        sessionMinutes: { readOnly: 480, developer: 240, admin: 60 },
    },
    maxElevationMinutes: 60,
    github: GITHUB,
    deployIdentity,
    roleNames: ROLE_NAMES,
    logsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs`,
    logRetentionDays: 365,
    protect: false,
});

/** The five resources of a deploy identity declared under `name`, as registeredIds lists them. */
const identityIds = (name: string) => [
    `aws:iam/openIdConnectProvider:OpenIdConnectProvider::${name}-github-oidc`,
    `aws:iam/policy:Policy::${name}-boundary`,
    `aws:iam/role:Role::${name}-deploy`,
    `aws:iam/rolePolicy:RolePolicy::${name}-deploy-iam`,
    `aws:iam/rolePolicyAttachment:RolePolicyAttachment::${name}-deploy-power-user`,
];

const parse = (name: string, prop: string): PolicyDocument => JSON.parse(registeredAs(name).inputs[prop] as string) as PolicyDocument;
const sid = (d: PolicyDocument, id: string): Statement => {
    const s = d.Statement.find((x) => x["Sid"] === id);
    assert.ok(s, `statement ${id}`);
    return s;
};
/** The exact trust: GitHub's tokens, for STS, for one repository environment only. */
const trust = (a: IdentityArns, environment: string) => ({
    Version: "2012-10-17",
    Statement: [{
        Sid: "GitHubEnvironmentOnly",
        Effect: "Allow",
        Principal: { Federated: a.oidcProvider },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": `repo:example-org/zt-landing-zone:environment:${environment}`,
            },
        },
    }],
});

describe("zt:aws:DeployIdentity and zt:aws:Identity's deploy identity (under mocks)", () => {
    const { transformation: record, settled, dependsOn, children } = childRecorder();
    /** Each child's URN, by logical name, once settled. */
    const urns = new Map<string, string>();
    const outputs: Record<string, Record<string, string>> = {};

    before(async () => {
        await useMocks((args) => (args.type === "aws:ssoadmin/permissionSet:PermissionSet" && args.name.startsWith("awsdi-")
            ? { arn: `arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-${args.name}` }
            : {}));
        const opts = { transformations: [record] };
        const stack = new AwsIdentity("awsdi-stack", pillarArgs("stack"), opts);
        const boot = new AwsIdentity("awsdi-boot", pillarArgs("bootstrap"), opts);
        const comp = new AwsDeployIdentity("awsdi-comp", ARGS, opts);
        const org = new AwsDeployIdentity("awsdi-org", ORG_ARGS, opts);
        for (const [name, c] of [["awsdi-stack", stack], ["awsdi-boot", boot]] as const) {
            outputs[name] = { boundaryArn: await valueOf(c.permissionsBoundaryArn), deployRoleArn: await valueOf(c.deployRoleArn), oidcProviderArn: await valueOf(c.oidcProviderArn) };
        }
        for (const [name, c] of [["awsdi-comp", comp], ["awsdi-org", org]] as const) {
            outputs[name] = { boundaryArn: await valueOf(c.boundaryArn), deployRoleArn: await valueOf(c.deployRoleArn), oidcProviderArn: await valueOf(c.oidcProviderArn) };
        }
        // Every child registered: the role's two policies are on no output's path.
        await settled();
        for (const [name, r] of children) urns.set(name, await valueOf(r.urn));
    });

    it("zt:aws:DeployIdentity declares exactly the boundary, the GitHub OIDC provider, the deploy role and its two policies", () => {
        assert.deepEqual(registeredIds("awsdi-comp"), identityIds("awsdi-comp"));
        assert.deepEqual(registeredIds("awsdi-org"), identityIds("awsdi-org"));
        for (const name of ["boundary", "github-oidc", "deploy", "deploy-power-user", "deploy-iam"]) {
            assert.ok(urns.get(`awsdi-comp-${name}`)?.startsWith(`${URN}zt:aws:DeployIdentity$aws:iam/`), `awsdi-comp-${name} is the component's child`);
        }
    });

    it('the pillar in "stack" mode declares the same five under itself, with the child names it always had', () => {
        const ids = registeredIds("awsdi-stack");
        for (const id of identityIds("awsdi-stack")) assert.ok(ids.includes(id), id);
        const types: Record<string, string> = {
            boundary: "aws:iam/policy:Policy",
            "github-oidc": "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            deploy: "aws:iam/role:Role",
            "deploy-power-user": "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "deploy-iam": "aws:iam/rolePolicy:RolePolicy",
        };
        for (const [suffix, type] of Object.entries(types)) {
            assert.equal(urns.get(`awsdi-stack-${suffix}`), `${URN}zt:aws:Identity$${type}::awsdi-stack-${suffix}`);
        }
    });

    it('the pillar in "bootstrap" mode declares everything else it declares in "stack" mode, and none of the five', () => {
        const stackIds = registeredIds("awsdi-stack").filter((id) => !identityIds("awsdi-stack").includes(id));
        assert.deepEqual(registeredIds("awsdi-boot"), stackIds.map((id) => id.replace("::awsdi-stack-", "::awsdi-boot-")).sort());
        assert.equal(stackIds.length, 33, "the pillar's other children: 2 hygiene, 2 break-glass, 12 permission-set, 17 JIT workflow");
    });

    it("gives the same three ARNs whoever declares the identity, built from its names", () => {
        const expected = { boundaryArn: AWS.boundary, deployRoleArn: AWS.deployRole, oidcProviderArn: AWS.oidcProvider };
        assert.deepEqual(expected, {
            boundaryArn: `arn:aws:iam::${ACCOUNT}:policy/ztu-prod-boundary`,
            deployRoleArn: `arn:aws:iam::${ACCOUNT}:role/ztu-prod-deploy`,
            oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        });
        for (const name of ["awsdi-stack", "awsdi-boot", "awsdi-comp"]) assert.deepEqual(outputs[name], expected, name);
        assert.deepEqual(outputs["awsdi-org"], { boundaryArn: GOV.boundary, deployRoleArn: GOV.deployRole, oidcProviderArn: GOV.oidcProvider });
        assert.ok(GOV.oidcProvider.startsWith("arn:aws-us-gov:iam::"));
    });

    it("pins the deploy role's OIDC trust to the repository's environment, for STS, with a one-hour ceiling and the boundary", () => {
        const cases: [string, IdentityArns, string][] = [["awsdi-stack", AWS, "prod"], ["awsdi-comp", AWS, "prod"], ["awsdi-org", GOV, "production"]];
        for (const [name, a, environment] of cases) {
            assert.deepEqual(registeredAs(`${name}-deploy`).inputs, {
                name: "ztu-prod-deploy",
                description: `Assumed by GitHub Actions (example-org/zt-landing-zone, environment ${environment}) through OIDC; no keys.`,
                assumeRolePolicy: JSON.stringify(trust(a, environment)),
                // IAM's floor is an hour: a 15-minute maxSessionMinutes still gives 3600.
                maxSessionDuration: 3600,
                permissionsBoundary: a.boundary,
            }, name);
            assert.deepEqual(registeredAs(`${name}-github-oidc`).inputs, { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] }, name);
            assert.deepEqual(registeredAs(`${name}-deploy-power-user`).inputs, { role: "ztu-prod-deploy", policyArn: `arn:${a.partition}:iam::aws:policy/PowerUserAccess` }, name);
        }
    });

    it("gives the deploy role scoped IAM only, managing SCPs only with an organization", () => {
        const cases: [string, IdentityArns, boolean][] = [["awsdi-stack", AWS, false], ["awsdi-comp", AWS, false], ["awsdi-org", GOV, true]];
        for (const [name, arns, organization] of cases) {
            const policy = registeredAs(`${name}-deploy-iam`).inputs;
            assert.deepEqual([policy["role"], policy["name"]], ["ztu-prod-deploy", "landing-zone-iam"], name);
            const doc = parse(`${name}-deploy-iam`, "policy");
            assert.deepEqual(doc, deployIamPolicy({ arns, prefix: PREFIX, organization, deployIdentity: name === "awsdi-stack" ? "stack" : "bootstrap" }), name);
            assert.deepEqual(sid(doc, "OnlyBoundedRoles")["Condition"], { StringEquals: { "iam:PermissionsBoundary": arns.boundary } }, name);
            assert.equal(doc.Statement.some((s) => s["Sid"] === "ServiceControlPolicies"), organization, name);
        }
    });

    it("writes the boundary as the builder does; only when the stack owns it may CI change it", () => {
        const stack = parse("awsdi-stack-boundary", "policy");
        assert.deepEqual(stack, permissionsBoundary({ arns: AWS, prefix: PREFIX, organization: false, deployIdentity: "stack" }));
        assert.deepEqual(sid(stack, "ProtectBoundary"), {
            Sid: "ProtectBoundary", Effect: "Deny", Action: BOUNDARY_ACTIONS, Resource: AWS.boundary,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [AWS.deployRole] } },
        });
        const comp = parse("awsdi-comp-boundary", "policy");
        assert.deepEqual(comp, permissionsBoundary({ arns: AWS, prefix: PREFIX, organization: false, deployIdentity: "bootstrap" }));
        assert.deepEqual(sid(comp, "ProtectBoundary"), { Sid: "ProtectBoundary", Effect: "Deny", Action: BOUNDARY_ACTIONS, Resource: AWS.boundary });
        // When the bootstrap owns the deploy role, CI may not touch the role or the OIDC provider; break-glass may (to revoke).
        assert.deepEqual(sid(comp, "DeployRoleByBootstrapOnly"), {
            Sid: "DeployRoleByBootstrapOnly", Effect: "Deny",
            Action: ["iam:Update*", "iam:Put*", "iam:Delete*", "iam:Attach*", "iam:Detach*", "iam:Tag*", "iam:Untag*"],
            Resource: AWS.deployRole,
            Condition: { ArnNotLike: { "aws:PrincipalArn": AWS.breakGlassRole } },
        });
        assert.deepEqual(sid(stack, "GitHubOidcProvider"), { Sid: "GitHubOidcProvider", Effect: "Allow", Action: "iam:*OpenIDConnectProvider*", Resource: AWS.oidcProvider });
        // Nothing else differs between the two owners.
        const owned = ["ProtectBoundary", "DeployRoleByBootstrapOnly", "GitHubOidcProvider"];
        const rest = (d: PolicyDocument) => d.Statement.filter((s) => !owned.includes(s["Sid"] as string));
        assert.deepEqual(rest(comp), rest(stack));
        assert.deepEqual(stack.Statement.filter((s) => owned.includes(s["Sid"] as string)).map((s) => s["Sid"]), ["GitHubOidcProvider", "ProtectBoundary"]);
        assert.deepEqual(comp.Statement.filter((s) => owned.includes(s["Sid"] as string)).map((s) => s["Sid"]), ["ProtectBoundary", "DeployRoleByBootstrapOnly"]);
        const org = parse("awsdi-org-boundary", "policy");
        assert.deepEqual(org, permissionsBoundary({ arns: GOV, prefix: PREFIX, organization: true, deployIdentity: "bootstrap" }));
        assert.ok(sid(org, "ServiceControlPolicies"), "with an organization the boundary lets CI manage SCPs");
        for (const name of ["awsdi-stack", "awsdi-comp", "awsdi-org"]) assert.equal(registeredAs(`${name}-boundary`).inputs["name"], "ztu-prod-boundary", name);
    });

    it('in "stack" mode the permission sets wait for the boundary they name; in "bootstrap" mode it already exists', () => {
        for (const key of ["read-only", "developer", "admin"]) {
            assert.deepEqual(dependsOn.get(`awsdi-stack-ps-${key}-boundary`), [children.get("awsdi-stack-boundary")], key);
            assert.deepEqual(dependsOn.get(`awsdi-boot-ps-${key}-boundary`), [], key);
            for (const name of ["awsdi-stack", "awsdi-boot"]) {
                assert.deepEqual(registeredAs(`${name}-ps-${key}-boundary`).inputs["permissionsBoundary"], { customerManagedPolicyReference: { name: "ztu-prod-boundary" } });
            }
        }
    });

    it("puts the same boundary on the pillar's own roles in both modes", () => {
        for (const name of ["awsdi-stack", "awsdi-boot"]) {
            for (const role of ["break-glass", "jit-validate-role", "jit-grant-role", "jit-revoke-role", "jit-workflow-role"]) {
                assert.equal(registeredAs(`${name}-${role}`).inputs["permissionsBoundary"], AWS.boundary, `${name}-${role}`);
            }
        }
    });
});
