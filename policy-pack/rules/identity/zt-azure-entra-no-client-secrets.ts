import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface ClientSecretsConfig {
    /** Accept certificate credentials (the private key never leaves the client). */
    allowCertificates: boolean;
}

const FIX = "give the workload a managed identity, or a federated identity credential for workloads outside Azure (GitHub Actions, Kubernetes), then remove it.";

const PASSWORDS: Readonly<Record<string, string>> = {
    "azuread:index/applicationPassword:ApplicationPassword": "This application password is a long-lived client secret",
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": "This service principal password is a long-lived client secret",
};
const CERTIFICATES: Readonly<Record<string, string>> = {
    "azuread:index/applicationCertificate:ApplicationCertificate": "This application certificate is a long-lived client credential",
    "azuread:index/servicePrincipalCertificate:ServicePrincipalCertificate": "This service principal certificate is a long-lived client credential",
};
const APPLICATION = "azuread:index/application:Application";

export default defineRule<ClientSecretsConfig>({
    id: "zt-azure-entra-no-client-secrets",
    displayName: "No client secrets or certificates on Entra applications",
    description: "The stack gives no Entra application or service principal a password (client secret) or, unless allowed, a certificate credential.",
    rationale:
        "A client secret is a bearer password: it is sent with every token request, copied into pipelines and config, valid for up to two years, and " +
        "works from anywhere until it expires. It is the long-lived credential Zero Trust removes. Azure has a keyless answer for every workload: managed " +
        "identities inside Azure, and federated identity credentials for GitHub Actions and Kubernetes outside it. Certificates are refused too by " +
        "default: the private key is not sent, but it is still a long-lived secret kept on disk or in a vault, and the keyless options make it " +
        "unnecessary. Set allowCertificates where a third-party product supports nothing else. Token-signing certificates (SAML single sign-on) are not " +
        "client credentials and are not checked.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    remediationSteps:
        "Delete the password or certificate resource (or the application's inline password). Use a user-assigned managed identity for workloads in " +
        "Azure, an azure-native managedidentity.FederatedIdentityCredential (or azuread.ApplicationFederatedIdentityCredential) for GitHub Actions and " +
        "Kubernetes. If a product cannot federate, record a time-boxed exception in policy-pack/exceptions.yaml and keep the credential short-lived in Key Vault.",
    configSchema: {
        properties: {
            allowCertificates: {
                type: "boolean",
                default: false,
                description: "Accept application and service principal certificate credentials (passwords are always refused).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type === APPLICATION) {
            if (isPresent(readKnown(args.props, ["password"]))) {
                report(`This application declares an inline password (password), a long-lived client secret: ${FIX}`);
            }
            return;
        }
        if (PASSWORDS[args.type]) {
            report(`${PASSWORDS[args.type]}: ${FIX}`);
            return;
        }
        if (CERTIFICATES[args.type]) {
            if (!config.allowCertificates) {
                report(`${CERTIFICATES[args.type]}: ${FIX}`);
            }
            return;
        }
        return args.notApplicable(`${args.type} is not an Entra application or one of its credentials`);
    },
});
