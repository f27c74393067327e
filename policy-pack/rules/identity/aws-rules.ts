/** The AWS rules of the identity pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import noUsers from "./zt-aws-iam-no-users";
import noWildcardAdmin from "./zt-aws-iam-no-wildcard-admin";
import permissionsBoundary from "./zt-aws-iam-permissions-boundary";
import trustNoWildcard from "./zt-aws-iam-trust-no-wildcard";
import oidcTrustPinned from "./zt-aws-iam-oidc-trust-pinned";
import humanRoleMfa from "./zt-aws-iam-human-role-mfa";
import passwordPolicy from "./zt-aws-iam-password-policy";
import ssoSessionDuration from "./zt-aws-sso-session-duration";
import ssoAdminSession from "./zt-aws-sso-admin-session";

export const awsIdentityRules: readonly ZtRule[] = [
    noUsers,
    noWildcardAdmin,
    permissionsBoundary,
    trustNoWildcard,
    oidcTrustPinned,
    humanRoleMfa,
    passwordPolicy,
    ssoSessionDuration,
    ssoAdminSession,
];
