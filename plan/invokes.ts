/**
 * The few provider functions (invokes) the offline plan answers with fixed, obviously fake values.
 *
 * A real preview asks the cloud; offline we cannot, so every answer here is a stand-in and the
 * report says so. Any token not in this table gets `{}` and is listed as "unknown to the offline
 * plan", so a program that starts depending on a new lookup is visible rather than silently wrong.
 * Keep the table small: an entry belongs here only when the program cannot be captured without it.
 */

import { createHash } from "crypto";

/** Inputs of the invoke plus the stack config, so answers can follow e.g. `aws:region`. */
export interface InvokeContext {
    inputs: Record<string, unknown>;
    config: Record<string, string>;
}

type Answer = (ctx: InvokeContext) => Record<string, unknown>;

const awsRegion = (ctx: InvokeContext): string => ctx.config["aws:region"] ?? "us-east-1";

/** A fake Identity Store group id (GUID-shaped, as the API's pattern wants), derived from the display name so it is stable. */
export function offlineGroupId(displayName: string): string {
    return `00000000-0000-4000-8000-${createHash("sha256").update(displayName).digest("hex").slice(0, 12)}`;
}

/** The display name an `identitystore.getGroup` call asks for (its alternate identifier). */
const requestedGroupName = (ctx: InvokeContext): string => {
    const alternate = ctx.inputs["alternateIdentifier"] as { uniqueAttribute?: { attributeValue?: unknown } } | undefined;
    const value = alternate?.uniqueAttribute?.attributeValue;
    return typeof value === "string" ? value : "offline-plan-group";
};

/** Token → answer. Account and tenant ids are documentation placeholders, never real ones. */
export const KNOWN_INVOKES: Readonly<Record<string, Answer>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/offline-plan",
        userId: "AIDAOFFLINEPLAN",
        id: "123456789012",
    }),
    "aws:index/getRegion:getRegion": (ctx) => ({ name: awsRegion(ctx), region: awsRegion(ctx), id: awsRegion(ctx) }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (ctx) => {
        const region = awsRegion(ctx);
        return { names: ["a", "b", "c"].map((z) => `${region}${z}`), zoneIds: ["az1", "az2", "az3"], id: region };
    },
    "aws:ssoadmin/getInstances:getInstances": (ctx) => ({
        arns: ["arn:aws:sso:::instance/ssoins-0000000000000000"],
        identityStoreIds: ["d-0000000000"],
        id: awsRegion(ctx),
        region: awsRegion(ctx),
    }),
    "aws:identitystore/getGroup:getGroup": (ctx) => {
        const displayName = requestedGroupName(ctx);
        const groupId = offlineGroupId(displayName);
        return {
            groupId,
            id: groupId,
            displayName,
            description: "offline plan stand-in",
            externalIds: [],
            identityStoreId: (ctx.inputs["identityStoreId"] as string | undefined) ?? "d-0000000000",
            region: awsRegion(ctx),
        };
    },
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "00000000-0000-0000-0000-000000000001",
        objectId: "00000000-0000-0000-0000-000000000002",
        subscriptionId: "00000000-0000-0000-0000-000000000003",
        tenantId: "00000000-0000-0000-0000-000000000004",
    }),
    "azuread:index/getClientConfig:getClientConfig": () => ({
        clientId: "00000000-0000-0000-0000-000000000001",
        objectId: "00000000-0000-0000-0000-000000000002",
        tenantId: "00000000-0000-0000-0000-000000000004",
    }),
    "azuread:index/getGroup:getGroup": (ctx) => {
        const displayName = typeof ctx.inputs["displayName"] === "string" ? (ctx.inputs["displayName"] as string) : "offline-plan-group";
        const objectId = offlineGroupId(displayName);
        return { objectId, id: objectId, displayName, securityEnabled: true, mailEnabled: false, description: "offline plan stand-in" };
    },
    // The deploy identity the bootstrap declared (`ci.deployIdentity: "bootstrap"`), looked up by name:
    // fake ids derived from the name. The shipped stacks pin the subscription on an explicit provider,
    // not in `azure-native:subscriptionId`, so their ARM id shows getClientConfig's placeholder.
    "azure-native:managedidentity:getUserAssignedIdentity": (ctx) => {
        const group = typeof ctx.inputs["resourceGroupName"] === "string" ? (ctx.inputs["resourceGroupName"] as string) : "offline-plan-rg";
        const name = typeof ctx.inputs["resourceName"] === "string" ? (ctx.inputs["resourceName"] as string) : "offline-plan-identity";
        const subscription = ctx.config["azure-native:subscriptionId"] ?? "00000000-0000-0000-0000-000000000003";
        return {
            id: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
            name,
            type: "Microsoft.ManagedIdentity/userAssignedIdentities",
            principalId: offlineGroupId(`${group}/${name}:principal`),
            clientId: offlineGroupId(`${group}/${name}:client`),
            tenantId: "00000000-0000-0000-0000-000000000004",
        };
    },
    // The real call returns the cluster's kubeconfig; offline there is no cluster, so a placeholder
    // that names itself as such (base64 of a kubeconfig comment).
    "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
        kubeconfigs: [{ name: "clusterUser", value: Buffer.from("# offline plan: no cluster, no kubeconfig\n").toString("base64") }],
    }),
    "gcp:organizations/getClientConfig:getClientConfig": (ctx) => ({
        project: ctx.config["gcp:project"] ?? "offline-plan-project",
        region: ctx.config["gcp:region"] ?? "europe-west1",
        accessToken: "offline-plan-token",
    }),
    // The Cloud Storage service agent (the real lookup also creates it), from the offline project number.
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": (ctx) => {
        const project = (ctx.inputs["project"] as string | undefined) ?? ctx.config["gcp:project"] ?? "offline-plan-project";
        const email = "service-000000000000@gs-project-accounts.iam.gserviceaccount.com";
        return { emailAddress: email, member: `serviceAccount:${email}`, project, id: project };
    },
    // The account Cloud Logging encrypts CMEK log buckets with (the real call also creates it).
    "gcp:logging/getProjectCmekSettings:getProjectCmekSettings": (ctx) => {
        const project = (ctx.inputs["project"] as string | undefined) ?? ctx.config["gcp:project"] ?? "offline-plan-project";
        return {
            project,
            id: `projects/${project}/cmekSettings`,
            name: `projects/${project}/cmekSettings`,
            serviceAccountId: "service-000000000000@gcp-sa-logging.iam.gserviceaccount.com",
            kmsKeyVersionName: "",
        };
    },
    "gcp:organizations/getProject:getProject": (ctx) => ({
        projectId: (ctx.inputs["projectId"] as string | undefined) ?? ctx.config["gcp:project"] ?? "offline-plan-project",
        number: "000000000000",
    }),
    // The Binary Authorization attestor's public key. Offline there is no key, so a PEM block that
    // says so: it parses as no key at all, so it could never verify a real signature.
    "gcp:kms/getKMSCryptoKeyVersion:getKMSCryptoKeyVersion": (ctx) => {
        const cryptoKey = (ctx.inputs["cryptoKey"] as string | undefined) ?? "offline-plan-key";
        const version = (ctx.inputs["version"] as number | undefined) ?? 1;
        const algorithm = "EC_SIGN_P256_SHA256";
        return {
            id: `//cloudkms.googleapis.com/v1/${cryptoKey}/cryptoKeyVersions/${version}`,
            name: `${cryptoKey}/cryptoKeyVersions/${version}`,
            cryptoKey,
            version,
            algorithm,
            protectionLevel: "HSM",
            state: "ENABLED",
            publicKeys: [{ algorithm, pem: "-----BEGIN PUBLIC KEY-----\nOFFLINE-PLAN-PLACEHOLDER-NOT-A-KEY\n-----END PUBLIC KEY-----\n" }],
        };
    },
};

/** Answers one invoke; `known` says whether the table had it. */
export function answerInvoke(token: string, ctx: InvokeContext): { known: boolean; result: Record<string, unknown> } {
    const answer = KNOWN_INVOKES[token];
    return answer ? { known: true, result: answer(ctx) } : { known: false, result: {} };
}
