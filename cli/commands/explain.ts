/** `vsnet explain [<policy>|<rule id>]`: what a policy checks and why, or what a rule id means. */
import { EXIT } from "../errors";
import { explainPolicy, listPolicies } from "../explain";
import { colorOf } from "../inputs";
import { NO_COLOR, type Command } from "../options";

export const explain: Command = {
    name: "explain",
    summary: "what a policy checks and why, its level, remediation and hardening ids, or what a rule id of a trace means (no argument: list the policies)",
    synopsis: "[<policy>|<rule>]",
    positionals: { min: 0, max: 1, names: ["policy"] },
    options: { "no-color": NO_COLOR },
    async run(args, ctx) {
        const color = colorOf(args, ctx.io.color);
        ctx.io.out(args.positionals.length ? explainPolicy(args.positionals[0], color) : listPolicies(color));
        return EXIT.OK;
    },
};
