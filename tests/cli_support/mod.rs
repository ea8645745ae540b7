//! What every CLI test needs: run the built `openbadges` binary, fixtures, scratch folders, key files.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `fixtures/<path>` as an absolute path.
pub fn fixture(path: &str) -> String {
    format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `openbadges ARGS…`; returns the exit code, stdout and stderr. A panic is a test failure.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (
        status.code().expect("exited normally"),
        String::from_utf8_lossy(&stdout).into_owned(),
        stderr,
    )
}

/// A fresh, empty directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("openbadges-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `openbadges keygen --seed SEED` written to `dir/name`; returns the file's path.
pub fn key_file(dir: &Path, seed: &str, name: &str) -> String {
    let (code, stdout, stderr) = run(&["keygen", "--seed", seed]);
    assert_eq!(code, 0, "{stderr}");
    let path = dir.join(name);
    std::fs::write(&path, stdout).unwrap();
    path.to_str().unwrap().to_owned()
}
