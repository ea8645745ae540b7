//! Files written so that nothing is ever half-written: what the command-line tool and the
//! document folder of `fetch` save (credentials, status lists, fetched documents, indexes).

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a part: a
/// temporary file beside it (named `.NAME.PID.tmp`, which the document folder loader never
/// reads), flushed to disk, then renamed over `path`. On failure the temporary file is removed
/// and `path` is untouched.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("openbadges-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("badge.json");
/// openbadges::files::write_atomically(&path, b"{}")?;
/// assert_eq!(std::fs::read(&path)?, b"{}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("openbadges-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("kept.json");
        write_atomically(&path, b"old").unwrap();
        // A directory where the temporary file would go makes the write fail.
        let temp = dir.join(format!(".kept.json.{}.tmp", std::process::id()));
        std::fs::create_dir_all(temp.join("blocker")).unwrap();
        assert!(write_atomically(&path, b"new").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        std::fs::remove_dir_all(&temp).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(write_atomically(Path::new("/"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
