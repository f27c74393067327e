/**
 * Builds one cloud's state backends from the validated bootstrap config: a root component with
 * the tag transformation, an explicit provider pinned to the configured account, subscription or
 * project (never ambient config or credentials' defaults), and the cloud's StateBackend under it.
 * Then, for each environment whose landing-zone stack leaves it to the bootstrap, the deploy
 * identity that stack's pipeline signs in as (zt:<cloud>:DeployIdentity, deploy-<env>), in that
 * environment's account, subscription or project, and its use of the environment's state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import { AwsDeployIdentity } from "../components/aws/deploy-identity";
import { awsRoleNames } from "../components/aws/identity-names";
import { AwsStateBackend } from "../components/aws/state-backend";
import { AzureDeployIdentity } from "../components/azure/deploy-identity";
import { AzureStateBackend, type StatePrincipal } from "../components/azure/state-backend";
import { GcpDeployIdentity } from "../components/gcp/deploy-identity";
import { GcpStateBackend } from "../components/gcp/state-backend";
import type { Intent } from "../config/schema";
import { namePrefix } from "../stacks/common";
import { DEPLOY_IDENTITY_GRANT } from "./config";
import type { BootstrapStack, DeployIdentityPlan } from "./landing-zones";
import { BOOTSTRAP_TAG_ENVIRONMENT, BootstrapRoot } from "./root";

/** Per environment, what `pulumi login` and `pulumi stack init --secrets-provider` take. */
export type Backends = Record<string, { url: pulumi.Output<string>; secretsProvider: pulumi.Output<string> }>;
/**
 * Per environment whose deploy identity the bootstrap declared, the GitHub environment variables
 * the workflows read (.github/workflows): none is a credential.
 */
export type GithubVariables = Record<string, Record<string, pulumi.Input<string>>>;
export interface Bootstrapped {
    backends: Backends;
    githubVariables: GithubVariables;
}

/** The logical name of every cloud's StateBackend component. */
export const STATE_BACKEND_NAME = "state";

/** The deploy identities' component names: one per environment. */
export const deployIdentityName = (env: string) => `deploy-${env}`;

type Plans<C extends Intent["cloud"]> = DeployIdentityPlan<Extract<Intent, { cloud: C }>>[];
const plansOf = <C extends Intent["cloud"]>(b: BootstrapStack, cloud: C): Plans<C> =>
    b.deployIdentities.filter((p): p is DeployIdentityPlan<Extract<Intent, { cloud: C }>> => p.intent.cloud === cloud);

/** The cloud's backends, and the GitHub variables of its deploy identities but the backend URL (known only once the backends are). */
function declareCloud(b: BootstrapStack, root: BootstrapRoot): { backends: Backends; identityVariables: GithubVariables } {
    const vars: GithubVariables = {};
    const common = { namePrefix: b.prefix, environments: b.environments, protect: b.deletionProtection };
    switch (b.cloud) {
        case "aws": {
            // allowedAccountIds: with credentials for any other account, the provider stops before changing anything.
            const provider = new AwsProvider("aws", { region: b.aws.region, allowedAccountIds: [b.aws.accountId] }, { parent: root });
            // The state users' default patterns already name each environment's deploy role.
            for (const { env, intent } of plansOf(b, "aws")) {
                const prefix = namePrefix(intent);
                const identity = new AwsDeployIdentity(deployIdentityName(env), {
                    namePrefix: prefix,
                    region: intent.aws.region,
                    accountId: b.aws.accountId,
                    organization: intent.aws.organization !== undefined,
                    github: intent.ci,
                    roleNames: awsRoleNames(prefix),
                }, { parent: root, providers: [provider] });
                vars[env] = { AWS_DEPLOY_ROLE_ARN: identity.deployRoleArn, AWS_REGION: intent.aws.region };
            }
            const backends = new AwsStateBackend(STATE_BACKEND_NAME, {
                ...common,
                region: b.aws.region,
                accountId: b.aws.accountId,
                objectLockDays: b.aws.objectLockDays,
                administratorRoles: b.aws.administratorRoles,
                stateUsers: b.aws.stateUsers,
            }, { parent: root, providers: [provider] }).backends;
            return { backends, identityVariables: vars };
        }
        case "azure": {
            const { location, subscriptionId, tenantId } = b.azure;
            const provider = new AzureProvider("azure", { location, subscriptionId, tenantId }, { parent: root });
            const deployers: Record<string, Record<string, StatePrincipal>> = { ...b.azure.deployers };
            for (const { env, intent } of plansOf(b, "azure")) {
                // In the environment's own subscription, where its landing zone deploys.
                const az = intent.azure;
                const envProvider = new AzureProvider(`azure-${env}`, { location: az.location, subscriptionId: az.subscriptionId, tenantId: az.tenantId }, { parent: root });
                const identity = new AzureDeployIdentity(deployIdentityName(env), {
                    namePrefix: namePrefix(intent),
                    location: az.location,
                    subscriptionId: az.subscriptionId,
                    github: intent.ci,
                }, { parent: root, providers: [envProvider] });
                deployers[env] = { ...deployers[env], [DEPLOY_IDENTITY_GRANT]: { principalId: identity.principalId, principalType: "ServicePrincipal" } };
                vars[env] = { AZURE_CLIENT_ID: identity.clientId, AZURE_TENANT_ID: az.tenantId, AZURE_SUBSCRIPTION_ID: az.subscriptionId };
            }
            const backends = new AzureStateBackend(STATE_BACKEND_NAME, { ...common, ...b.azure, deployers }, { parent: root, providers: [provider] }).backends;
            return { backends, identityVariables: vars };
        }
        case "gcp": {
            const provider = new GcpProvider("gcp", { project: b.gcp.project, region: b.gcp.region }, { parent: root });
            const numberOf = (projectId: string, p: GcpProvider) => getProjectOutput({ projectId }, { provider: p }).apply((r) => r.number!);
            const deployers: Record<string, Record<string, pulumi.Input<string>>> = { ...b.gcp.deployers };
            for (const { env, intent } of plansOf(b, "gcp")) {
                // In the environment's own project, where its landing zone deploys.
                const gcp = intent.gcp;
                const envProvider = new GcpProvider(`gcp-${env}`, { project: gcp.project, region: gcp.region }, { parent: root });
                const identity = new GcpDeployIdentity(deployIdentityName(env), {
                    namePrefix: namePrefix(intent),
                    project: gcp.project,
                    projectNumber: numberOf(gcp.project, envProvider),
                    region: gcp.region,
                    github: intent.ci,
                    organizationId: gcp.organizationId,
                }, { parent: root, providers: [envProvider] });
                deployers[env] = { ...deployers[env], [DEPLOY_IDENTITY_GRANT]: identity.member };
                vars[env] = { GCP_WORKLOAD_IDENTITY_PROVIDER: identity.workloadIdentityProvider, GCP_DEPLOY_SERVICE_ACCOUNT: identity.email };
            }
            const backends = new GcpStateBackend(STATE_BACKEND_NAME, { ...common, ...b.gcp, deployers, projectNumber: numberOf(b.gcp.project, provider) }, { parent: root, providers: [provider] }).backends;
            return { backends, identityVariables: vars };
        }
    }
}

export function buildBootstrap(b: BootstrapStack): Bootstrapped {
    const root = new BootstrapRoot(b.cloud, b.prefix, { owner: b.owner, environment: BOOTSTRAP_TAG_ENVIRONMENT, extra: b.tags });
    const { backends, identityVariables } = declareCloud(b, root);
    // The workflows name each cloud's backend variable <CLOUD>_PULUMI_BACKEND_URL.
    const githubVariables = Object.fromEntries(Object.entries(identityVariables).map(([env, vars]) => [env, { ...vars, [`${b.cloud.toUpperCase()}_PULUMI_BACKEND_URL`]: backends[env].url }]));
    root.complete({ backends, githubVariables });
    return { backends, githubVariables };
}
