/**
 * Pure service control policies for zt:aws:Identity: one compact document per guardrail, attached
 * when the landing zone manages an organization. No resources here.
 */
import { doc, type PolicyDocument, type Statement } from "./identity-policies";

/** Service control policies are limited to 5,120 characters (AWS Organizations quota). */
export const SCP_MAX_CHARS = 5120;

/** The principal tag that exempts a principal from the access-key SCP, and the value that counts. */
export const ACCESS_KEY_EXCEPTION_TAG = { key: "zt-access-key-exception", value: "approved" } as const;

export interface ScpContext {
    partition: string;
    deployRoleName: string;
    allowedRegions: string[];
    trustedSourceCidrs: string[];
}

/** Global services, or calls served only from us-east-1, that the region guardrail must not block. */
const GLOBAL_ACTIONS = [
    "iam:*", "organizations:*", "account:*", "sts:*", "route53:*", "route53domains:*", "cloudfront:*", "globalaccelerator:*",
    "waf:*", "wafv2:*", "shield:*", "support:*", "trustedadvisor:*", "health:*", "budgets:*", "ce:*", "cur:*", "pricing:*",
    "aws-portal:*", "networkmanager:*", "ec2:DescribeRegions", "s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock",
];

/** Actions that change who can do what, or destroy keys: MFA (and, when configured, a trusted network) required. */
export const PRIVILEGED_ACTIONS = [
    "iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Update*", "iam:Upload*",
    "iam:Tag*", "iam:Untag*", "organizations:*", "account:*",
    "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DeleteImportedKeyMaterial",
];

/** Audit services: stopping, deleting or reconfiguring them is denied to all but the pinned CI role. */
const AUDIT_CHANGE_ACTIONS = [
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
    "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:Disassociate*", "guardduty:StopMonitoringMembers", "guardduty:CreateFilter", "guardduty:UpdateFilter",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder", "config:DeleteDeliveryChannel", "config:PutDeliveryChannel",
    "securityhub:DisableSecurityHub", "securityhub:Disassociate*", "securityhub:BatchDisableStandards",
];

export const SCP_KEYS = ["access-keys", "leave-organization", "audit-services", "regions", "root-user", "privileged-actions"] as const;
export type ScpKey = (typeof SCP_KEYS)[number];

/** One compact document per guardrail, keyed by a stable word (the key names the policy and its attachments). */
export function serviceControlPolicies(c: ScpContext): Record<ScpKey, PolicyDocument> {
    const deploy = `arn:${c.partition}:iam::*:role/${c.deployRoleName}`;
    const serviceLinked = `arn:${c.partition}:iam::*:role/aws-service-role/*`;
    // Identity Center sessions carry no aws:MultiFactorAuthPresent; Identity Center enforces MFA at sign-in.
    const identityCenter = `arn:${c.partition}:iam::*:role/aws-reserved/sso.amazonaws.com/*`;
    const tag = ACCESS_KEY_EXCEPTION_TAG;
    const privileged: Statement[] = [{
        Sid: "DenyPrivilegedWithoutMfa",
        Effect: "Deny",
        Action: PRIVILEGED_ACTIONS,
        Resource: "*",
        Condition: {
            BoolIfExists: { "aws:MultiFactorAuthPresent": "false", "aws:ViaAWSService": "false" },
            ArnNotLike: { "aws:PrincipalArn": [deploy, serviceLinked, identityCenter] },
        },
    }];
    if (c.trustedSourceCidrs.length > 0) {
        privileged.push({
            Sid: "DenyPrivilegedOffNetwork",
            Effect: "Deny",
            Action: PRIVILEGED_ACTIONS,
            Resource: "*",
            Condition: {
                NotIpAddress: { "aws:SourceIp": c.trustedSourceCidrs },
                BoolIfExists: { "aws:ViaAWSService": "false" },
                ArnNotLike: { "aws:PrincipalArn": [deploy, serviceLinked] },
            },
        });
    }
    return {
        "access-keys": doc(
            { Sid: "DenyAccessKeys", Effect: "Deny", Action: "iam:CreateAccessKey", Resource: "*", Condition: { StringNotEquals: { [`aws:PrincipalTag/${tag.key}`]: tag.value } } },
            // The exception is granted in code (CI), never by a principal tagging itself.
            {
                Sid: "DenyGrantingTheException",
                Effect: "Deny",
                Action: ["iam:TagUser", "iam:UntagUser", "iam:TagRole", "iam:UntagRole"],
                Resource: "*",
                Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": [tag.key] }, ArnNotLike: { "aws:PrincipalArn": deploy } },
            },
        ),
        "leave-organization": doc({ Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }),
        // CI is exempt so the audit services stay managed as code; everyone else only reads them.
        "audit-services": doc({ Sid: "DenyAuditChanges", Effect: "Deny", Action: AUDIT_CHANGE_ACTIONS, Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": deploy } } }),
        regions: doc({ Sid: "DenyOtherRegions", Effect: "Deny", NotAction: GLOBAL_ACTIONS, Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": c.allowedRegions } } }),
        "root-user": doc({ Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": `arn:${c.partition}:iam::*:root` } } }),
        "privileged-actions": doc(...privileged),
    };
}
