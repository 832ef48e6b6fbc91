// The cold-start baseline of the benchmark: a policy pack with no policies, loaded by the same
// runner as the real pack. Whatever the real pack takes longer to print its port is its own cost.
/* global require */
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-empty-pack", { policies: [] });
