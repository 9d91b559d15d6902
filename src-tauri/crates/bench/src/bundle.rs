//! The size of what the webview downloads and compiles: the UI's wasm and JS as trunk wrote
//! them into `dist/`, raw and gzipped.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;

use crate::BenchError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FileSize {
    pub raw_bytes: u64,
    pub gzip_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BundleSize {
    pub wasm: FileSize,
    pub js: FileSize,
}

fn size_of(path: &Path) -> Result<FileSize, BenchError> {
    let bytes = std::fs::read(path).map_err(|source| BenchError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    let compressed = gzip
        .write_all(&bytes)
        .and_then(|()| gzip.finish())
        .map_err(|source| BenchError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(FileSize {
        raw_bytes: bytes.len() as u64,
        gzip_bytes: compressed.len() as u64,
    })
}

/// The one file in `dist` whose name ends with `suffix`; trunk writes exactly one of each.
fn the_file(dist: &Path, suffix: &str) -> Result<PathBuf, BenchError> {
    let entries = std::fs::read_dir(dist).map_err(|source| BenchError::Read {
        path: dist.to_path_buf(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        count => Err(BenchError::Format {
            path: dist.to_path_buf(),
            detail: format!("{count} files ending in {suffix}, expected one (build it with trunk)"),
        }),
    }
}

pub fn measure(dist: &Path) -> Result<BundleSize, BenchError> {
    Ok(BundleSize {
        wasm: size_of(&the_file(dist, "_bg.wasm")?)?,
        js: size_of(&the_file(dist, ".js")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_raw_and_gzipped_from_the_one_wasm_and_js() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("app-1_bg.wasm"), vec![0_u8; 10_000]).unwrap();
        std::fs::write(dist.path().join("app-1.js"), "export {};").unwrap();
        std::fs::write(dist.path().join("index.html"), "<html>").unwrap();
        let size = measure(dist.path()).unwrap();
        assert_eq!(size.wasm.raw_bytes, 10_000);
        assert!(size.wasm.gzip_bytes < 100, "zeros compress: {size:?}");
        assert_eq!(size.js.raw_bytes, 10);
    }

    #[test]
    fn a_dist_without_a_build_is_refused_with_what_to_do() {
        let dist = tempfile::tempdir().unwrap();
        let error = measure(dist.path()).unwrap_err().to_string();
        assert!(error.contains("0 files ending in _bg.wasm"), "{error}");
        assert!(error.contains("trunk"), "{error}");
    }
}
