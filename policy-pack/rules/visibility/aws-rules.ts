/** The AWS rules of the visibility pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import cloudtrailEnabled from "./zt-aws-cloudtrail-enabled";
import cloudtrailHardened from "./zt-aws-cloudtrail-hardened";
import logsRetention from "./zt-aws-logs-retention";
import configRecording from "./zt-aws-config-recording";
import guarddutyEnabled from "./zt-aws-guardduty-enabled";
import guarddutyResponse from "./zt-aws-guardduty-response";
import securityhubStandards from "./zt-aws-securityhub-standards";

export const awsVisibilityRules: readonly ZtRule[] = [
    cloudtrailEnabled,
    cloudtrailHardened,
    logsRetention,
    configRecording,
    guarddutyEnabled,
    guarddutyResponse,
    securityhubStandards,
];
