//! Lowering of operations: parameters, request bodies, responses and security, one function each.

use super::schema::SchemaRef;
use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::names::{self, Namespace};
use crate::ir::ptr::Pointer;
use crate::ir::{
    Body, BodyEncoding, Content, Location, Operation, Param, PathPart, Response, SecurityScheme, Status, Style,
    Type,
};
use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode};

/// Names the methods of `Request` use themselves; parameters, whose setters are methods of it too, may not take
/// them.
const RESERVED_PARAMETER_NAMES: &[&str] = &[
    "send",
    "send_streaming",
    "send_with_response",
    "connect",
    "header",
    "with_options",
    "into_future",
    "into_parts",
    "new",
];

/// Names an operation's method may not take on its `...Api` type: the type's own `new`, the methods of the traits
/// it derives (`Clone`, `Debug`), and the trait methods clippy's `should_implement_trait` expects an inherent
/// method of that name to implement.
const RESERVED_METHOD_NAMES: &[&str] = &[
    "new", "clone", "clone_from", "fmt", "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow",
    "borrow_mut", "cmp", "default", "deref", "deref_mut", "div", "drop", "eq", "ne", "from", "from_iter", "from_str",
    "hash", "index", "index_mut", "into", "into_iter", "mul", "neg", "next", "not", "partial_cmp", "rem", "shl",
    "shr", "sub", "to_owned", "to_string", "type_id",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl<'spec> Lowerer<'spec> {
    pub(super) fn lower_operations(&mut self, security_schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
        // The types of a tag module: its `...Api` type and, per operation, a builder and its response and error
        // enums. The `...Api` names are taken first, so that an operation named `petApi` cannot take one.
        let tag_type_names: Vec<String> = self
            .spec
            .tags
            .iter()
            .map(|tag| tag.name.as_str())
            .chain(self.spec.paths.paths.values().filter_map(ReferenceOr::as_item).flat_map(|item| item.iter()).map(
                |(_, operation)| operation.tags.first().map_or("Default", String::as_str),
            ))
            .map(|name| format!("{}Api", names::type_name(name, "Default")))
            .collect();
        let mut type_stems = Namespace::with_reserved(&tag_type_names.iter().map(String::as_str).collect::<Vec<_>>());
        let mut operations = Vec::new();
        for (path, item) in &self.spec.paths.paths {
            let path_pointer = Pointer::root().push("paths").push(path);
            let ReferenceOr::Item(item) = item else {
                self.push(Diagnostic::error(path_pointer.as_str(), "a `$ref` path item is not supported")
                    .with_hint("inline the path item"));
                continue;
            };
            let by_method = [
                &item.get, &item.put, &item.post, &item.delete, &item.options, &item.head, &item.patch, &item.trace,
            ];
            for (method, operation) in METHODS.iter().zip(by_method) {
                let Some(operation) = operation else { continue };
                let pointer = path_pointer.push(method);
                let context = OperationContext { path, method, pointer, shared_parameters: &item.parameters };
                let mut namespaces = (&mut method_names, &mut type_stems);
                operations.push(self.lower_operation(&context, operation, &mut namespaces, security_schemes));
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        context: &OperationContext<'spec, '_>,
        operation: &'spec openapiv3::Operation,
        (method_names, type_stems): &mut (&mut Namespace, &mut Namespace),
        security_schemes: &[SecurityScheme],
    ) -> Operation {
        let pointer = &context.pointer;
        let operation_id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", context.method, context.path),
        };
        let claimed = method_names.claim_for(&names::snake_name(&operation_id), pointer.as_str());
        let method_name = claimed.name;
        if let Some(holder) = claimed.clash {
            self.push(
                Diagnostic::warning(
                    pointer.as_str(),
                    format!("operation `{operation_id}` is named `{method_name}`: its snake_case name is taken by {}", names::clash_words(&holder)),
                )
                .with_hint(if holder.is_empty() {
                    "rename the operation (its operationId), or accept the suffixed name"
                } else {
                    "give the operations distinct operationIds"
                }),
            );
        }
        let type_stem = claim_type_stem(type_stems, &names::type_name(&method_name, "Operation"));
        let mut parameter_names = Namespace::with_reserved(RESERVED_PARAMETER_NAMES);
        let mut params = self.lower_parameters(context, operation, &type_stem, &mut parameter_names);
        self.add_undeclared_path_parameters(context, &mut params, &mut parameter_names);
        let mut body = match &operation.request_body {
            Some(body) => self.lower_request_body(body, &pointer.push("requestBody"), &type_stem, &mut parameter_names, &mut params),
            None => None,
        };
        // Required parameters come first, each group in spec order, so that they can be positional.
        params.sort_by_key(|param| !param.required);
        let path_parts = self.lower_path(context, &params);
        let (responses, media_types) = self.lower_responses(&operation.responses, &pointer.push("responses"), &type_stem);
        let security = self.lower_operation_security(operation, pointer, security_schemes);
        let websocket = is_websocket(operation).then(|| websocket_messages(body.take(), &responses));
        Operation {
            operation_id,
            tag: operation.tags.first().cloned().unwrap_or_else(|| "Default".to_owned()),
            method_name,
            type_stem,
            pointer: pointer.clone(),
            http_method: http_method(context.method),
            path: context.path.to_owned(),
            path_parts,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            params,
            body,
            accept: accept_header(&media_types),
            responses,
            security,
            websocket,
        }
    }

    /// Path-level parameters, overridden by operation-level ones of the same name and location.
    fn lower_parameters(
        &mut self,
        context: &OperationContext<'spec, '_>,
        operation: &'spec openapiv3::Operation,
        type_stem: &str,
        parameter_names: &mut Namespace,
    ) -> Vec<Param> {
        let mut resolved: Vec<(&'spec Parameter, Pointer)> = Vec::new();
        let shared = context.shared_parameters.iter().enumerate().map(|(index, parameter)| {
            (parameter, Pointer::root().push("paths").push(context.path).push("parameters").push(index.to_string()))
        });
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| (parameter, context.pointer.push("parameters").push(index.to_string())));
        for (parameter, pointer) in shared.chain(own) {
            let Some(parameter) = self.resolve_component(parameter, &pointer, "parameters", |components| &components.parameters)
            else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            resolved.retain(|(existing, _)| {
                !(existing.parameter_data_ref().name == data.name && location_of(existing) == location_of(parameter))
            });
            resolved.push((parameter, pointer));
        }
        resolved
            .into_iter()
            .filter_map(|(parameter, pointer)| self.lower_parameter(parameter, &pointer, type_stem, parameter_names))
            .collect()
    }

    /// Follows a local `$ref` into one section of `components`, and on through entries that are themselves
    /// `$ref`s (`requestBodies/A: {$ref: .../B}`), reporting a reference that leads nowhere or round in a circle.
    fn resolve_component<T>(
        &mut self,
        item: &'spec ReferenceOr<T>,
        pointer: &Pointer,
        section: &str,
        entries: fn(&'spec openapiv3::Components) -> &'spec indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<&'spec T> {
        let mut reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference.as_str(),
        };
        let prefix = format!("#/components/{section}/");
        let mut chain: Vec<&'spec str> = Vec::new();
        loop {
            if chain.contains(&reference) {
                chain.push(reference);
                self.push(
                    Diagnostic::error(pointer.as_str(), format!("`$ref`s go round in a circle: {}", chain.join(" -> ")))
                        .with_hint("make one entry of the chain a definition instead of a `$ref`"),
                );
                return None;
            }
            chain.push(reference);
            let found = reference
                .strip_prefix(&prefix)
                .and_then(|name| entries(self.spec.components.as_ref()?).get(name));
            match found {
                Some(ReferenceOr::Item(item)) => return Some(item),
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                None => {
                    let via = if chain.len() > 1 { format!(" (followed {})", chain.join(" -> ")) } else { String::new() };
                    self.push(
                        Diagnostic::error(pointer.as_str(), format!("`$ref` target `{reference}` does not exist{via}"))
                            .with_hint(format!("point the `$ref` at an entry of `#/components/{section}`")),
                    );
                    return None;
                }
            }
        }
    }

    fn lower_parameter(
        &mut self,
        parameter: &'spec Parameter,
        pointer: &Pointer,
        type_stem: &str,
        parameter_names: &mut Namespace,
    ) -> Option<Param> {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            Parameter::Path { style, .. } => {
                if *style != openapiv3::PathStyle::Simple {
                    self.push(
                        Diagnostic::error(pointer.as_str(), format!("path parameter style `{style:?}` is not supported"))
                            .with_hint("use the default `simple` style"),
                    );
                }
                (Location::Path, Style::FormExploded)
            }
            Parameter::Query { style, .. } => {
                let style = match (style, data.explode.unwrap_or(true)) {
                    (QueryStyle::Form, true) => Style::FormExploded,
                    (QueryStyle::Form, false) => Style::FormComma,
                    (QueryStyle::SpaceDelimited, _) => Style::SpaceDelimited,
                    (QueryStyle::PipeDelimited, _) => Style::PipeDelimited,
                    (QueryStyle::DeepObject, _) => Style::DeepObject,
                };
                (Location::Query, style)
            }
            Parameter::Header { .. } => (Location::Header, Style::FormComma),
            Parameter::Cookie { .. } => (Location::Cookie, Style::FormComma),
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                self.push(
                    Diagnostic::error(pointer.as_str(), format!("parameter `{}` uses `content` instead of `schema`", data.name))
                        .with_hint("describe the parameter with `schema`"),
                );
                return None;
            }
        };
        let hint = format!("{type_stem}{}", names::type_name(&data.name, "Param"));
        let ty = self.lower_type(SchemaRef::from(schema), &pointer.push("schema"), &hint);
        // A query can carry any value, spread by its style; a path, header or cookie only text.
        let structured = !self.is_parameter_type(&ty);
        if structured && location != Location::Query {
            self.push(
                Diagnostic::error(pointer.as_str(), format!("parameter `{}` has an object type, which cannot be sent as a {location:?} parameter", data.name))
                    .with_hint("use a scalar, an enum or an array of them"),
            );
        }
        let rust_name = self.claim_parameter_name(parameter_names, &data.name, pointer);
        let example = data.example.clone().unwrap_or_else(|| self.example(SchemaRef::from(schema)));
        Some(Param {
            example,
            name: data.name.clone(),
            pointer: pointer.clone(),
            rust_name,
            location,
            required: data.required || location == Location::Path,
            ty,
            style,
            structured,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
        })
    }

    /// A unique argument name, warning when another parameter (or a builder method) already has the wanted one.
    fn claim_parameter_name(&mut self, parameter_names: &mut Namespace, name: &str, pointer: &Pointer) -> String {
        let claimed = parameter_names.claim_for(&names::snake_name(name), pointer.as_str());
        if let Some(holder) = claimed.clash {
            self.push(
                Diagnostic::warning(
                    pointer.as_str(),
                    format!("parameter `{name}` is the argument `{}`: its snake_case name is taken by {}", claimed.name, names::clash_words(&holder)),
                )
                .with_hint("rename one of the parameters, or accept the suffixed name"),
            );
        }
        claimed.name
    }

    /// Scalars, string enums, and arrays of them: what a path, query, header or cookie can carry.
    fn is_parameter_type(&self, ty: &Type) -> bool {
        self.is_parameter_type_within(ty, self.models.len())
    }

    /// `hops` bounds how many aliases are followed, so that an alias cycle (reported elsewhere) cannot loop.
    fn is_parameter_type_within(&self, ty: &Type, hops: usize) -> bool {
        match ty {
            Type::Array(item) => !matches!(item.as_ref(), Type::Array(_)) && self.is_parameter_type_within(item, hops),
            Type::Model(id) => match &self.models[id.0].kind {
                crate::ir::ModelKind::StringEnum { .. } => true,
                crate::ir::ModelKind::Alias(inner) => hops > 0 && self.is_parameter_type_within(inner, hops - 1),
                // A union of scalars (Dropshot's `NameOrId`) serializes to one scalar.
                crate::ir::ModelKind::Union { variants, .. } => variants.iter().all(|variant| {
                    !matches!(variant.ty, Type::Array(_)) && hops > 0 && self.is_parameter_type_within(&variant.ty, hops - 1)
                }),
                crate::ir::ModelKind::Struct { .. } | crate::ir::ModelKind::Newtype(_) => false,
            },
            Type::Map(_) | Type::Any => false,
            _ => true,
        }
    }

    fn lower_request_body(
        &mut self,
        body: &'spec ReferenceOr<openapiv3::RequestBody>,
        pointer: &Pointer,
        type_stem: &str,
        parameter_names: &mut Namespace,
        params: &mut Vec<Param>,
    ) -> Option<Body> {
        let body = self.resolve_component(body, pointer, "requestBodies", |components| &components.request_bodies)?;
        let (media_type, media) = choose_media(&body.content)?;
        let content_pointer = pointer.push("content").push(media_type);
        let schema_pointer = content_pointer.push("schema");
        if media_type == "application/x-www-form-urlencoded" {
            self.lower_form_fields(media, &schema_pointer, Location::Form, type_stem, parameter_names, params);
            return None;
        }
        if media_type == "multipart/form-data" {
            self.lower_form_fields(media, &schema_pointer, Location::Multipart, type_stem, parameter_names, params);
            return None;
        }
        let encoding = if is_json(media_type) {
            BodyEncoding::Json
        } else if media_type.starts_with("text/") {
            BodyEncoding::Text
        } else if media_type.starts_with("multipart/") {
            self.push(Diagnostic::error(content_pointer.as_str(), format!("`{media_type}` request bodies are not supported"))
                .with_hint("use `multipart/form-data`, or offer `application/json` for this operation as well"));
            return None;
        } else {
            BodyEncoding::Bytes
        };
        let (ty, rust_name) = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Json) => {
                let ty = self.lower_type(SchemaRef::from(schema), &schema_pointer, &format!("{type_stem}Body"));
                let name = match schema {
                    ReferenceOr::Reference { reference } => names::snake_name(reference.rsplit('/').next().unwrap_or("body")),
                    ReferenceOr::Item(_) => "body".to_owned(),
                };
                (ty, name)
            }
            (None, BodyEncoding::Json) => (Type::Any, "body".to_owned()),
            (_, BodyEncoding::Text) => (Type::String, "body".to_owned()),
            (_, BodyEncoding::Bytes) => (Type::Array(Box::new(Type::Integer("u8"))), "body".to_owned()),
        };
        let (rust_name, _) = parameter_names.claim(&rust_name);
        let example = match (&media.example, &media.schema) {
            (Some(example), _) => example.clone(),
            (None, Some(schema)) => self.example(SchemaRef::from(schema)),
            (None, None) => serde_json::Value::Null,
        };
        Some(Body {
            example,
            rust_name,
            media_type: media_type.to_owned(),
            encoding,
            ty,
            required: body.required,
            description: body.description.clone(),
        })
    }

    /// The fields of a form or multipart body become parameters, as the Python SDK and most generators present
    /// them. In a multipart body, binary strings (and arrays of them) are files. An object without properties
    /// (Stripe's `{type: object, properties: {}, additionalProperties: false}`) is a body with no fields; an
    /// object whose `additionalProperties` is a schema (or `true`) also takes a map of further fields.
    fn lower_form_fields(
        &mut self,
        media: &'spec MediaType,
        pointer: &Pointer,
        location: Location,
        type_stem: &str,
        parameter_names: &mut Namespace,
        params: &mut Vec<Param>,
    ) {
        let Some(schema) = &media.schema else { return };
        let Some(object) = self.object_shape_of(SchemaRef::from(schema), 0) else {
            self.push(Diagnostic::error(pointer.as_str(), "a form body must be an object")
                .with_hint("describe the form fields as the `properties` of an object schema"));
            return;
        };
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        };
        let additional = resolved.and_then(|schema| match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => object.additional_properties.as_ref(),
            openapiv3::SchemaKind::Any(any) => any.additional_properties.as_ref(),
            _ => None,
        });
        // Only a form spreads a map into fields; a multipart body would send it as one JSON part.
        let additional = additional
            .filter(|additional| **additional != openapiv3::AdditionalProperties::Any(false))
            .filter(|_| location == Location::Form);
        for &(name, property) in &object.properties {
            let field_pointer = pointer.push("properties").push(name);
            let hint = format!("{type_stem}{}", names::type_name(name, "Field"));
            let schema = SchemaRef::from(property);
            let ty = match (location, file_field(schema)) {
                (Location::Multipart, Some(ty)) => ty,
                _ => self.lower_type(schema, &field_pointer, &hint),
            };
            let description = match schema {
                SchemaRef::Inline(inline) => inline.schema_data.description.clone(),
                SchemaRef::Reference(_) => None,
            };
            let rust_name = self.claim_parameter_name(parameter_names, name, &field_pointer);
            let example = self.example(schema);
            params.push(Param {
                example,
                name: name.clone(),
                pointer: field_pointer.clone(),
                rust_name,
                location,
                required: object.is_required(name),
                ty,
                style: Style::FormExploded,
                structured: false,
                description,
                deprecated: false,
            });
        }
        if let Some(additional) = additional {
            let wanted = if object.properties.is_empty() { "fields" } else { "additional_fields" };
            let rust_name = self.claim_parameter_name(parameter_names, wanted, pointer);
            let ty = self.lower_map(Some(additional), pointer, &format!("{type_stem}Fields"));
            let value_example = match additional {
                openapiv3::AdditionalProperties::Schema(schema) => self.example(SchemaRef::from(schema.as_ref())),
                openapiv3::AdditionalProperties::Any(_) => serde_json::json!("value"),
            };
            params.push(Param {
                pointer: pointer.clone(),
                example: serde_json::json!({ "name": value_example }),
                name: rust_name.clone(),
                rust_name,
                location,
                required: false,
                ty,
                style: Style::FormExploded,
                structured: false,
                description: Some("Further form fields, one per entry.".to_owned()),
                deprecated: false,
            });
        }
    }

    /// A name in the path template that the operation never declares is a required string path parameter,
    /// which is what it must be; the spec is repaired with a warning.
    fn add_undeclared_path_parameters(
        &mut self,
        context: &OperationContext<'spec, '_>,
        params: &mut Vec<Param>,
        parameter_names: &mut Namespace,
    ) {
        for name in template_names(context.path) {
            if params.iter().any(|param| param.location == Location::Path && param.name == name) {
                continue;
            }
            self.push(
                Diagnostic::warning(
                    context.pointer.as_str(),
                    format!("path template names `{{{name}}}` but the operation declares no such path parameter; read as a required string"),
                )
                .with_hint(format!("add `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` to the parameters")),
            );
            let rust_name = self.claim_parameter_name(parameter_names, name, &context.pointer);
            params.push(Param {
                pointer: context.pointer.clone(),
                name: name.to_owned(),
                rust_name,
                location: Location::Path,
                required: true,
                ty: Type::String,
                style: Style::FormExploded,
                structured: false,
                description: None,
                deprecated: false,
                example: serde_json::Value::String(name.to_owned()),
            });
        }
    }

    /// Splits `/a/{id}/b` into literals and parameter references, checking each template name is declared.
    fn lower_path(&mut self, context: &OperationContext<'spec, '_>, params: &[Param]) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = context.path;
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else { break };
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let name = &rest[start + 1..start + length];
            match params.iter().position(|param| param.location == Location::Path && param.name == name) {
                Some(index) => parts.push(PathPart::Param(index)),
                None => self.push(
                    Diagnostic::error(context.pointer.as_str(), format!("path template names `{{{name}}}` but the operation declares no such path parameter"))
                        .with_hint("add a path parameter with this name"),
                ),
            }
            rest = &rest[start + length + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in params.iter().filter(|param| param.location == Location::Path) {
            if !context.path.contains(&format!("{{{}}}", param.name)) {
                self.push(
                    Diagnostic::error(context.pointer.as_str(), format!("path parameter `{}` does not appear in the path", param.name))
                        .with_hint("remove the parameter or add it to the path template"),
                );
            }
        }
        parts
    }

    /// The responses, and every media type they offer (in order, for the `Accept` header).
    fn lower_responses(
        &mut self,
        responses: &'spec openapiv3::Responses,
        pointer: &Pointer,
        type_stem: &str,
    ) -> (Vec<Response>, Vec<String>) {
        let mut lowered = Vec::new();
        let mut media_types = Vec::new();
        let mut entries: Vec<(Status, String, &'spec ReferenceOr<openapiv3::Response>)> = responses
            .responses
            .iter()
            .map(|(code, response)| match code {
                StatusCode::Code(code) => (Status::Code(*code), code.to_string(), response),
                StatusCode::Range(digit) => (Status::Range(*digit), format!("{digit}XX"), response),
            })
            .collect();
        if let Some(default) = &responses.default {
            entries.push((Status::Default, "default".to_owned(), default));
        }
        for (status, key, response) in entries {
            let response_pointer = pointer.push(&key);
            let Some(response) =
                self.resolve_component(response, &response_pointer, "responses", |components| &components.responses)
            else {
                continue;
            };
            media_types.extend(response.content.keys().cloned());
            let hint = format!("{type_stem}Response{}", names::type_name(&key, ""));
            let content = match choose_media(&response.content) {
                None => Content::Empty,
                Some((media_type, media)) => {
                    let schema_pointer = response_pointer.push("content").push(media_type).push("schema");
                    let media_type = media_type.to_owned();
                    if is_json(&media_type) {
                        let ty = match &media.schema {
                            Some(schema) => self.lower_type(SchemaRef::from(schema), &schema_pointer, &hint),
                            None => Type::Any,
                        };
                        Content::Json { media_type, ty }
                    } else if media_type.starts_with("text/") {
                        Content::Text { media_type }
                    } else if media_type == "application/x-www-form-urlencoded" && media.schema.is_some() {
                        let schema = media.schema.as_ref().map(SchemaRef::from);
                        let ty = self.lower_type(schema.expect("checked above"), &schema_pointer, &hint);
                        Content::Form { media_type, ty }
                    } else {
                        Content::Bytes { media_type }
                    }
                }
            };
            lowered.push(Response { status, description: response.description.clone(), content });
        }
        (lowered, media_types)
    }

    /// The schemes whose credentials the operation sends: its own `security`, else the document's.
    fn lower_operation_security(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &Pointer,
        security_schemes: &[SecurityScheme],
    ) -> Vec<usize> {
        let requirements = operation.security.as_ref().or(self.spec.security.as_ref());
        let mut indices = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for key in requirement.keys() {
                match security_schemes.iter().position(|scheme| &scheme.key == key) {
                    Some(index) if !indices.contains(&index) => indices.push(index),
                    Some(_) => {}
                    None => self.push(
                        Diagnostic::error(pointer.push("security").as_str(), format!("security scheme `{key}` is not defined"))
                            .with_hint("add it under `components/securitySchemes`"),
                    ),
                }
            }
        }
        indices
    }
}

struct OperationContext<'spec, 'a> {
    path: &'spec str,
    method: &'a str,
    pointer: Pointer,
    shared_parameters: &'spec [ReferenceOr<Parameter>],
}

/// A builder name `S` whose `S`, `SParams`, `SResponse` and `SError` are all free in the tag modules (`list` and
/// `listResponse` would otherwise both define `ListResponse`), claimed together.
fn claim_type_stem(type_stems: &mut Namespace, wanted: &str) -> String {
    let separator = if wanted.ends_with(|character: char| character.is_ascii_digit()) { "_" } else { "" };
    let mut candidate = wanted.to_owned();
    for counter in 2.. {
        let names =
            [candidate.clone(), format!("{candidate}Params"), format!("{candidate}Response"), format!("{candidate}Error")];
        if names.iter().all(|name| !type_stems.is_taken(name)) {
            for name in &names {
                type_stems.claim(name);
            }
            break;
        }
        candidate = format!("{wanted}{separator}{counter}");
    }
    candidate
}

/// The names between braces in a path template, in order: `/a/{id}/b/{name}` -> `id`, `name`.
fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        names.push(&rest[start + 1..start + length]);
        rest = &rest[start + length + 1..];
    }
    names
}

/// `Upload` for a binary string, `Vec<Upload>` for an array of them; `None` for any other field.
fn file_field(schema: SchemaRef<'_>) -> Option<Type> {
    let is_binary = |schema: &openapiv3::Schema| match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
            string.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
        }
        _ => false,
    };
    let SchemaRef::Inline(schema) = schema else { return None };
    if is_binary(schema) {
        return Some(Type::Upload);
    }
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Array(openapiv3::ArrayType { items: Some(ReferenceOr::Item(item)), .. }))
            if is_binary(item) =>
        {
            Some(Type::Array(Box::new(Type::Upload)))
        }
        _ => None,
    }
}

/// Our extension, set by an overlay where a spec does not say it, or Dropshot's.
const WEBSOCKET_EXTENSIONS: &[&str] = &["x-codegen-websocket", "x-dropshot-websocket"];

fn is_websocket(operation: &openapiv3::Operation) -> bool {
    WEBSOCKET_EXTENSIONS.iter().any(|name| match operation.extensions.get(*name) {
        Some(serde_json::Value::Bool(flag)) => *flag,
        Some(serde_json::Value::Null) | None => false,
        Some(_) => true,
    })
}

/// What a websocket operation sends (its request body, which is then no argument of the upgrade request) and
/// receives (its first success response, or `101 Switching Protocols`). Messages whose shape the spec leaves
/// open, as Dropshot's `*/*`, are frames in both directions.
fn websocket_messages(body: Option<Body>, responses: &[Response]) -> crate::ir::WebSocket {
    use crate::ir::Message;
    let success = responses.iter().find(|response| response.status.is_success() || response.status == Status::Code(101));
    let receives = match success.map(|response| &response.content) {
        Some(Content::Json { ty, .. }) => Message::Json(ty.clone()),
        Some(Content::Text { .. }) => Message::Text,
        // `application/websocket` with a string schema, as Pieces documents one stream, is text.
        Some(Content::Bytes { media_type }) if media_type == "application/websocket" => Message::Text,
        _ => Message::Frames,
    };
    let send_example = body.as_ref().map_or(serde_json::Value::Null, |body| body.example.clone());
    let sends = match body {
        Some(Body { encoding: BodyEncoding::Json, ty, .. }) => Message::Json(ty),
        Some(Body { encoding: BodyEncoding::Text, .. }) => Message::Text,
        Some(Body { encoding: BodyEncoding::Bytes, .. }) => Message::Frames,
        None if receives == Message::Frames => Message::Frames,
        None => Message::Nothing,
    };
    crate::ir::WebSocket { sends, receives, send_example }
}

fn http_method(method: &str) -> &'static str {
    match method {
        "get" => "GET",
        "put" => "PUT",
        "post" => "POST",
        "delete" => "DELETE",
        "options" => "OPTIONS",
        "head" => "HEAD",
        "patch" => "PATCH",
        _ => "TRACE",
    }
}

fn location_of(parameter: &Parameter) -> Location {
    match parameter {
        Parameter::Path { .. } => Location::Path,
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8` ...
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The first JSON media type of a content map, else its first one.
fn choose_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| is_json(media_type))
        .or_else(|| content.first())
        .map(|(media_type, media)| (media_type.as_str(), media))
}


/// The first JSON media type among all responses, else the first media type, as the Python SDK sends it.
fn accept_header(media_types: &[String]) -> Option<String> {
    media_types.iter().find(|media_type| is_json(media_type)).or(media_types.first()).cloned()
}
