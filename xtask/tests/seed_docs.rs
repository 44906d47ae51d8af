//! The generated `docs/WorkstreamEventApi.md` must cover every section the Python SDK's documentation of the same
//! API has (the seed, `../shared/seed/000_39e1dcd13b2613bd.txt`): the method table, and for every method its
//! signature, description and each `###` section (example, parameters, return type, authorization, HTTP request
//! headers, HTTP response details), with the same documented statuses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SEED: &str = "../shared/seed/000_39e1dcd13b2613bd.txt";
const DOC_FILE: &str = "generated/docs/WorkstreamEventApi.md";

/// What one method's section holds.
#[derive(Debug, Default)]
struct MethodSection {
    has_signature: bool,
    has_description: bool,
    /// The `###` headings, in order.
    headings: Vec<String>,
    /// The bold first cells of the response table: `200`, `410` ...
    statuses: BTreeSet<String>,
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The method table's method names and each `# **method**` section.
fn parse(text: &str) -> (BTreeSet<String>, BTreeMap<String, MethodSection>) {
    let mut parts = text.split("\n# **");
    let table: BTreeSet<String> = parts
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| line.starts_with("[**"))
        .map(|line| line["[**".len()..].split("**").next().unwrap_or_default().to_owned())
        .collect();
    let mut methods = BTreeMap::new();
    for part in parts {
        let name = part.split("**").next().unwrap_or_default().to_owned();
        let mut section = MethodSection::default();
        let mut in_heading_area = true;
        let mut in_responses = false;
        let mut in_code = false;
        for line in part.lines().skip(1) {
            let trimmed = line.trim();
            if trimmed.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            if trimmed.starts_with("> ") {
                section.has_signature = true;
            } else if let Some(heading) = trimmed.strip_prefix("### ") {
                in_heading_area = false;
                in_responses = heading == "HTTP response details";
                section.headings.push(heading.to_owned());
            } else if in_heading_area && !trimmed.is_empty() {
                section.has_description = true;
            } else if in_responses {
                let first = trimmed.trim_start_matches('|').trim();
                if let Some(status) = first.strip_prefix("**").and_then(|rest| rest.split("**").next()) {
                    section.statuses.insert(status.to_owned());
                }
            }
        }
        methods.insert(name, section);
    }
    (table, methods)
}

#[test]
fn workstream_event_docs_cover_every_section_of_the_seed() {
    let root = workspace_root();
    let seed = std::fs::read_to_string(root.join(SEED)).expect("the seed document is readable");
    let generated = std::fs::read_to_string(root.join(DOC_FILE)).expect("run `cargo xtask codegen` first");
    let (seed_table, seed_methods) = parse(&seed);
    let (table, methods) = parse(&generated);
    assert_eq!(seed_methods.len(), 11, "the seed documents 11 methods");
    let mut problems = Vec::new();
    if seed_table != table {
        problems.push(format!("method table: seed lists {seed_table:?}, the docs list {table:?}"));
    }
    for (name, seed_section) in &seed_methods {
        let Some(section) = methods.get(name) else {
            problems.push(format!("{name}: no section"));
            continue;
        };
        if !section.has_signature {
            problems.push(format!("{name}: no signature line (`> ...`)"));
        }
        if !section.has_description {
            problems.push(format!("{name}: no description"));
        }
        for heading in &seed_section.headings {
            if !section.headings.contains(heading) {
                problems.push(format!("{name}: no `### {heading}` section"));
            }
        }
        if seed_section.statuses != section.statuses {
            problems.push(format!("{name}: statuses {:?} in the seed, {:?} in the docs", seed_section.statuses, section.statuses));
        }
    }
    assert!(problems.is_empty(), "{DOC_FILE} misses what the seed has:\n{}", problems.join("\n"));
}
