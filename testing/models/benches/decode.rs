//! The cost of keeping unknown properties: decoding a large, deeply nested `WorkstreamEvent` with the generated
//! models against the same structs declared with plain `#[derive(Deserialize)]`, which drop what they do not know,
//! and writing it back with each.
//!
//! Run: `cargo bench -p model-tests --bench decode`. The input is generated from the spec with a fixed seed
//! (hundreds of KB, a 384-float embedding); a second input adds unknown properties at every level, which the
//! plain structs skip and the generated ones keep.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use model_tests::instances::{InstanceGenerator, Options};
use model_tests::Spec;
use pieces_os_client::models::WorkstreamEvent;
use std::hint::black_box;

#[allow(clippy::all)]
mod plain {
    include!(concat!(env!("OUT_DIR"), "/plain.rs"));
}

/// The first seeded `WorkstreamEvent` of 200 KB to 2 MB, with an embedding as Pieces OS computes them.
fn large_event(unknown_properties: bool) -> String {
    let spec = Spec::load();
    let options = Options {
        max_depth: 10,
        presence_percent: 80,
        null_percent: 10,
        max_items: 6,
        unknown_properties,
        unknown_enum_values: false,
    };
    for seed in 0..1000 {
        let mut event = InstanceGenerator::new(&spec, seed, options.clone()).instance("WorkstreamEvent");
        let embedding: Vec<f64> = (0..384)
            .map(|index| ((index * 7919) % 1000) as f64 / 997.0 - 0.5)
            .collect();
        event["workstreamEventsVector"] = serde_json::json!(embedding);
        let text = event.to_string();
        if (200_000..2_000_000).contains(&text.len()) {
            return text;
        }
    }
    panic!("no seed below 1000 gives a WorkstreamEvent of 200 KB to 2 MB");
}

fn decode(criterion: &mut Criterion) {
    for (label, unknown_properties) in [("known properties only", false), ("with unknown properties", true)] {
        let json = large_event(unknown_properties);
        // Both decoders accept the input before they are timed.
        serde_json::from_str::<WorkstreamEvent>(&json).expect("the generated model decodes the input");
        serde_json::from_str::<plain::WorkstreamEvent>(&json).expect("the plain structs decode the input");
        let mut group = criterion.benchmark_group(format!("decode WorkstreamEvent, {label}, {} KB", json.len() / 1000));
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.sample_size(30);
        group.bench_function("generated (keeps unknowns)", |bencher| {
            bencher.iter(|| serde_json::from_str::<WorkstreamEvent>(black_box(&json)).unwrap())
        });
        group.bench_function("plain derive (drops unknowns)", |bencher| {
            bencher.iter(|| serde_json::from_str::<plain::WorkstreamEvent>(black_box(&json)).unwrap())
        });
        group.finish();
    }
}

/// Writing the same event back: the generated models write each property through `dyn erased_serde::Serialize`
/// (see `runtime::model_serde`), the plain structs through derived, fully static code.
fn encode(criterion: &mut Criterion) {
    let json = large_event(false);
    let generated: WorkstreamEvent = serde_json::from_str(&json).expect("the generated model decodes the input");
    let plain: plain::WorkstreamEvent = serde_json::from_str(&json).expect("the plain structs decode the input");
    let mut group = criterion.benchmark_group(format!(
        "encode WorkstreamEvent, known properties only, {} KB",
        json.len() / 1000
    ));
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.sample_size(30);
    group.bench_function("generated", |bencher| {
        bencher.iter(|| serde_json::to_vec(black_box(&generated)).unwrap())
    });
    group.bench_function("plain derive", |bencher| {
        bencher.iter(|| serde_json::to_vec(black_box(&plain)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
