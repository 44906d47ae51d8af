//! Comparing security schemes (matched by their key in `components/securitySchemes`): each is a `ClientBuilder`
//! setter and a variant of the public `Scheme` enum.

use super::{Change, ChangeKind};
use crate::ir::{Api, SecurityScheme};
use crate::view::api::scheme_variant;
use crate::view::scheme_setter;

pub(super) fn diff_security_schemes(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let pointer = |scheme: &SecurityScheme| format!("#/components/securitySchemes/{}", scheme.key.replace('~', "~0").replace('/', "~1"));
    let items = |scheme: &SecurityScheme| format!("ClientBuilder::{} and Scheme::{}", scheme_setter(scheme), scheme_variant(&scheme.rust_name));
    for old_scheme in &old.security_schemes {
        match new.security_schemes.iter().find(|scheme| scheme.key == old_scheme.key) {
            None => changes.push(Change {
                kind: ChangeKind::SecuritySchemeRemoved,
                rust_item: format!("ClientBuilder::{}", scheme_setter(old_scheme)),
                pointer: pointer(old_scheme),
                detail: format!("scheme `{}` ({})", old_scheme.key, items(old_scheme)),
            }),
            Some(new_scheme) => {
                let (old_items, new_items) = (items(old_scheme), items(new_scheme));
                if old_items != new_items || std::mem::discriminant(&old_scheme.kind) != std::mem::discriminant(&new_scheme.kind) {
                    changes.push(Change {
                        kind: ChangeKind::SecuritySchemeChanged,
                        rust_item: format!("ClientBuilder::{}", scheme_setter(new_scheme)),
                        pointer: pointer(new_scheme),
                        detail: format!("scheme `{}`: {old_items} -> {new_items}", new_scheme.key),
                    });
                }
                if old_scheme.description != new_scheme.description {
                    changes.push(Change {
                        kind: ChangeKind::DescriptionChanged,
                        rust_item: format!("ClientBuilder::{}", scheme_setter(new_scheme)),
                        pointer: pointer(new_scheme),
                        detail: format!("description of security scheme `{}`", new_scheme.key),
                    });
                }
            }
        }
    }
    for new_scheme in new.security_schemes.iter().filter(|scheme| !old.security_schemes.iter().any(|old_scheme| old_scheme.key == scheme.key)) {
        changes.push(Change {
            kind: ChangeKind::SecuritySchemeAdded,
            rust_item: format!("Scheme::{}", scheme_variant(&new_scheme.rust_name)),
            pointer: pointer(new_scheme),
            detail: format!("scheme `{}` ({})", new_scheme.key, items(new_scheme)),
        });
    }
}
