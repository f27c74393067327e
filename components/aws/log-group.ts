/**
 * The landing zone's CloudWatch log groups, written once: every one is encrypted with the logs
 * key, keeps its logs at least the configured retention, is classified (a log store is a data
 * store) and is protected from deletion where stateful resources are.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";

/** CloudWatch Logs accepts only these retention values (the API rejects anything else). */
export const CW_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The smallest accepted retention that keeps logs at least `days`: rounding down would break the configured minimum. */
export function cloudWatchRetention(days: number): number {
    return CW_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}

export interface EncryptedLogGroupArgs {
    /** The log group's physical name, e.g. `/aws/lambda/<function>`. CAUTION: changing it replaces the group. */
    name: pulumi.Input<string>;
    /** The logs key. */
    kmsKeyId: pulumi.Input<string>;
    /** Minimum retention in days, rounded up to a value CloudWatch accepts. */
    retentionDays: number;
    /** The `data-classification` tag. */
    classification: string;
    /** Protect from deletion (`protect` and the provider's deletion protection). */
    protect: boolean;
    /** A `Name` tag. Default: none. */
    nameTag?: string;
}

/** A log group under `parent`, with the settings every landing-zone log group shares. */
export function encryptedLogGroup(logicalName: string, args: EncryptedLogGroupArgs, parent: pulumi.Resource): cloudwatch.LogGroup {
    return new cloudwatch.LogGroup(logicalName, {
        name: args.name,
        kmsKeyId: args.kmsKeyId,
        retentionInDays: cloudWatchRetention(args.retentionDays),
        deletionProtectionEnabled: args.protect,
        tags: { ...(args.nameTag ? { Name: args.nameTag } : {}), "data-classification": args.classification },
    }, { parent, protect: args.protect });
}
