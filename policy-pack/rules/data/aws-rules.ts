/** The AWS rules of the data pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import s3PublicAccessBlock from "./zt-aws-s3-public-access-block";
import s3SseKms from "./zt-aws-s3-sse-kms";
import s3TlsOnly from "./zt-aws-s3-tls-only";
import s3Versioning from "./zt-aws-s3-versioning";
import s3OwnerEnforced from "./zt-aws-s3-owner-enforced";
import s3ObjectLock from "./zt-aws-s3-object-lock";
import kmsRotation from "./zt-aws-kms-rotation";
import kmsDeletionWindow from "./zt-aws-kms-deletion-window";
import kmsKeyPolicy from "./zt-aws-kms-key-policy";
import secretsmanagerCmk from "./zt-aws-secretsmanager-cmk";
import snsCmk from "./zt-aws-sns-cmk";
import logsCmk from "./zt-aws-logs-cmk";

export const awsDataRules: readonly ZtRule[] = [
    s3PublicAccessBlock,
    s3SseKms,
    s3TlsOnly,
    s3Versioning,
    s3OwnerEnforced,
    s3ObjectLock,
    kmsRotation,
    kmsDeletionWindow,
    kmsKeyPolicy,
    secretsmanagerCmk,
    snsCmk,
    logsCmk,
];
