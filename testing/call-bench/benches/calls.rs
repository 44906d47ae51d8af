//! `cargo bench -p call-bench`: the run-time cost of one call on loopback, the generated client against the
//! hand-written reqwest call (same reqwest client, same request, same decoding target), plus the in-process
//! part alone: decoding the answer into `WorkstreamEvent`.

use call_bench::{hand_written_snapshot, start_server, WORKSTREAM_EVENT};
use criterion::{criterion_group, criterion_main, Criterion};
use pieces_os_client::models::WorkstreamEvent;
use pieces_os_client::Client;

fn calls(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    let base_url = runtime.block_on(start_server());
    let http = reqwest::Client::new();
    let client = Client::builder()
        .base_url(&base_url)
        .application_api_key("bench-key")
        .http_client(http.clone())
        .build()
        .expect("a client");
    let mut group = criterion.benchmark_group("workstream_event_snapshot");
    // The two are measured in turn within one group, so that machine noise hits both alike.
    group.bench_function("generated client", |bencher| {
        bencher.to_async(&runtime).iter(|| async {
            client.workstream_event_api().workstream_events_specific_workstream_event_snapshot("e1").await.expect("a snapshot")
        })
    });
    group.bench_function("hand-written reqwest", |bencher| {
        bencher.to_async(&runtime).iter(|| async { hand_written_snapshot(&http, &base_url, "e1").await.expect("a snapshot") })
    });
    group.finish();

    let mut decoding = criterion.benchmark_group("decode_workstream_event");
    decoding.bench_function("serde_json::from_str", |bencher| {
        bencher.iter(|| serde_json::from_str::<WorkstreamEvent>(WORKSTREAM_EVENT).expect("valid"))
    });
    decoding.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
