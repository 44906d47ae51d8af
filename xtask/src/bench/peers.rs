//! The peers: OpenAPI Generator (`openapi-generator-cli` from PyPI, Java 17) and progenitor (`cargo-progenitor`).

use super::measure::run_quietly;
use super::Dirs;
use std::path::PathBuf;
use std::process::Command;

pub const PROGENITOR_VERSION: &str = "0.15.1";

pub struct Peers {
    /// The OpenAPI Generator jar shipped in the PyPI package; run with `java -jar` so that the time limit and
    /// the memory reading reach the JVM itself, not a Python wrapper.
    pub openapi_generator: Option<PathBuf>,
    pub progenitor: Option<PathBuf>,
}

impl Peers {
    /// Finds the peers in the cache, installing them first when asked.
    pub fn find(dirs: &Dirs, install: bool) -> Result<Peers, String> {
        let venv = dirs.cache.join("oag-venv");
        let wrapper = venv.join("bin/openapi-generator-cli");
        let progenitor = dirs.cache.join("bin/cargo-progenitor");
        if install {
            std::fs::create_dir_all(&dirs.cache).map_err(|error| error.to_string())?;
            if !wrapper.exists() {
                eprintln!("installing openapi-generator-cli into {}", venv.display());
                run_quietly(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
                run_quietly(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "openapi-generator-cli"]))?;
            }
            if !progenitor.exists() {
                eprintln!("installing cargo-progenitor {PROGENITOR_VERSION} into {} (a few minutes)", dirs.cache.display());
                run_quietly(
                    Command::new("cargo")
                        .args(["install", "--locked", "cargo-progenitor", "--version", PROGENITOR_VERSION, "--root"])
                        .arg(&dirs.cache),
                )?;
            }
        }
        let openapi_generator = find_jar(&venv.join("lib")).unwrap_or_else(|| venv.join("openapi-generator.jar"));
        let found = |path: PathBuf, name: &str| {
            if path.exists() {
                Some(path)
            } else {
                eprintln!("{name} is not installed (run with --install-peers); its columns stay empty");
                None
            }
        };
        Ok(Peers {
            openapi_generator: found(openapi_generator, "OpenAPI Generator"),
            progenitor: found(progenitor, "progenitor"),
        })
    }
}

/// `lib/python3.X/site-packages/openapi_generator_cli/openapi-generator.jar`, whatever the Python version.
fn find_jar(lib: &std::path::Path) -> Option<PathBuf> {
    std::fs::read_dir(lib).ok()?.flatten().map(|entry| entry.path().join("site-packages/openapi_generator_cli/openapi-generator.jar")).find(|jar| jar.exists())
}
