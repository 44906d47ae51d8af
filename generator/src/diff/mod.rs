//! Change reports: two lowered APIs compared, each difference named by its kind, with what it means for the
//! callers of the generated crate (a semver severity) and a verdict for the whole change.
//!
//! A stage beside the pipeline: it reads two [`Api`]s (load and lower, no rendering) and compares them the way a
//! caller of the generated crate sees them, so that a changed description is `patch` and a removed model `major`.
//! Operations are matched by `operationId` (a new id on the same method and path is a rename), models by their
//! spec name, fields by their JSON name, parameters by name and location. Kinds are listed in [`ChangeKind`];
//! `report.rs` renders the text and JSON forms.

mod models;
mod operations;
mod report;
mod responses;
mod security;

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::{load, GenerateError, Options};

/// How much a change can break a caller of the generated crate, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Documentation only.
    Patch,
    /// Additions: code that compiled still compiles.
    Minor,
    /// Some code that compiled no longer does, or means something else.
    Major,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Patch => "patch",
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }
}

/// The verdict on a whole change: the highest severity found, `none` when nothing a caller sees differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    None,
    Patch,
    Minor,
    Major,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Patch => "patch",
            Verdict::Minor => "minor",
            Verdict::Major => "major",
        }
    }
}

impl From<Severity> for Verdict {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Patch => Verdict::Patch,
            Severity::Minor => Verdict::Minor,
            Severity::Major => Verdict::Major,
        }
    }
}

macro_rules! change_kinds {
    ($($variant:ident => $id:literal, $severity:ident, $reason:literal;)*) => {
        /// Every kind of change the report knows, each with a stable id, a severity and the reason for it.
        /// Reports list kinds in this order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($variant,)*
        }

        impl ChangeKind {
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// The stable snake_case id used in the text and JSON reports.
            pub fn id(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $id,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(ChangeKind::$variant => Severity::$severity,)*
                }
            }

            /// One sentence: why this kind of change breaks callers, or why it does not.
            pub fn reason(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $reason,)*
                }
            }
        }
    };
}

change_kinds! {
    OperationRemoved => "operation_removed", Major,
        "The method is gone from its API type, with its builder and error types; calls to it no longer compile.";
    OperationRenamed => "operation_renamed", Major,
        "The same method and path has a new operationId, so the Rust method and its builder and error types are renamed; calls by the old name no longer compile.";
    OperationMoved => "operation_moved", Major,
        "The operation's first tag changed, so its method moved to another API type (and module); calls through the old one no longer compile.";
    OperationCallStyleChanged => "operation_call_style_changed", Major,
        "The operation became a websocket (`.connect()`) or stopped being one (`.await`), so existing calls no longer compile.";
    RequiredParameterAdded => "required_parameter_added", Major,
        "Required parameters are arguments of the method, so every existing call lacks the new one.";
    ParameterOrderChanged => "parameter_order_changed", Major,
        "Required parameters are positional arguments of the method and their order changed, so existing calls pass values to other parameters (silently where the types agree) or no longer compile.";
    ParameterRemoved => "parameter_removed", Major,
        "The argument or builder setter is gone; calls that pass it no longer compile.";
    ParameterTypeChanged => "parameter_type_changed", Major,
        "The argument or setter takes another Rust type; calls that pass the old type no longer compile.";
    ParameterMadeRequired => "parameter_made_required", Major,
        "A builder setter became an argument of the method; calls without it, and calls of the setter, no longer compile.";
    ParameterMadeOptional => "parameter_made_optional", Major,
        "An argument of the method became a builder setter; calls that pass it as an argument no longer compile.";
    RequestBodyAddedRequired => "request_body_added_required", Major,
        "A required body is a new argument of the method, so every existing call lacks it.";
    RequestBodyRemoved => "request_body_removed", Major,
        "The body argument or setter is gone; calls that pass a body no longer compile.";
    RequestBodyTypeChanged => "request_body_type_changed", Major,
        "The body has another Rust type; calls that pass the old type no longer compile.";
    RequestBodyMadeRequired => "request_body_made_required", Major,
        "The body's builder setter became an argument of the method; existing calls no longer compile.";
    RequestBodyMadeOptional => "request_body_made_optional", Major,
        "The body argument became a builder setter; calls that pass it as an argument no longer compile.";
    SuccessResponseTypeChanged => "success_response_type_changed", Major,
        "The method's `Ok` type changed; code that uses the old type no longer compiles.";
    WebSocketMessageTypeChanged => "websocket_message_type_changed", Major,
        "The websocket's `Connection<S, R>` sends or receives another type; code that sends or reads messages may no longer compile.";
    ErrorResponseAdded => "error_response_added", Major,
        "The operation's error enum gains a variant and is not `#[non_exhaustive]`, so a `match` without a wildcard arm no longer compiles.";
    ErrorResponseRemoved => "error_response_removed", Major,
        "A variant of the operation's error enum is gone; code that names it no longer compiles.";
    ErrorResponseTypeChanged => "error_response_type_changed", Major,
        "A variant of the operation's error enum holds another type; code that reads it may no longer compile.";
    ModelRemoved => "model_removed", Major,
        "The Rust type is gone from `models`; code that names it no longer compiles.";
    ModelRenamed => "model_renamed", Major,
        "The schema's Rust type has a new name (a name collision was resolved differently); code that names the old one no longer compiles.";
    ModelKindChanged => "model_kind_changed", Major,
        "The schema became another kind of Rust type (struct, string enum, union enum or alias); code that builds or matches it no longer compiles.";
    ModelTraitsRemoved => "model_traits_removed", Major,
        "The model no longer implements a trait it derived (`Eq` and `Hash` go when a number appears anywhere inside it, `Default` when a field becomes required); code that compares, hashes or defaults it no longer compiles.";
    AliasTypeChanged => "alias_type_changed", Major,
        "The type alias names another Rust type; code that uses it as the old type no longer compiles.";
    FieldAddedRequired => "field_added_required", Major,
        "A required field is a new argument of `new()` and must appear in struct literals, so code that builds the model no longer compiles.";
    FieldAddedOptional => "field_added_optional", Major,
        "The struct's fields are all public and it is not `#[non_exhaustive]`, so a struct literal that lists every field no longer compiles; code that builds it with `new()`, `Default` or `..` and all reading code still do.";
    FieldRemoved => "field_removed", Major,
        "The struct field is gone; code that reads or sets it no longer compiles (the value is still kept in `additional_properties` when a server sends it).";
    FieldTypeChanged => "field_type_changed", Major,
        "The struct field has another Rust type; code that reads or sets it may no longer compile.";
    FieldMadeRequired => "field_made_required", Major,
        "The field is no longer an `Option` and is an argument of `new()`; code that reads or sets it as an `Option` no longer compiles.";
    FieldMadeOptional => "field_made_optional", Major,
        "The field became an `Option` and left `new()`'s arguments; code that reads, sets or constructs it no longer compiles.";
    EnumValueRemoved => "enum_value_removed", Major,
        "The enum variant is gone; code that names it no longer compiles (the value would now read as `UnknownValue`).";
    UnionVariantAdded => "union_variant_added", Major,
        "The union enum gains a variant and is not `#[non_exhaustive]`, so a `match` without a wildcard arm no longer compiles.";
    UnionVariantRemoved => "union_variant_removed", Major,
        "The union enum's variant is gone; code that names it no longer compiles.";
    UnionVariantTypeChanged => "union_variant_type_changed", Major,
        "The union enum's variant holds another type; code that builds or reads it may no longer compile.";
    SecuritySchemeAdded => "security_scheme_added", Major,
        "A new variant of the public `Scheme` enum, which is not `#[non_exhaustive]`, so a `match` on it without a wildcard arm no longer compiles (the new `ClientBuilder` setter itself is additive).";
    SecuritySchemeRemoved => "security_scheme_removed", Major,
        "The `ClientBuilder` setter and the `Scheme` variant are gone; code that sets these credentials no longer compiles.";
    SecuritySchemeChanged => "security_scheme_changed", Major,
        "The scheme sends its credentials another way (API key, bearer token, basic auth), so its `ClientBuilder` setter or `Scheme` variant has another name or arguments.";
    TagRemoved => "tag_removed", Major,
        "The API type and its accessor on `Client` are gone; code that names them no longer compiles.";
    OperationAdded => "operation_added", Minor,
        "A new method on the tag's API type, with its own builder and error types; existing code is untouched.";
    OptionalParameterAdded => "optional_parameter_added", Minor,
        "Optional parameters are builder setters, so existing calls compile unchanged and send what they sent.";
    RequestBodyAddedOptional => "request_body_added_optional", Minor,
        "An optional body is a builder setter, so existing calls compile unchanged and send no body, as before.";
    ModelAdded => "model_added", Minor,
        "A new Rust type under `models`; existing code is untouched.";
    ModelTraitsAdded => "model_traits_added", Minor,
        "The model derives a trait it did not (`Eq`, `Hash` or `Default`); existing code is untouched.";
    EnumValueAdded => "enum_value_added", Minor,
        "String enums are `#[non_exhaustive]` and keep unknown values, so existing code compiles; a value that read as `UnknownValue` now reads as the new variant, which sorts before `UnknownValue`.";
    EnumValueOrderChanged => "enum_value_order_changed", Minor,
        "String enums derive `Ord` in the order the spec lists their values, so values compare and sort in another order; code still compiles (cargo-semver-checks warns: partial_ord_enum_variants_reordered).";
    DeprecationAdded => "deprecation_added", Minor,
        "The item is now `#[deprecated]`: code still compiles, with a warning (an error under `-D warnings`).";
    TagAdded => "tag_added", Minor,
        "A new API type with an accessor on `Client`; existing code is untouched.";
    DeprecationRemoved => "deprecation_removed", Patch,
        "The item is no longer `#[deprecated]`; only a warning goes.";
    DescriptionChanged => "description_changed", Patch,
        "Only documentation (rustdoc and the Markdown docs) changed; the code is the same.";
}

/// One occurrence of a kind of change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The item a caller uses, as a path from the crate root: `models::Pet::name`, `apis::PetApi::get_pet`.
    pub rust_item: String,
    /// The JSON pointer in the spec where the change is: in the new spec, or in the old one for a removal.
    pub pointer: String,
    /// What changed, for people: `query parameter \`limit\``, `\`String\` -> \`i64\``.
    pub detail: String,
}

/// What changed between two versions of a spec, for the callers of the crate generated from it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeReport {
    /// The crate's library name (`pieces_os_client`) that prefixes Rust items, or `crate`.
    pub crate_root: String,
    pub old_title: String,
    pub old_version: String,
    pub new_title: String,
    pub new_version: String,
    /// Changes grouped by kind in [`ChangeKind`] order, each kind's occurrences in spec order.
    pub changes: Vec<Change>,
}

impl ChangeReport {
    /// The highest severity of the changes; `none` when there are none.
    pub fn verdict(&self) -> Verdict {
        self.changes.iter().map(|change| Verdict::from(change.kind.severity())).max().unwrap_or(Verdict::None)
    }

    /// How many changes of each kind, for the kinds that occur, in report order.
    pub fn counts(&self) -> Vec<(ChangeKind, usize)> {
        ChangeKind::ALL
            .iter()
            .map(|kind| (*kind, self.changes.iter().filter(|change| change.kind == *kind).count()))
            .filter(|(_, count)| *count > 0)
            .collect()
    }

    /// Names Rust items from the crate with this package name (`pieces-os-client` -> `pieces_os_client::...`).
    pub fn in_crate(mut self, crate_name: &str) -> Self {
        self.crate_root = crate_name.replace('-', "_");
        self
    }

    /// A Rust item as a caller writes it: `pieces_os_client::models::Pet`.
    pub fn item_path(&self, change: &Change) -> String {
        format!("{}::{}", self.crate_root, change.rust_item)
    }
}

/// Compares two lowered APIs: everything a caller of the generated crate sees, from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> ChangeReport {
    let mut changes = Vec::new();
    operations::diff_tags(old, new, &mut changes);
    operations::diff_operations(old, new, &mut changes);
    models::diff_models(old, new, &mut changes);
    security::diff_security_schemes(old, new, &mut changes);
    // A stable sort keeps spec order within each kind.
    changes.sort_by_key(|change| change.kind);
    ChangeReport {
        crate_root: "crate".to_owned(),
        old_title: old.title.clone(),
        old_version: old.version.clone(),
        new_title: new.title.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

/// Loads and lowers a spec (with `options.overlays` applied) without rendering anything: the [`Api`] that
/// [`diff`] compares. Fails as [`crate::generate`] would on a spec it cannot use.
pub fn lower_spec(spec_text: &str, options: &Options) -> Result<Api, GenerateError> {
    let spec_error = |diagnostics| GenerateError::Spec { spec_path: options.spec_path.clone(), diagnostics };
    let mut diagnostics = Diagnostics::default();
    let Some(spec) = load::load(spec_text, &options.overlays, &mut diagnostics) else {
        return Err(spec_error(diagnostics.items));
    };
    let api = crate::ir::lower::lower(&spec, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(spec_error(diagnostics.items));
    }
    Ok(api)
}

/// `MAJOR.MINOR.PATCH` as three numbers; `None` for anything else.
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}

/// Whether going from `old` to `new` is a semver-incompatible bump as cargo reads versions: the first non-zero
/// number grows (`1.4.2` -> `2.0.0`, `0.3.1` -> `0.4.0`, `0.0.3` -> `0.0.4`).
pub fn is_breaking_bump(old: (u64, u64, u64), new: (u64, u64, u64)) -> bool {
    match old {
        (0, 0, patch) => new.0 > 0 || new.1 > 0 || new.2 > patch,
        (0, minor, _) => new.0 > 0 || new.1 > minor,
        (major, _, _) => new.0 > major,
    }
}

/// The smallest version after `old` that a change with this verdict needs under the README's rule: a major
/// verdict needs a semver-incompatible version, minor and patch a higher one, none the same one.
pub fn required_bump(old: (u64, u64, u64), verdict: Verdict) -> (u64, u64, u64) {
    match (verdict, old) {
        (Verdict::None, _) => old,
        (Verdict::Major, (0, 0, patch)) => (0, 0, patch + 1),
        (Verdict::Major, (0, minor, _)) => (0, minor + 1, 0),
        (Verdict::Major, (major, _, _)) => (major + 1, 0, 0),
        (Verdict::Minor, (major, minor, _)) if major > 0 => (major, minor + 1, 0),
        (_, (major, minor, patch)) => (major, minor, patch + 1),
    }
}

/// Checks a crate version against the verdict of the change that produced it; the message says what to do.
pub fn check_version_bump(old_version: &str, new_version: &str, verdict: Verdict) -> Result<(), String> {
    let (Some(old), Some(new)) = (parse_version(old_version), parse_version(new_version)) else {
        return Ok(());
    };
    if verdict == Verdict::Major && !is_breaking_bump(old, new) {
        let (major, minor, patch) = required_bump(old, verdict);
        return Err(format!(
            "the change is major but the crate version goes from {old_version} to {new_version}, which cargo treats as compatible: \
             set `{}: {major}.{minor}.{patch}` (or higher) under `info`, in the spec or its overlay",
            crate::ir::lower::CRATE_VERSION_EXTENSION
        ));
    }
    if verdict != Verdict::None && new < old {
        return Err(format!("the crate version goes down from {old_version} to {new_version}"));
    }
    Ok(())
}

pub use report::{kinds_table, render_json, render_summary, render_text};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_bump_as_cargo_reads_them() {
        assert_eq!(parse_version("0.12.3"), Some((0, 12, 3)));
        assert_eq!(parse_version("1.0"), None);
        assert_eq!(parse_version("1.0.0-beta"), None);
        assert!(is_breaking_bump((0, 1, 0), (0, 2, 0)));
        assert!(!is_breaking_bump((0, 1, 0), (0, 1, 7)));
        assert!(is_breaking_bump((1, 2, 3), (2, 0, 0)));
        assert!(!is_breaking_bump((1, 2, 3), (1, 9, 0)));
        assert!(is_breaking_bump((0, 0, 3), (0, 0, 4)));
        assert_eq!(required_bump((0, 1, 4), Verdict::Major), (0, 2, 0));
        assert_eq!(required_bump((0, 1, 4), Verdict::Minor), (0, 1, 5));
        assert_eq!(required_bump((2, 1, 4), Verdict::Minor), (2, 2, 0));
        assert!(check_version_bump("0.1.0", "0.1.1", Verdict::Major).is_err());
        assert!(check_version_bump("0.1.0", "0.2.0", Verdict::Major).is_ok());
        assert!(check_version_bump("0.1.0", "0.1.0", Verdict::Minor).is_ok());
    }
}
