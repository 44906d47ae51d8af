//! The change report for people (text: summary first, then every kind with its reason and occurrences) and for
//! machines (JSON with the same names; the schema is in the README).

use super::{ChangeKind, ChangeReport, Severity, Verdict};
use std::fmt::Write as _;

/// The summary: what was compared, the verdict, counts by kind and every breaking item, one line each.
pub fn render_summary(report: &ChangeReport) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "change report: {} {} -> {} {}",
        report.old_title, report.old_version, report.new_title, report.new_version
    );
    let count_of = |severity: Severity| report.changes.iter().filter(|change| change.kind.severity() == severity).count();
    let _ = writeln!(
        text,
        "verdict: {} ({} breaking, {} additive, {} documentation only)",
        report.verdict().as_str(),
        count_of(Severity::Major),
        count_of(Severity::Minor),
        count_of(Severity::Patch)
    );
    if report.changes.is_empty() {
        let _ = writeln!(text, "nothing a caller of the generated crate sees has changed");
        return text;
    }
    let counts = report.counts();
    let width = counts.iter().map(|(kind, _)| kind.id().len()).max().unwrap_or(0);
    let _ = writeln!(text, "\nchanges by kind:");
    for (kind, count) in &counts {
        let _ = writeln!(text, "  {:<5}  {:<width$}  {count}", kind.severity().as_str(), kind.id());
    }
    if report.verdict() == Verdict::Major {
        let _ = writeln!(text, "\nbreaking changes:");
        for change in report.changes.iter().filter(|change| change.kind.severity() == Severity::Major) {
            let _ = writeln!(text, "  {:<width$}  {}  ({})", change.kind.id(), report.item_path(change), change.detail);
        }
    }
    text
}

/// The full report: the summary, then each kind once with its severity and reason, and every occurrence with
/// its Rust item, what changed and where in the spec.
pub fn render_text(report: &ChangeReport) -> String {
    let mut text = render_summary(report);
    for (kind, count) in report.counts() {
        let _ = writeln!(text, "\n{} ({}, {count}): {}", kind.id(), kind.severity().as_str(), kind.reason());
        for change in report.changes.iter().filter(|change| change.kind == kind) {
            let _ = writeln!(text, "  - {}: {}\n    at {}", report.item_path(change), change.detail, change.pointer);
        }
    }
    text
}

/// The report as JSON: `{verdict, old, new, summary: {kind: count}, changes: [{kind, severity, reason,
/// rust_item, pointer, detail}]}`, keys in that order.
pub fn render_json(report: &ChangeReport) -> serde_json::Value {
    let summary: serde_json::Map<String, serde_json::Value> =
        report.counts().into_iter().map(|(kind, count)| (kind.id().to_owned(), count.into())).collect();
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|change| {
            serde_json::json!({
                "kind": change.kind.id(),
                "severity": change.kind.severity().as_str(),
                "reason": change.kind.reason(),
                "rust_item": report.item_path(change),
                "pointer": change.pointer,
                "detail": change.detail,
            })
        })
        .collect();
    serde_json::json!({
        "verdict": report.verdict().as_str(),
        "old": { "title": report.old_title, "version": report.old_version },
        "new": { "title": report.new_title, "version": report.new_version },
        "summary": summary,
        "changes": changes,
    })
}

/// Every kind with its severity and reason, as a Markdown table (the README lists them this way).
pub fn kinds_table() -> String {
    let mut text = String::from("| kind | severity | why |\n|---|---|---|\n");
    for kind in ChangeKind::ALL {
        let _ = writeln!(text, "| `{}` | {} | {} |", kind.id(), kind.severity().as_str(), kind.reason());
    }
    text
}
