/** The AWS rules of the workload pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import eksPrivateEndpoint from "./zt-aws-eks-private-endpoint";
import eksSecretsEncryption from "./zt-aws-eks-secrets-encryption";
import eksControlPlaneLogs from "./zt-aws-eks-control-plane-logs";
import eksApiAuth from "./zt-aws-eks-api-auth";
import ecrImmutableTags from "./zt-aws-ecr-immutable-tags";
import ecrScanOnPush from "./zt-aws-ecr-scan-on-push";
import ecrKms from "./zt-aws-ecr-kms";
import lambdaRuntime from "./zt-aws-lambda-runtime";
import lambdaEnvEncrypted from "./zt-aws-lambda-env-encrypted";

export const awsWorkloadRules: readonly ZtRule[] = [
    eksPrivateEndpoint,
    eksSecretsEncryption,
    eksControlPlaneLogs,
    eksApiAuth,
    ecrImmutableTags,
    ecrScanOnPush,
    ecrKms,
    lambdaRuntime,
    lambdaEnvEncrypted,
];
