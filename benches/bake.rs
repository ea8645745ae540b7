//! Unbaking speed: extract the credential from a ~50 KB PNG (every chunk's
//! CRC checked, no pixel decoding) and from a baked SVG.

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::bake::{self, Payload};
use std::hint::black_box;

/// A ~50 KB RGBA PNG of noise (incompressible, so the file stays big).
fn noisy_png() -> Vec<u8> {
    let (w, h) = (112u32, 112u32);
    let mut state = 2u64;
    let pixels: Vec<u8> = (0..w * h * 4)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(&pixels).expect("pixels");
    writer.finish().expect("finish");
    out
}

fn credential() -> Payload {
    let json = format!(
        r#"{{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","description":"{}"}}"#,
        "x".repeat(2000)
    );
    Payload::Json(json)
}

fn unbake(c: &mut Criterion) {
    let image = noisy_png();
    let baked = bake::bake(&image, &credential()).expect("bake png");
    c.bench_function(&format!("bake/unbake_png_{}B", baked.len()), |b| {
        b.iter(|| bake::unbake(black_box(&baked)).expect("unbake"))
    });
    c.bench_function("bake/bake_png", |b| {
        b.iter(|| bake::bake(black_box(&image), black_box(&credential())).expect("bake"))
    });
    let svg = bake::bake(
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle r="30"/></svg>"#,
        &credential(),
    )
    .expect("bake svg");
    c.bench_function("bake/unbake_svg", |b| {
        b.iter(|| bake::unbake(black_box(&svg)).expect("unbake"))
    });
}

criterion_group!(benches, unbake);
criterion_main!(benches);
