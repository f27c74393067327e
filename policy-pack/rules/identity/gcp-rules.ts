/** The GCP rules of the identity pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import noPrimitiveRoles from "./zt-gcp-iam-no-primitive-roles";
import humanGroupsOnly from "./zt-gcp-iam-human-groups-only";
import noPublicMembers from "./zt-gcp-iam-no-public-members";
import noSaKeys from "./zt-gcp-iam-no-sa-keys";
import saNoAdminRoles from "./zt-gcp-iam-sa-no-admin-roles";
import wifPinned from "./zt-gcp-iam-wif-pinned";
import orgPolicyBaseline from "./zt-gcp-orgpolicy-baseline";
import pamEntitlement from "./zt-gcp-pam-entitlement";

export const gcpIdentityRules: readonly ZtRule[] = [
    noPrimitiveRoles,
    humanGroupsOnly,
    noPublicMembers,
    noSaKeys,
    saNoAdminRoles,
    wifPinned,
    orgPolicyBaseline,
    pamEntitlement,
];
