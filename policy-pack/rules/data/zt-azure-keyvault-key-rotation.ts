import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { isPresent, listOf } from "../../lib/aws-props";
import { isPlainObject, isUnknown, raw, readKnown } from "../../lib/props";

/**
 * A lifetime action that rotates the key on a schedule: type rotate and a trigger. Parts unknown
 * during preview count: they will be set, and an unknown is not evidence of a gap.
 */
function rotates(entry: unknown): boolean {
    if (!isPlainObject(entry)) {
        return false;
    }
    const action = raw(entry.action);
    const type = isPlainObject(action) ? raw(action.type) : action;
    const trigger = raw(entry.trigger);
    const scheduled = isUnknown(trigger) || (isPlainObject(trigger) && (isPresent(trigger.timeAfterCreate) || isPresent(trigger.timeBeforeExpiry)));
    return (isUnknown(type) || isOneOf(type, ["rotate"])) && scheduled;
}

export default defineRule({
    id: "zt-azure-keyvault-key-rotation",
    displayName: "Key Vault keys rotate automatically and expire",
    description:
        'Every Azure Key Vault key sets properties.rotationPolicy with a lifetimeActions entry of action.type "rotate" and a trigger, and ' +
        "rotationPolicy.attributes.expiryTime.",
    rationale:
        "A key that never changes protects ever more data, so one leak exposes all of it, and a manual rotation is the one that never happens. A rotation " +
        "policy makes Key Vault create a new version on schedule, and services that reference the key without a version (storage, ACR, AKS KMS) follow " +
        "it. The expiry time bounds each new version's life, so a version that somehow stops rotating stops working instead of living forever. Keys have " +
        "no rotation policy unless one is set.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 5],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "3.3.8" },
    remediationSteps:
        'Set properties.rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }, { action: { type: ' +
        '"notify" }, trigger: { timeBeforeExpiry: "P30D" } }], attributes: { expiryTime: "P1Y" } } on the azure-native keyvault.Key, and reference the ' +
        "key without a version from its consumers.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.key) {
            return args.notApplicable(`${args.type} is not a Key Vault key`);
        }
        const policy = readKnown(args.props, ["properties", "rotationPolicy"]);
        if (!isPlainObject(policy)) {
            report('The key has no rotation policy: set properties.rotationPolicy with a lifetime action of type "rotate" and attributes.expiryTime.');
            return;
        }
        if (!listOf(readKnown(args.props, ["properties", "rotationPolicy", "lifetimeActions"])).some(rotates)) {
            report('The key\'s rotation policy never rotates it: add a lifetimeActions entry with action.type "rotate" and a trigger (timeAfterCreate, e.g. "P90D").');
        }
        if (!isPresent(readKnown(args.props, ["properties", "rotationPolicy", "attributes", "expiryTime"]))) {
            report('The key\'s rotation policy gives new versions no expiry: set rotationPolicy.attributes.expiryTime (e.g. "P1Y").');
        }
    },
});
