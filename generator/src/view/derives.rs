//! Which comparison traits each model can derive, decided once for the whole model graph.
//!
//! `PartialEq` holds for every model. `Eq` and `Hash` hold for a model only when every type it contains has them,
//! and models contain each other, recursively: a greatest fixpoint answers that. Every model starts out allowed;
//! any model that contains a blocking type directly, or a model already found blocked, is blocked in turn, until
//! nothing changes. Models in a cycle whose members block nothing keep the traits, which is what `derive` needs.
//!
//! What blocks: `f64` (numbers) has neither `Eq` nor `Hash`. `serde_json::Value` and its `Map` have both
//! (`Hash` since serde_json 1.0.118, the minimum the generated crate asks for), and so do chrono's types, so they
//! block nothing. `Copy` is never derived: every struct holds the map of properties it does not know, and every
//! enum can hold an unknown value as a `String`.

use crate::ir::{Api, ModelKind, Type};

/// The traits a model derives beyond `Debug`, `Clone` and `PartialEq`.
pub struct ModelTraits {
    eq_and_hash: Vec<bool>,
}

impl ModelTraits {
    /// Whether a value of model `index` can be `Eq` and `Hash`.
    pub fn eq_and_hash(&self, index: usize) -> bool {
        self.eq_and_hash[index]
    }
}

pub fn model_traits(api: &Api) -> ModelTraits {
    let mut allowed = vec![true; api.models.len()];
    loop {
        let mut changed = false;
        for (index, model) in api.models.iter().enumerate() {
            if !allowed[index] {
                continue;
            }
            let keeps = match &model.kind {
                ModelKind::Struct { fields } => fields.iter().all(|field| type_allows(&field.ty, &allowed)),
                ModelKind::StringEnum { .. } => true,
                ModelKind::Alias(ty) | ModelKind::Newtype(ty) => type_allows(ty, &allowed),
                ModelKind::Union { variants, .. } => variants.iter().all(|variant| type_allows(&variant.ty, &allowed)),
            };
            if !keeps {
                allowed[index] = false;
                changed = true;
            }
        }
        if !changed {
            return ModelTraits { eq_and_hash: allowed };
        }
    }
}

/// Whether a value of `ty` is `Eq` and `Hash`, given what is known so far about the models.
fn type_allows(ty: &Type, allowed: &[bool]) -> bool {
    match ty {
        Type::Number => false,
        Type::String | Type::Boolean | Type::Integer(_) | Type::DateTime | Type::Date | Type::Any | Type::Upload => true,
        Type::Model(id) => allowed[id.0],
        Type::Array(item) | Type::Map(item) => type_allows(item, allowed),
    }
}
