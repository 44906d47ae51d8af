//! Tests of the generated models, in one binary so that the dispatch over all 597 models is compiled once.

mod date_times;
mod pydantic;
mod round_trip;
mod schemas;
mod workstream_event;
