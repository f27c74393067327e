/**
 * Builds one cloud's state backends from the validated bootstrap config: a root component with
 * the tag transformation, an explicit provider pinned to the configured account, subscription or
 * project (never ambient config or credentials' defaults), and the cloud's StateBackend under it.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import { AwsStateBackend } from "../components/aws/state-backend";
import { AzureStateBackend } from "../components/azure/state-backend";
import { GcpStateBackend } from "../components/gcp/state-backend";
import type { Bootstrap } from "./config";
import { BOOTSTRAP_TAG_ENVIRONMENT, BootstrapRoot } from "./root";

/** Per environment, what `pulumi login` and `pulumi stack init --secrets-provider` take. */
export type Backends = Record<string, { url: pulumi.Output<string>; secretsProvider: pulumi.Output<string> }>;

/** The logical name of every cloud's StateBackend component. */
export const STATE_BACKEND_NAME = "state";

function backendsOf(b: Bootstrap, root: BootstrapRoot): Backends {
    const common = { namePrefix: b.prefix, environments: b.environments, protect: b.deletionProtection };
    switch (b.cloud) {
        case "aws": {
            // allowedAccountIds: with credentials for any other account, the provider stops before changing anything.
            const provider = new AwsProvider("aws", { region: b.aws.region, allowedAccountIds: [b.aws.accountId] }, { parent: root });
            return new AwsStateBackend(STATE_BACKEND_NAME, {
                ...common,
                region: b.aws.region,
                accountId: b.aws.accountId,
                objectLockDays: b.aws.objectLockDays,
                administratorRoles: b.aws.administratorRoles,
                stateUsers: b.aws.stateUsers,
            }, { parent: root, providers: [provider] }).backends;
        }
        case "azure": {
            const { location, subscriptionId, tenantId } = b.azure;
            const provider = new AzureProvider("azure", { location, subscriptionId, tenantId }, { parent: root });
            return new AzureStateBackend(STATE_BACKEND_NAME, { ...common, ...b.azure }, { parent: root, providers: [provider] }).backends;
        }
        case "gcp": {
            const provider = new GcpProvider("gcp", { project: b.gcp.project, region: b.gcp.region }, { parent: root });
            const projectNumber = getProjectOutput({ projectId: b.gcp.project }, { provider }).apply((p) => p.number!);
            return new GcpStateBackend(STATE_BACKEND_NAME, { ...common, ...b.gcp, projectNumber }, { parent: root, providers: [provider] }).backends;
        }
    }
}

export function buildBootstrap(b: Bootstrap): Backends {
    const root = new BootstrapRoot(b.cloud, b.prefix, { owner: b.owner, environment: BOOTSTRAP_TAG_ENVIRONMENT, extra: b.tags });
    const backends = backendsOf(b, root);
    root.complete({ backends });
    return backends;
}
