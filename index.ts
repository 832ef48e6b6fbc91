/**
 * The policy pack `vsphere-nested-networking`. Loaded by `pulumi preview --policy-pack <dir>` as
 * compiled JavaScript (package.json `main`), so nothing is type-checked at start-up.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";
import { captureConfigure } from "./policies/sharedConfig";

captureConfigure();

new PolicyPack("vsphere-nested-networking", {
    description: "Simulates vSphere layer-2 forwarding to check that nested workloads can talk, and that switch security settings are no looser than they need to be.",
    enforcementLevel: "advisory",
    policies,
});
