//! Diagnostics: what went wrong in a spec, where (a JSON pointer into the document) and what to do about it.

use std::fmt;

/// How bad a diagnostic is: errors stop generation before anything is rendered, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the spec, naming the construct, its JSON pointer and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// JSON pointer of the construct, e.g. `#/paths/~1pets/get/parameters/2`.
    pub pointer: String,
    pub hint: Option<String>,
    /// The file the pointer is in, when it is not the spec itself (an overlay, e.g. `spec/pieces-os.overlay.yaml`).
    pub file: Option<String>,
}

impl Diagnostic {
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            pointer: pointer.into(),
            hint: None,
            file: None,
        }
    }

    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            pointer: pointer.into(),
            hint: None,
            file: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Says that the pointer is in `file` rather than in the spec.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Renders the diagnostic in the house format, naming the file it was found in: its own, or else the spec.
    pub fn render(&self, spec_path: &str) -> String {
        let spec_path = self.file.as_deref().unwrap_or(spec_path);
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = format!("{label}: {}\n  at {} ({spec_path})", self.message, self.pointer);
        if let Some(hint) = &self.hint {
            text.push_str("\n  hint: ");
            text.push_str(hint);
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.render("spec"))
    }
}

/// Collects diagnostics while a stage runs, so that every problem of a spec is reported in one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|item| item.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|item| item.severity == Severity::Warning)
    }
}
