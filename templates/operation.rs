
{% if op.is_websocket %}
/// The websocket of [`{{ tag.type_name }}::{{ op.method_name }}`]: set optional parameters, then `.connect()`.
/// Headers and options for this request only: see [`crate::Request`].
{% else %}
/// The request of [`{{ tag.type_name }}::{{ op.method_name }}`]: set optional parameters, then `.await` it.
/// Headers, options for this request only and `send_with_response`: see [`crate::Request`].
{% endif %}
pub type {{ op.builder_name }} = crate::Request<{{ op.params_name }}>;

/// The parameters of [`{{ tag.type_name }}::{{ op.method_name }}`], held by its request ([`{{ op.builder_name }}`]).
#[derive(Clone)]
pub struct {{ op.params_name }} {
{% for arg in op.positional %}    {{ arg.name }}: {{ arg.ty }},
{% endfor %}
{% for arg in op.optional %}    {{ arg.name }}: Option<{{ arg.ty }}>,
{% endfor %}
}
{% if op.has_builder_methods %}

impl {{ op.builder_name }} {
{% for arg in op.optional %}
{% for line in arg.docs %}    /// {{ line }}
{% endfor %}
{% if arg.deprecated %}    #[deprecated]
{% endif %}
    pub fn {{ arg.name }}(mut self, {{ arg.name }}: {{ arg.argument_type }}) -> Self {
        self.params.{{ arg.name }} = Some({{ arg.convert }});
        self
    }

{% endfor %}
{% if op.is_websocket %}
    /// Opens the websocket: the connection sends `{{ op.websocket.sends }}` and receives `{{ op.websocket.receives }}`
    /// messages. A refused upgrade is an error as a response with that status would be.
    #[cfg(feature = "websocket")]
    pub fn connect(self) -> crate::websocket::ConnectFuture<{{ op.websocket.sends }}, {{ op.websocket.receives }}, {{ op.error_type }}> {
        crate::websocket::connect(self.into_parts({{ op.params_name }}::encode), &{{ op.params_name }}::INFO, {{ op.params_name }}::decode, {{ op.websocket.encode }}, {{ op.websocket.decode }})
    }
{% endif %}
{% if op.has_streaming %}
    /// Sends the request and returns a successful response unread, so that a large body can be read piece by
    /// piece with [`reqwest::Response::chunk`]; an error status is decoded as [`Self::send`] decodes it.
    pub fn send_streaming(self) -> crate::ResponseFuture<reqwest::Response, {{ op.error_type }}> {
        self.send_unread()
    }
{% endif %}
}
{% endif %}
{% if !op.is_websocket %}

impl crate::Operation for {{ op.params_name }} {
    type Output = {{ op.success_type }};
    type Error = {{ op.error_type }};

    const SPEC: crate::OperationSpec<Self> = crate::OperationSpec {
        info: &{% include "operation_info.rs" %},
        encode: Self::encode,
        decode: Self::decode,
    };
}
{% endif %}

{% if op.is_websocket %}
#[cfg_attr(not(feature = "websocket"), allow(dead_code))]
{% endif %}
impl {{ op.params_name }} {
{% if op.is_websocket %}
    /// What the runtime needs to know of this operation.
    const INFO: crate::runtime::OperationInfo = {% include "operation_info.rs" %};

{% endif %}
    /// The request, with every parameter and the body encoded.
    fn encode(self) -> Result<crate::runtime::RequestParts, crate::error::RequestFailure> {
        let __path = [
{% for piece in op.path_pieces %}
{% if piece.is_param %}
            crate::runtime::path_segment({{ piece.wire_name }}, &self.{{ piece.text }})?.as_str(),
{% else %}
            {{ piece.text }},
{% endif %}
{% endfor %}
        ]
        .concat();
        let mut __parts = crate::runtime::RequestParts::new(reqwest::Method::{{ op.http_method }}, __path);
{% for part in op.parts %}
{% if part.required %}
        __parts.{{ part.method }}({{ part.wire_name }}, &self.{{ part.field }}{{ part.extra_argument }});
{% else %}
        if let Some(__value) = &self.{{ part.field }} {
            __parts.{{ part.method }}({{ part.wire_name }}, __value{{ part.extra_argument }});
        }
{% endif %}
{% endfor %}
{% if op.has_body %}
{% if op.body_required %}
        __parts.{{ op.body_method }}({{ op.body_content_type }}, &self.{{ op.body.name }})?;
{% else %}
        if let Some(__body) = &self.{{ op.body.name }} {
            __parts.{{ op.body_method }}({{ op.body_content_type }}, __body)?;
        }
{% endif %}
{% endif %}
{% if op.has_accept %}
        __parts.accept({{ op.accept }});
{% endif %}
        Ok(__parts)
    }

    /// The documented meaning of a response, by its status.
    fn decode(__response: crate::runtime::ReadResponse) -> Result<{{ op.success_type }}, crate::Error<{{ op.error_type }}>> {
        match __response.status {
{% for arm in op.arms %}
{% if arm.is_success %}
{% if arm.has_wrap %}
            {{ arm.pattern }} => __response.{{ arm.decode }}().map({{ arm.wrap }}).map_err(Into::into),
{% else %}
            {{ arm.pattern }} => __response.{{ arm.decode }}().map_err(Into::into),
{% endif %}
{% else %}
{% if arm.has_status %}
            {{ arm.pattern }} => Err(__response.api_error({{ arm.wrap }} { status: __response.status, body: __response.{{ arm.decode }}()? })),
{% else %}
            {{ arm.pattern }} => Err(__response.api_error({{ arm.wrap }}(__response.{{ arm.decode }}()?))),
{% endif %}
{% endif %}
{% endfor %}
{% if !op.has_default_arm %}
            _ => Err(__response.unexpected()),
{% endif %}
        }
    }
}

{% if op.has_success_enum %}

/// The documented successful responses of [`{{ tag.type_name }}::{{ op.method_name }}`].
#[derive(Debug, Clone, PartialEq)]
pub enum {{ op.success_enum }} {
{% for variant in op.success_variants %}
{% for line in variant.docs %}    /// {{ line }}
{% endfor %}
    {{ variant.name }}({{ variant.ty }}),
{% endfor %}
}
{% endif %}
{% if op.has_shared_error %}

/// The documented error statuses of [`{{ tag.type_name }}::{{ op.method_name }}`], each with its body: the same
/// as other operations', so the enum is shared.
pub type {{ op.error_enum }} = {{ op.shared_error }};
{% endif %}
{% if let Some(error) = op.own_error %}
{% include "error_enum.rs" %}
{% endif %}
