crate::runtime::OperationInfo {
            id: {{ op.operation_id }},
            method: {{ op.http_method_literal }},
            path: {{ op.path_template }},
            schemes: {{ op.schemes }},
        }