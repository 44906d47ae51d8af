//! Values read and written back through the models of the fixtures whose shapes are new: a map or list of itself
//! (a newtype struct), shared properties beside a `oneOf` (each variant a struct of both), and a 3.1 document.
//! Each value must come back unchanged, unknown properties included, once.

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
        let read: T = serde_json::from_value(value.clone()).expect("the value reads");
        assert_eq!(serde_json::to_value(&read).expect("the value writes"), value);
        read
    }

    #[test]
    fn a_map_or_list_of_itself_reads_and_writes_as_the_map_or_list() {
        use fixture_adversarial::models::{Forest, Tree};
        let tree: Tree = round_trip(json!({"a": {"b": {}}, "c": {}}));
        assert_eq!(tree.0["a"].0["b"], Tree::default());
        let forest: Forest = round_trip(json!([[], [[]]]));
        assert_eq!(forest.0.len(), 2);
    }

    #[test]
    fn shared_properties_and_the_variant_are_one_struct_keeping_unknown_properties_once() {
        use fixture_shared_union::models::{Animal, Payment, Shape};
        let value = json!({"amount": 5, "method": "card", "number": "4242", "note": "unknown"});
        let Payment::Card(card) = round_trip::<Payment>(value) else { panic!("the discriminator picks Card") };
        assert_eq!((card.amount, card.number.as_str()), (5, "4242"));
        assert_eq!(card.additional_properties.len(), 1);
        let unknown = round_trip::<Payment>(json!({"amount": 1, "method": "cash"}));
        assert!(matches!(unknown, Payment::UnknownVariant(_)));
        let Shape::Square(square) = round_trip::<Shape>(json!({"id": "s", "side": 2.0})) else {
            panic!("a square has no radius, so it is not the first variant")
        };
        assert_eq!(square.id, "s");
        let Animal::Bird(bird) = round_trip::<Animal>(json!({"species": "bird", "wingspan": 1.5})) else {
            panic!("the discriminator picks Bird")
        };
        assert_eq!(bird.wingspan, Some(1.5));
    }

    #[test]
    fn openapi31_nullable_and_const_read_as_written() {
        use fixture_openapi31::models::Pet;
        let pet: Pet = round_trip(json!({"id": "p", "kind": "pet", "name": null, "owner": {"name": "o", "contact": null}}));
        assert_eq!(pet.name, Some(None));
    }
}
