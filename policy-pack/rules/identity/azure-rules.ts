/** The Azure rules of the identity pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import noStandingPrivileged from "./zt-azure-authorization-no-standing-privileged";
import customRoleNoWildcard from "./zt-azure-authorization-custom-role-no-wildcard";
import pimActivationPolicy from "./zt-azure-pim-activation-policy";
import federationPinned from "./zt-azure-managedidentity-federation-pinned";
import noClientSecrets from "./zt-azure-entra-no-client-secrets";
import caEnabled from "./zt-azure-entra-ca-enabled";
import caMfa from "./zt-azure-entra-ca-mfa";
import caLegacyAuthBlocked from "./zt-azure-entra-ca-legacy-auth-blocked";
import policyAssignmentEnforced from "./zt-azure-policy-assignment-enforced";

export const azureIdentityRules: readonly ZtRule[] = [
    noStandingPrivileged,
    customRoleNoWildcard,
    pimActivationPolicy,
    federationPinned,
    noClientSecrets,
    caEnabled,
    caMfa,
    caLegacyAuthBlocked,
    policyAssignmentEnforced,
];
