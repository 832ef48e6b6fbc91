/**
 * GitHub Actions workflow commands (`--format github`): one `::error`, `::warning` or `::notice`
 * line per finding, placed on the program's line (or the saved stack's) so the pull request shows
 * it there. Values are escaped as the runner expects (`%`, CR, LF; and `:` `,` in properties), so a
 * message can neither end its line early nor start another command.
 */
import type { Finding, Place } from "./model";

const data = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `error` when the finding fails a preview (mandatory), `notice` for a low-severity advisory, else `warning`. */
export function annotationLevel(f: Pick<Finding, "level" | "severity">): "error" | "warning" | "notice" {
    if (f.level === "mandatory") return "error";
    return f.severity === "low" ? "notice" : "warning";
}

export function githubAnnotations(findings: readonly Finding[], place: (f: Finding) => Place | undefined): string {
    return findings
        .map((f) => {
            const p = place(f);
            const props: string[] = [];
            if (p && !p.absolute) {
                props.push(`file=${property(p.path)}`);
                if (p.line) props.push(`line=${p.line}`);
                if (p.column) props.push(`col=${p.column}`);
            }
            props.push(`title=${property(`${f.policy}${f.resource ? ` (${f.resource.name})` : ""}`)}`);
            return `::${annotationLevel(f)} ${props.join(",")}::${data(f.message || f.title)}\n`;
        })
        .join("");
}
