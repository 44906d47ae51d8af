
{% if op.deprecated %}
#[allow(deprecated)]
{% endif %}
async fn {{ op.function }}(client: &Client, with_optional: bool) -> Result<(), String> {
    let request = client.{{ op.accessor }}().{{ op.method }}({% for argument in op.positional %}{{ argument }}, {% endfor %});
{% if op.has_optional %}
    let request = if with_optional {
        request{% for setter in op.optional %}.{{ setter.name }}({{ setter.expression }}){% endfor %}
    } else {
        request
    };
{% else %}
    let _ = with_optional;
{% endif %}
{% if op.is_websocket %}
    let mut connection = request.connect().await.map_err(|error| error.to_string())?;
{% if op.has_sends %}
    connection.send(&{{ op.sends_example }}).await.map_err(|error| error.to_string())?;
{% endif %}
    for received in 0..WEBSOCKET_MESSAGES {
        match connection.receive().await {
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(format!("message {}: {error}", received + 1)),
            None => return Err(format!("the server closed the connection after {received} messages")),
        }
    }
    connection.close().await.map_err(|error| error.to_string())
{% else %}
    request.await.map(|_| ()).map_err(|error| error.to_string())
{% endif %}
}
