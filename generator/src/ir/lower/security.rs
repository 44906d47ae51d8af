//! Lowering of `components/securitySchemes` into the credentials a client can be configured with.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::names::{self, Namespace};
use crate::ir::ptr::Pointer;
use crate::ir::{ApiKeyLocation, SecurityKind, SecurityScheme};
use openapiv3::{APIKeyLocation, ReferenceOr};

impl Lowerer<'_> {
    pub(super) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.spec.components else { return Vec::new() };
        let mut rust_names = Namespace::default();
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let pointer = Pointer::root().push("components").push("securitySchemes").push(key);
            let ReferenceOr::Item(scheme) = scheme else {
                self.push(Diagnostic::error(pointer.as_str(), "a `$ref` security scheme is not supported")
                    .with_hint("define the scheme inline under components/securitySchemes"));
                continue;
            };
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Header => ApiKeyLocation::Header,
                        APIKeyLocation::Query => ApiKeyLocation::Query,
                        APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    };
                    (SecurityKind::ApiKey { location, name: name.clone() }, description)
                }
                openapiv3::SecurityScheme::HTTP { scheme, description, .. } => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => (SecurityKind::Basic, description),
                        "bearer" => (SecurityKind::Bearer, description),
                        other => {
                            self.push(
                                Diagnostic::warning(pointer.as_str(), format!("HTTP authentication scheme `{other}` is not supported; treating it as bearer"))
                                    .with_hint("set the Authorization header per request if the server needs another scheme"),
                            );
                            (SecurityKind::Bearer, description)
                        }
                    }
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (SecurityKind::Bearer, description),
            };
            let (rust_name, _) = rust_names.claim(&names::snake_name(key));
            schemes.push(SecurityScheme { key: key.clone(), rust_name, kind, description: description.clone() });
        }
        schemes
    }
}
