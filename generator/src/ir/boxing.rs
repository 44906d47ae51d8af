//! Boxing: which fields hold their model behind a `Box`, for recursive models and for large ones.
//!
//! A field holds its model inline unless it goes through a `Vec` or a map, which already allocate. A cycle of
//! inline fields would make an infinitely large type, so every inline field between two models of the same
//! strongly connected component is boxed. Boxing every such edge, rather than a minimal set, keeps the rule
//! simple and independent of the order in which models are visited.
//!
//! Without cycles, inline nesting can still make a model huge (tens of kilobytes for a model that inlines
//! others that inline others), which costs a copy on every move and can overflow a thread's stack while
//! decoding. So a field whose model is larger than [`LARGE_MODEL_BYTES`] is boxed as well.

use super::{Model, ModelId, ModelKind, Type};

/// Models estimated larger than this are boxed where a field holds them.
pub const LARGE_MODEL_BYTES: usize = 256;

pub fn box_fields(models: &mut [Model]) {
    box_cycles(models);
    let mut sizes: Vec<Option<usize>> = vec![None; models.len()];
    for index in 0..models.len() {
        model_size(models, index, &mut sizes);
    }
}

/// Estimates a model's size in bytes, boxing its large fields on the way. Boxed fields are not followed, and
/// every cycle is already boxed, so the recursion ends.
fn model_size(models: &mut [Model], index: usize, sizes: &mut Vec<Option<usize>>) -> usize {
    if let Some(size) = sizes[index] {
        return size;
    }
    // A model met again while its own size is being computed can only be an alias cycle, which lowering reports
    // as an error; the placeholder just ends the recursion.
    sizes[index] = Some(8);
    let size = match &models[index].kind {
        ModelKind::StringEnum { .. } => 24,
        ModelKind::Alias(ty) | ModelKind::Newtype(ty) => {
            let ty = ty.clone();
            type_size(models, &ty, sizes)
        }
        ModelKind::Union { variants, .. } => {
            let variant_types: Vec<(Type, bool)> = variants.iter().map(|variant| (variant.ty.clone(), variant.boxed)).collect();
            let mut largest = 0;
            for (position, (ty, boxed)) in variant_types.into_iter().enumerate() {
                let size = if boxed { 8 } else { type_size(models, &ty, sizes) };
                let size = if size > LARGE_MODEL_BYTES && matches!(ty, Type::Model(_)) {
                    if let ModelKind::Union { variants, .. } = &mut models[index].kind {
                        variants[position].boxed = true;
                    }
                    8
                } else {
                    size
                };
                largest = largest.max(size);
            }
            largest + 8
        }
        ModelKind::Struct { fields } => {
            let field_types: Vec<(Type, bool)> = fields.iter().map(|field| (field.ty.clone(), field.boxed)).collect();
            let mut total = 0;
            for (position, (ty, boxed)) in field_types.into_iter().enumerate() {
                total += if boxed {
                    8
                } else {
                    let size = type_size(models, &ty, sizes);
                    if size > LARGE_MODEL_BYTES && matches!(ty, Type::Model(_)) {
                        if let ModelKind::Struct { fields } = &mut models[index].kind {
                            fields[position].boxed = true;
                        }
                        8
                    } else {
                        size
                    }
                };
            }
            total
        }
    };
    sizes[index] = Some(size);
    size
}

fn type_size(models: &mut [Model], ty: &Type, sizes: &mut Vec<Option<usize>>) -> usize {
    match ty {
        Type::Boolean => 1,
        Type::Integer(_) | Type::Number => 8,
        Type::DateTime => 16,
        Type::Date => 4,
        Type::String | Type::Array(_) | Type::Map(_) => 24,
        Type::Any => 32,
        Type::Upload => 80,
        Type::Model(id) => model_size(models, id.0, sizes),
    }
}

fn box_cycles(models: &mut [Model]) {
    let edges: Vec<Vec<usize>> = models.iter().map(|model| inline_targets(model).collect()).collect();
    let component = strongly_connected_components(&edges);
    for (owner, model) in models.iter_mut().enumerate() {
        match &mut model.kind {
            ModelKind::Struct { fields } => {
                for field in fields {
                    if let Some(ModelId(target)) = inline_model(&field.ty) {
                        field.boxed = component[target] == component[owner];
                    }
                }
            }
            ModelKind::Union { variants, .. } => {
                for variant in variants {
                    if let Some(ModelId(target)) = inline_model(&variant.ty) {
                        variant.boxed = component[target] == component[owner];
                    }
                }
            }
            ModelKind::StringEnum { .. } | ModelKind::Alias(_) | ModelKind::Newtype(_) => {}
        }
    }
}

/// The model a value of this type holds inline, if any.
fn inline_model(ty: &Type) -> Option<ModelId> {
    match ty {
        Type::Model(id) => Some(*id),
        _ => None,
    }
}

fn inline_targets(model: &Model) -> Box<dyn Iterator<Item = usize> + '_> {
    match &model.kind {
        ModelKind::Struct { fields } => Box::new(fields.iter().filter_map(|field| inline_model(&field.ty)).map(|id| id.0)),
        ModelKind::Alias(ty) | ModelKind::Newtype(ty) => Box::new(inline_model(ty).map(|id| id.0).into_iter()),
        ModelKind::Union { variants, .. } => {
            Box::new(variants.iter().filter_map(|variant| inline_model(&variant.ty)).map(|id| id.0))
        }
        ModelKind::StringEnum { .. } => Box::new(std::iter::empty()),
    }
}

/// Tarjan's algorithm, iterative so that deep schema graphs cannot overflow the stack.
/// Returns, for each node, the index of its component.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index = vec![UNVISITED; count];
    let mut low_link = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; count];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index[root] != UNVISITED {
            continue;
        }
        // Each frame is a node and the position of the next edge to follow from it.
        let mut frames = vec![(root, 0)];
        index[root] = next_index;
        low_link[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index[target] == UNVISITED {
                    index[target] = next_index;
                    low_link[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low_link[node] = low_link[node].min(index[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low_link[parent] = low_link[parent].min(low_link[node]);
            }
            if low_link[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 3 refers to itself, 4 stands alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[2], component[3]);
        assert_ne!(component[3], component[4]);
    }
}
