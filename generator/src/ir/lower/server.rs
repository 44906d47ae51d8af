//! Lowering of `servers`: the default base URL, and how a client finds a running server when the first server's
//! variables allow several base URLs and `x-codegen-discover` names an operation that answers when it runs.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::ptr::Pointer;
use crate::ir::{Discovery, Operation, PathPart};
use openapiv3::OpenAPI;

/// The server used when the spec names none, as the OpenAPI specification says.
const DEFAULT_SERVER: &str = "/";

/// The extension on a server object that asks for discovery: `{probe: <operationId>}`.
const DISCOVER_EXTENSION: &str = "x-codegen-discover";

/// More candidates than this is a spec mistake (variables multiplied out), not a list to probe.
const MAX_CANDIDATES: usize = 1024;

/// The first server's URL with its variables replaced by their defaults.
pub(super) fn default_server(spec: &OpenAPI) -> String {
    let Some(server) = spec.servers.first() else {
        return DEFAULT_SERVER.to_owned();
    };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_owned()
}

impl Lowerer<'_> {
    /// The discovery of the first server, when it carries `x-codegen-discover`: every base URL its variables
    /// allow (each variable's `enum`, else its default), and the probe operation's request.
    pub(super) fn lower_discovery(&mut self, operations: &[Operation]) -> Option<Discovery> {
        let server = self.spec.servers.first()?;
        let extension = server.extensions.get(DISCOVER_EXTENSION)?;
        let pointer = Pointer::root().push("servers").push("0").push(DISCOVER_EXTENSION);
        let hint = "write `x-codegen-discover: {probe: <operationId>}`, naming an operation without required parameters that answers 2xx when the server runs";
        let Some(probe) = extension.get("probe").and_then(serde_json::Value::as_str) else {
            self.push(Diagnostic::error(pointer.as_str(), "`x-codegen-discover` must name its probe operation").with_hint(hint));
            return None;
        };
        let Some(operation) = operations.iter().find(|operation| operation.operation_id == probe) else {
            self.push(Diagnostic::error(pointer.push("probe").as_str(), format!("no operation has the operationId `{probe}`")).with_hint(hint));
            return None;
        };
        if operation.params.iter().any(|param| param.required) || operation.path_parts.iter().any(|part| matches!(part, PathPart::Param(_))) {
            self.push(
                Diagnostic::error(pointer.push("probe").as_str(), format!("the probe operation `{probe}` has required parameters"))
                    .with_hint(hint),
            );
            return None;
        }
        let mut candidates = vec![server.url.clone()];
        for (name, variable) in server.variables.iter().flatten() {
            let values = if variable.enumeration.is_empty() { vec![variable.default.clone()] } else { variable.enumeration.clone() };
            candidates = candidates
                .iter()
                .flat_map(|url| values.iter().map(move |value| url.replace(&format!("{{{name}}}"), value)))
                .collect();
            if candidates.len() > MAX_CANDIDATES {
                self.push(
                    Diagnostic::error(pointer.as_str(), format!("the server's variables allow more than {MAX_CANDIDATES} base URLs"))
                        .with_hint("list fewer values in the variables' `enum`s"),
                );
                return None;
            }
        }
        Some(Discovery {
            candidates: candidates.into_iter().map(|url| url.trim_end_matches('/').to_owned()).collect(),
            probe_method: operation.http_method,
            probe_path: operation.path.clone(),
        })
    }
}
