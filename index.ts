/**
 * The landing zone's Pulumi program: validate the stack's whole config first (every error at once,
 * before any resource is declared), then build the chosen cloud's landing zone.
 */
import { loadIntent } from "./config/load";
import { buildLandingZone } from "./stacks";

const intent = loadIntent();
const zone = buildLandingZone(intent);

export const cloud = zone.cloud;
export const environment = zone.environment;
export const network = zone.network;
/** Set when the stack builds a managed cluster; the Kubernetes baseline reads it (a secret). */
export const kubernetes = zone.kubernetes;
