/**
 * The policy pack `vsphere-nested-networking`. Loaded by `pulumi preview --policy-pack <dir>` as
 * compiled JavaScript (package.json `main`), so nothing is type-checked at start-up.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";
import { installDeserializeMemo } from "./policies/sdkMemo";
import { captureConfigure } from "./policies/sharedConfig";

captureConfigure();
// Each resource deserialized once per request, secret marks kept (policies/sdkMemo.ts); silently skipped if the SDK differs.
installDeserializeMemo();

new PolicyPack("vsphere-nested-networking", {
    description: "Simulates vSphere layer-2 forwarding to check that nested workloads can talk, and that switch security settings are no looser than they need to be.",
    enforcementLevel: "advisory",
    policies,
});
