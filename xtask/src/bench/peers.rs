//! The peers: OpenAPI Generator (`openapi-generator-cli` from PyPI, Java 17) and progenitor (`cargo-progenitor`).

use super::measure::run_quietly;
use super::Dirs;
use std::path::PathBuf;
use std::process::Command;

pub const PROGENITOR_VERSION: &str = "0.15.1";

pub struct Peers {
    pub openapi_generator: Option<PathBuf>,
    pub progenitor: Option<PathBuf>,
}

impl Peers {
    /// Finds the peers in the cache, installing them first when asked.
    pub fn find(dirs: &Dirs, install: bool) -> Result<Peers, String> {
        let venv = dirs.cache.join("oag-venv");
        let openapi_generator = venv.join("bin/openapi-generator-cli");
        let progenitor = dirs.cache.join("bin/cargo-progenitor");
        if install {
            std::fs::create_dir_all(&dirs.cache).map_err(|error| error.to_string())?;
            if !openapi_generator.exists() {
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
