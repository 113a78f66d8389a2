//! The sithsctl binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    sithsctl::cli::run()
}
