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
import { BOOTSTRAP_ROOT } from "../support/graphs";
import { useMocks, valueOf } from "../support/mocks";

/** The version Key Vault gives a key when it creates it; the mock stands in for the provider. */
const KEY_VERSION = "b007c0ffee00000000000000000000b1";

describe("bootstrap: the exported backends of each stack", () => {
    const exported: Record<string, Record<string, { url: string; secretsProvider: string }>> = {};
    before(async () => {
        await useMocks((args) =>
            // Only this file's Azure keys (the composition names its backend "state").
            args.type === "azure-native:keyvault:Key" && args.name.startsWith("state-key-")
                ? { keyUriWithVersion: `https://${args.inputs["vaultName"]}.vault.azure.net/keys/${args.inputs["keyName"]}/${KEY_VERSION}` }
                : {},
        );
        for (const stack of ["aws-dev", "aws-prod", "azure", "gcp"]) {
            const result = validateBootstrapStack(readStackConfig(stack, BOOTSTRAP_ROOT).config);
            assert.ok(result.ok, stack);
            exported[stack] = {};
            for (const [env, b] of Object.entries(buildBootstrap(result.bootstrap))) {
                exported[stack][env] = { url: await valueOf(b.url), secretsProvider: await valueOf(b.secretsProvider) };
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
});
