/** The Azure section of a stack's config (`zt-landing-zone:azure`). The Azure issue extends it. */
import { z } from "zod";

/** Azure public-cloud regions with availability zones or paired-region support for a landing zone. */
export const AZURE_LOCATIONS = [
    "australiacentral", "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast",
    "centralindia", "centralus", "eastasia", "eastus", "eastus2", "francecentral", "germanywestcentral",
    "israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth", "mexicocentral",
    "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "polandcentral", "qatarcentral",
    "southafricanorth", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
    "switzerlandnorth", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
    "westus", "westus2", "westus3",
] as const;

export const AzureSchema = z.strictObject({
    /** Region the landing zone is built in. Required. CAUTION: changing it replaces everything. */
    location: z.enum(AZURE_LOCATIONS),
});
