//! Writes the hostile-input corpus (the files `benches/hostile.sh` times through the release
//! CLI) into the directory given as the first argument.
//!
//! ```text
//! cargo run --release --example hostile_corpus -- /tmp/hostile
//! ```

#[path = "../tests/hostile_support/mod.rs"]
mod hostile_support;

use hostile_support::*;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/hostile".to_owned()),
    );
    std::fs::create_dir_all(&dir)?;
    let depth_bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>)> =
        vec![
        ("proofs-sharing-one-id-800.json", proofs_sharing_one_id(800)),
        ("proofs-sharing-one-id-1600.json", proofs_sharing_one_id(1_600)),
        ("clique-10-nodes-200-proofs.json", proofs_over_clique(200, 10)),
        ("clique-10-nodes-16-proofs.json", proofs_over_clique(16, 10)),
        ("big-1.5MB-100-proofs.json", big_document_with_proofs(1_500_000, 100)),
        ("big-1.5MB-16-proofs.json", big_document_with_proofs(1_500_000, 16)),
        ("big-4MB-16-proofs.json", big_document_with_proofs(4_000_000, 16)),
        ("svg-nested-65536.svg", deeply_nested_svg(65_536)),
        ("svg-bom.svg", bom_svg()),
        ("svg-unbound-prefix.svg", unbound_prefix_svg()),
        ("svg-root-tag-70KB.svg", long_root_tag_svg()),
        ("png-1M-empty-chunks.png", png_with_empty_chunks(1_000_000)),
        ("jwt-empty-signature.jwt", jwt_without_signature()),
        ("json-depth-bomb-100k.json", depth_bomb.into_bytes()),
        (
            "json-duplicate-keys.json",
            br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:a","id":"urn:b"}"#
                .to_vec(),
        ),
        ("json-1e999999.json", br#"{"n":1e999999}"#.to_vec()),
        ("json-empty.json", Vec::new()),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
