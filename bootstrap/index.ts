/**
 * The bootstrap program (project `zt-bootstrap`; one stack per AWS account, and one per Azure
 * subscription or GCP project that holds the state): run once by an administrator with
 * short-lived credentials, before any landing-zone stack exists, to create each environment's
 * state backend, secrets key and (unless its landing-zone stack keeps its own) deploy identity.
 * Its outputs are the landing zone's `pulumi login` URL and `--secrets-provider` per environment.
 */
import { loadBootstrap } from "./load";
import { buildBootstrap } from "./clouds";

const bootstrap = loadBootstrap();

export const cloud = bootstrap.cloud;
const built = buildBootstrap(bootstrap);
/** Environment → `{ url, secretsProvider }`. */
export const backends = built.backends;
/**
 * Environment → the variables of its GitHub environment (docs/deploy.md), for each environment
 * whose deploy identity this stack declared: `pulumi stack output githubVariables --json`.
 */
export const githubVariables = built.githubVariables;
