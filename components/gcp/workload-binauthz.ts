/**
 * Binary Authorization for the project: only images attested by the landing zone's attestor may
 * run on GKE (and on Cloud Run services that opt into the project policy). The policy is a project
 * singleton, so it is declared whether or not this stack builds a cluster.
 *
 * What belongs with it (STYLE §10): the attestor's signing key (asymmetric, in Data's key ring),
 * the Container Analysis note attestations are stored against, the note's read grant for the
 * Binary Authorization service agent (without it every attestation looks absent and every image
 * is refused), the attestor and the policy.
 *
 * Signing (issue #8): the pipeline signs an image digest with key version
 * {@link attestationNames}`.keyVersion` and files the attestation with attestor
 * `.attestorId`, e.g. `gcloud container binauthz attestations sign-and-create --artifact-url=<image@digest>
 * --attestor=<attestorId> --keyversion=<keyVersion without the //cloudkms.googleapis.com/v1/ prefix>`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as binaryauthorization from "@pulumi/gcp/binaryauthorization";
import * as containeranalysis from "@pulumi/gcp/containeranalysis";
import * as kms from "@pulumi/gcp/kms";
import type * as gcpInputs from "@pulumi/gcp/types/input";
import { after } from "../shared/after";
import { gcpNames, serviceAgent } from "./names";

/**
 * ECDSA P-256: what `gcloud ... binauthz` and Binary Authorization's PKIX attestors support, with
 * the smallest signatures. Key versions are generated in Cloud HSM.
 */
export const ATTESTOR_KEY_ALGORITHM = "EC_SIGN_P256_SHA256";
export const ATTESTOR_KEY_PROTECTION = "HSM";
export const ATTESTOR_KEY_DESTROY_DELAY = "7776000s";

/** Physical names of the attestation chain, known before anything exists (issue #8 signs with them). */
export function attestationNames(namePrefix: string, project: string, region: string) {
    const keyId = `${gcpNames(namePrefix, project, region).keyRingId}/cryptoKeys/attestor`;
    return {
        /** The signing key's name in Data's key ring. */
        key: "attestor",
        keyId,
        /** The key version attestations are signed with, as the attestor's public key id (RFC 3986 URI). */
        keyVersion: `//cloudkms.googleapis.com/v1/${keyId}/cryptoKeyVersions/1`,
        note: `${namePrefix}-attestor-note`,
        attestor: `${namePrefix}-attestor`,
        attestorId: `projects/${project}/attestors/${namePrefix}-attestor`,
    };
}

/** Every image needs the attestor's signature; a refused pod is blocked and logged, never only logged. */
export function defaultAdmissionRule(attestorIds: pulumi.Input<string>[]): gcpInputs.binaryauthorization.PolicyDefaultAdmissionRule {
    return { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: attestorIds };
}

/** The shape of the key-version lookup's answer this file reads. */
export interface KeyVersionInfo {
    publicKeys?: { pem: string; algorithm: string }[];
}

/** The PEM of a key version's public key; a missing key fails loudly rather than yielding an attestor that verifies nothing. */
export function publicKeyPem(version: KeyVersionInfo, keyVersion: string): string {
    const pem = version.publicKeys?.[0]?.pem;
    if (!pem) throw new Error(`zt:gcp:Workload: Cloud KMS returned no public key for ${keyVersion}; the attestor key must be ASYMMETRIC_SIGN with an enabled version 1`);
    return pem;
}

export interface BinaryAuthorizationArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    /** Data's key ring. */
    keyRingId: pulumi.Input<string>;
    /** Protect the signing key (a destroyed key version invalidates every attestation it made). */
    protect: boolean;
}

export interface BinaryAuthorization {
    /** `projects/<project>/attestors/<name>`, delivered once the attestor exists. */
    attestorId: pulumi.Output<string>;
    /** The signing key version's id (`//cloudkms.googleapis.com/v1/.../cryptoKeyVersions/1`). */
    keyVersion: pulumi.Output<string>;
}

/** Declares `${name}-attestor-key`, `-attestor-note`, `-attestor-note-reader`, `-attestor` and `-policy`. */
export function binaryAuthorization(name: string, args: BinaryAuthorizationArgs, opts: { parent: pulumi.Resource }): BinaryAuthorization {
    const child = { parent: opts.parent };
    const names = attestationNames(args.namePrefix, args.project, args.region);

    // No rotationPeriod: Cloud KMS does not rotate asymmetric keys automatically. A new version
    // is added by hand and its public key appended to the attestor before the old one is disabled.
    const key = new kms.CryptoKey(`${name}-attestor-key`, {
        name: names.key,
        keyRing: args.keyRingId,
        purpose: "ASYMMETRIC_SIGN",
        versionTemplate: { algorithm: ATTESTOR_KEY_ALGORITHM, protectionLevel: ATTESTOR_KEY_PROTECTION },
        // A version destroyed by mistake stays restorable for 90 days, the same delay as Data's keys.
        destroyScheduledDuration: ATTESTOR_KEY_DESTROY_DELAY,
        labels: { purpose: "attestor" },
    }, { ...child, protect: args.protect });

    const version = kms.getKMSCryptoKeyVersionOutput({ cryptoKey: key.id, version: 1 }, child);

    const note = new containeranalysis.Note(`${name}-attestor-note`, {
        project: args.project,
        name: names.note,
        attestationAuthority: { hint: { humanReadableName: `${args.namePrefix} release attestor` } },
    }, child);

    // The service agent reads attestations (occurrences of the note) when a pod is admitted.
    const noteReader = new containeranalysis.NoteIamMember(`${name}-attestor-note-reader`, {
        project: args.project,
        note: note.name,
        role: "roles/containeranalysis.notes.occurrences.viewer",
        member: pulumi.interpolate`serviceAccount:${serviceAgent(args.projectNumber, "binaryauthorization")}`,
    }, child);

    const attestor = new binaryauthorization.Attestor(`${name}-attestor`, {
        project: args.project,
        name: names.attestor,
        description: "Signs the images the release pipeline built and scanned; the project policy admits only those.",
        attestationAuthorityNote: {
            noteReference: note.name,
            publicKeys: [{
                id: names.keyVersion,
                comment: "Cloud KMS key version 1 of the attestor key",
                pkixPublicKey: {
                    publicKeyPem: version.apply((v) => publicKeyPem(v, names.keyVersion)),
                    signatureAlgorithm: ATTESTOR_KEY_ALGORITHM,
                },
            }],
        },
    }, child);
    const attestorId = after([attestor], pulumi.output(names.attestorId));

    new binaryauthorization.Policy(`${name}-policy`, {
        project: args.project,
        description: "Zero Trust landing zone: only attested images run.",
        // Google-maintained system images (GKE's own add-ons) are admitted by Google's global policy;
        // everything else must carry our attestation.
        globalPolicyEvaluationMode: "ENABLE",
        defaultAdmissionRule: defaultAdmissionRule([attestorId]),
    }, { ...child, dependsOn: [noteReader] });

    return { attestorId, keyVersion: after([key], pulumi.output(names.keyVersion)) };
}
