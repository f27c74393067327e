/**
 * What the bootstrap program exports per environment, for each cloud's stack file: the exact
 * `pulumi login` URL and `--secrets-provider` a landing-zone stack is created with (AWS: one stack
 * per account, so each exports its one environment's backend, named by its account). The captured
 * graph carries no outputs, so the program's composition (bootstrap/clouds.ts) runs here under the
 * shared mocks with each stack file's validated config.
 */
import { strict as assert } from "assert";
import { readStackConfig } from "../../config/stack-file";
import { validateBootstrapStack } from "../../bootstrap/landing-zones";
import { buildBootstrap } from "../../bootstrap/clouds";
import { BOOTSTRAP_ROOT, REPO_ROOT } from "../support/graphs";
import * as fs from "fs";
import * as path from "path";
import { useMocks, valueOf } from "../support/mocks";
import * as pulumi from "@pulumi/pulumi";

/** The version Key Vault gives a key when it creates it; the mock stands in for the provider. */
const KEY_VERSION = "b007c0ffee00000000000000000000b1";

/** What the mocks give the bootstrap's Azure deploy identities as their client ids. */
const clientIdOf = (identity: string) => `${identity}-client-id`;

describe("bootstrap: the exported backends and GitHub variables of each stack", () => {
    const exported: Record<string, Record<string, { url: string; secretsProvider: string }>> = {};
    const variables: Record<string, Record<string, Record<string, string>>> = {};
    before(async () => {
        await useMocks((args) => {
            // Only this file's Azure keys and identities (the composition names them "state-key-*" and "deploy-<env>-deploy").
            if (args.type === "azure-native:keyvault:Key" && args.name.startsWith("state-key-")) {
                return { keyUriWithVersion: `https://${args.inputs["vaultName"]}.vault.azure.net/keys/${args.inputs["keyName"]}/${KEY_VERSION}` };
            }
            if (args.type === "azure-native:managedidentity:UserAssignedIdentity" && /^deploy-(dev|prod)-deploy$/.test(args.name)) {
                return { clientId: clientIdOf(args.inputs["resourceName"] as string), principalId: `${args.inputs["resourceName"]}-principal` };
            }
            return {};
        });
        for (const stack of ["aws-dev", "aws-prod", "azure", "gcp"]) {
            const result = validateBootstrapStack(readStackConfig(stack, BOOTSTRAP_ROOT).config);
            assert.ok(result.ok, stack);
            exported[stack] = {};
            variables[stack] = {};
            const built = buildBootstrap(result.bootstrap);
            for (const [env, b] of Object.entries(built.backends)) {
                exported[stack][env] = { url: await valueOf(b.url), secretsProvider: await valueOf(b.secretsProvider) };
            }
            for (const [env, vars] of Object.entries(built.githubVariables)) {
                variables[stack][env] = Object.fromEntries(await Promise.all(Object.entries(vars).map(async ([k, v]) => [k, await valueOf(pulumi.output(v))])));
            }
        }
    });

    it("aws-dev: dev alone, an S3 URL in the dev account with region and the v2 SDK, and a KMS alias", () => {
        assert.deepEqual(exported["aws-dev"], {
            dev: { url: "s3://zt-dev-pulumi-state-210987654321?region=eu-west-1&awssdk=v2", secretsProvider: "awskms://alias/zt-dev-pulumi-secrets?region=eu-west-1" },
        });
    });

    it("aws-prod: prod alone, an S3 URL in the prod account with region and the v2 SDK, and a KMS alias", () => {
        assert.deepEqual(exported["aws-prod"], {
            prod: { url: "s3://zt-prod-pulumi-state-123456789012?region=eu-west-1&awssdk=v2", secretsProvider: "awskms://alias/zt-prod-pulumi-secrets?region=eu-west-1" },
        });
    });

    it("azure: a container of the one account, and a version-pinned Key Vault key, per environment", () => {
        assert.deepEqual(exported["azure"], {
            dev: { url: "azblob://dev-state?storage_account=ztstate", secretsProvider: `azurekeyvault://zt-state-kv.vault.azure.net/keys/dev-secrets/${KEY_VERSION}` },
            prod: { url: "azblob://prod-state?storage_account=ztstate", secretsProvider: `azurekeyvault://zt-state-kv.vault.azure.net/keys/prod-secrets/${KEY_VERSION}` },
        });
    });

    it("gcp: a bucket, and a Cloud KMS key by its full resource name, per environment", () => {
        const key = (env: string) => `gcpkms://projects/zt-landing-zone-prod/locations/europe-west1/keyRings/zt-state/cryptoKeys/${env}-secrets`;
        assert.deepEqual(exported["gcp"], {
            dev: { url: "gs://zt-landing-zone-prod-zt-dev-state", secretsProvider: key("dev") },
            prod: { url: "gs://zt-landing-zone-prod-zt-prod-state", secretsProvider: key("prod") },
        });
    });

    it("exports, per environment, exactly the variables its GitHub environment needs (.github/workflows read them), none a credential", () => {
        assert.deepEqual(variables["aws-dev"], {
            dev: { AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::210987654321:role/zt-dev-deploy", AWS_REGION: "eu-west-1", AWS_PULUMI_BACKEND_URL: exported["aws-dev"].dev.url },
        });
        assert.deepEqual(variables["aws-prod"], {
            prod: { AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::123456789012:role/zt-prod-deploy", AWS_REGION: "eu-west-1", AWS_PULUMI_BACKEND_URL: exported["aws-prod"].prod.url },
        });
        const azure = (env: "dev" | "prod", sub: string) => ({
            AZURE_CLIENT_ID: clientIdOf(`zt-${env}-deploy`),
            AZURE_TENANT_ID: "00000000-0000-4000-8000-0000000000aa",
            AZURE_SUBSCRIPTION_ID: sub,
            AZURE_PULUMI_BACKEND_URL: exported["azure"][env].url,
        });
        assert.deepEqual(variables["azure"], { dev: azure("dev", "00000000-0000-4000-8000-000000000001"), prod: azure("prod", "00000000-0000-4000-8000-000000000002") });
        const gcp = (env: "dev" | "prod") => ({
            // The project number is the offline plan's stand-in (plan/invokes.ts), which the mocks answer with too.
            GCP_WORKLOAD_IDENTITY_PROVIDER: `projects/000000000000/locations/global/workloadIdentityPools/zt-${env}-github/providers/github-actions`,
            GCP_DEPLOY_SERVICE_ACCOUNT: `zt-${env}-deploy@zt-landing-zone-${env}.iam.gserviceaccount.com`,
            GCP_PULUMI_BACKEND_URL: exported["gcp"][env].url,
        });
        assert.deepEqual(variables["gcp"], { dev: gcp("dev"), prod: gcp("prod") });
    });

    it("names only variables the workflows read", () => {
        const workflows = ["pull-request.yml", "deploy.yml"].map((f) => fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", f), "utf8")).join("\n");
        const names = new Set(Object.values(variables).flatMap((byEnv) => Object.values(byEnv).flatMap((v) => Object.keys(v))));
        assert.equal(names.size, 10);
        for (const name of names) assert.ok(workflows.includes(`vars.${name}`), name);
    });
});
