//! The real stack for end-to-end tests: pcscd, the vpcd reader driver and
//! our virtual card, driven through the built `sithsctl` binary.
//!
//! pcscd is one per machine (a fixed socket), so card tests run one at a
//! time under [`stack`]. A pcscd that already runs is reused; one we start
//! is stopped when the test process exits. Readers and cards are awaited by
//! polling PC/SC status, never by a fixed sleep.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use pcsc::{Context, Scope, State};

pub const READER_0: &str = "Virtual PCD 00 00";
pub const READER_1: &str = "Virtual PCD 00 01";
const SOCKET: &str = "/run/pcscd/pcscd.comm";
/// How long pcscd, a reader or a card may take to appear. Measured: pcscd
/// starts in about 0.2 s and notices a card in about 0.4 s.
const APPEAR: Duration = Duration::from_secs(15);

static LOCK: Mutex<()> = Mutex::new(());
/// The pcscd this process started, if any, to stop at exit. Not a record
/// of "pcscd runs": another test process may stop the pcscd it started
/// (and we reused) between two of our tests, so every [`stack`] checks
/// again and starts one when none answers.
static OUR_PCSCD: Mutex<Option<u32>> = Mutex::new(None);
static ATEXIT: Once = Once::new();

/// Exclusive use of pcscd and the virtual readers for one test: a mutex
/// for the tests of this process, a file lock for other test processes
/// (nextest, or two checkouts on one machine).
pub struct Stack {
    _guard: MutexGuard<'static, ()>,
    _file: std::fs::File,
}

fn machine_lock() -> std::fs::File {
    let path = std::env::temp_dir().join("sithsctl-pcscd-tests.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // flock(2) rather than `File::lock` (Rust 1.89; our MSRV is 1.85).
    // Released when the file is closed, also when the process dies.
    let rc = unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&file), libc::LOCK_EX) };
    assert_eq!(
        rc,
        0,
        "lock {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
    file
}

extern "C" fn stop_our_pcscd() {
    let pid = OUR_PCSCD.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(pid) = pid {
        // Another test process may be using it right now: wait our turn.
        let _lock = machine_lock();
        stop_pcscd(pid);
    }
}

/// SIGTERM, then wait (reaping our child) so the next start finds the
/// socket gone.
fn stop_pcscd(pid: u32) {
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut status = 0;
        let reaped = unsafe { libc::waitpid(pid as i32, &mut status, libc::WNOHANG) };
        if reaped == pid as i32 || !Path::new(&format!("/proc/{pid}")).exists() {
            return;
        }
        if Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the pcscd we started (if any) has exited; reaps it if so.
fn our_pcscd_exited(pid: u32) -> bool {
    let mut status = 0;
    let reaped = unsafe { libc::waitpid(pid as i32, &mut status, libc::WNOHANG) };
    reaped == pid as i32 || !Path::new(&format!("/proc/{pid}")).exists()
}

fn pcscd_answers() -> bool {
    Context::establish(Scope::User).is_ok()
}

fn start_pcscd() -> Option<u32> {
    if pcscd_answers() {
        return None;
    }
    let pcscd = ["/usr/sbin/pcscd", "/usr/bin/pcscd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!(
                "pcscd is not installed, so the end-to-end card tests cannot run. \
                 Run `scripts/test.sh` (it installs pcscd and vsmartcard-vpcd), or \
                 `apt-get install pcscd vsmartcard-vpcd`."
            )
        });
    assert!(
        Path::new("/usr/lib/pcsc/drivers/serial/libifdvpcd.so").exists()
            || Path::new("/etc/reader.conf.d/vpcd").exists(),
        "the vpcd reader driver is missing: `apt-get install vsmartcard-vpcd` (before pcscd starts)"
    );
    // A stale socket from a killed pcscd makes a new one refuse to start.
    let _ = std::fs::remove_file(SOCKET);
    let child = Command::new(pcscd)
        .args(["--foreground", "--apdu"])
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            std::fs::File::create(std::env::temp_dir().join("sithsctl-test-pcscd.log"))
                .expect("create pcscd log"),
        ))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start pcscd ({e}); the end-to-end tests need it"));
    let pid = child.id();
    std::mem::forget(child);
    ATEXIT.call_once(|| unsafe {
        libc::atexit(stop_our_pcscd);
    });
    let deadline = Instant::now() + APPEAR;
    while !pcscd_answers() {
        assert!(
            Instant::now() < deadline,
            "pcscd did not come up within {APPEAR:?}; see {}",
            std::env::temp_dir()
                .join("sithsctl-test-pcscd.log")
                .display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(pid)
}

/// Makes sure a pcscd answers, starting one when none does (the first
/// time, or because the pcscd another process started has gone since).
fn ensure_pcscd() {
    let mut ours = OUR_PCSCD.lock().unwrap_or_else(|p| p.into_inner());
    if pcscd_answers() {
        return;
    }
    // A pcscd of ours that stopped answering is stopped, not leaked.
    if let Some(pid) = ours.take() {
        if !our_pcscd_exited(pid) {
            stop_pcscd(pid);
        }
    }
    *ours = start_pcscd();
}

/// For the harness's own test: stops the pcscd this process started, as
/// if another test process that had started it exited. False when the
/// pcscd that runs is not ours (then it is left alone).
pub fn stop_our_pcscd_now(_stack: &Stack) -> bool {
    let mut ours = OUR_PCSCD.lock().unwrap_or_else(|p| p.into_inner());
    match ours.take() {
        Some(pid) => {
            stop_pcscd(pid);
            true
        }
        None => false,
    }
}

/// Whether pcscd answers right now.
pub fn pcscd_is_up() -> bool {
    pcscd_answers()
}

/// Takes the stack for one test: pcscd up, both virtual readers present
/// and empty.
pub fn stack() -> Stack {
    let guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let file = machine_lock();
    ensure_pcscd();
    wait_for(READER_0, false);
    wait_for(READER_1, false);
    Stack {
        _guard: guard,
        _file: file,
    }
}

/// Brings pcscd back (started anew if it stopped) with both virtual
/// readers empty, keeping `stack`: no other test gets in between, as it
/// could when the stack is dropped and taken again.
pub fn restack(_stack: &Stack) {
    ensure_pcscd();
    wait_for(READER_0, false);
    wait_for(READER_1, false);
}

/// Waits until `reader` exists and holds a card (`card`) or is empty.
pub fn wait_for(reader: &str, card: bool) {
    let ctx = Context::establish(Scope::User).expect("pcscd answers");
    let deadline = Instant::now() + APPEAR;
    let name = std::ffi::CString::new(reader).unwrap();
    let mut states = [pcsc::ReaderState::new(name, State::UNAWARE)];
    loop {
        let listed = ctx
            .list_readers_owned()
            .map(|rs| rs.iter().any(|r| r.to_str() == Ok(reader)))
            .unwrap_or(false);
        if listed
            && ctx
                .get_status_change(Duration::from_millis(0), &mut states)
                .is_ok()
        {
            let s = states[0].event_state();
            let present = s.contains(State::PRESENT) && !s.contains(State::MUTE);
            if present == card && !s.contains(State::UNKNOWN) {
                return;
            }
            states[0].sync_current_state();
            // Sleeps inside pcscd until the state changes (or 200 ms).
            let _ = ctx.get_status_change(Duration::from_millis(200), &mut states);
        } else {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            Instant::now() < deadline,
            "reader {reader} did not become {} within {APPEAR:?}",
            if card { "occupied" } else { "empty" }
        );
    }
}

/// How the virtual card should misbehave.
#[derive(Default, Clone)]
pub struct CardOptions {
    pub delay_ms: u64,
    pub pull_after: Option<usize>,
}

/// A virtual card in a vpcd reader; pulled out when dropped.
pub struct VirtualCard {
    child: Option<Child>,
    pub log: PathBuf,
    pub reader: &'static str,
    _dir: tempfile::TempDir,
}

impl VirtualCard {
    /// Inserts the card image `image` into slot 0 or 1 and waits until
    /// pcscd sees it.
    pub fn insert(_stack: &Stack, image: &Path, slot: u16, options: CardOptions) -> VirtualCard {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("card.log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sithsctl"));
        cmd.arg("virtual-card")
            .arg("--image")
            .arg(image)
            .args(["--slot", &slot.to_string(), "--log"])
            .arg(&log)
            .args(["--delay-ms", &options.delay_ms.to_string()]);
        if let Some(n) = options.pull_after {
            cmd.args(["--pull-after", &n.to_string()]);
        }
        let child = cmd
            .stdout(Stdio::null())
            .spawn()
            .expect("start the virtual card");
        let reader = if slot == 0 { READER_0 } else { READER_1 };
        let card = VirtualCard {
            child: Some(child),
            log,
            reader,
            _dir: dir,
        };
        wait_for(reader, true);
        card
    }

    /// Every event the card saw, as JSON values.
    pub fn events(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("card log lines are JSON"))
            .collect()
    }

    /// The command APDUs the card received, in hex.
    pub fn commands(&self) -> Vec<String> {
        self.events()
            .iter()
            .filter(|e| e["event"] == "apdu" || e["event"] == "pulled")
            .map(|e| e["command"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Pulls the card out and waits until the reader is empty.
    pub fn remove(mut self) {
        self.pull();
    }

    fn pull(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            wait_for(self.reader, false);
        }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.pull();
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `sithsctl` with `args` and English messages.
pub fn sithsctl(args: &[&str]) -> Run {
    sithsctl_in(args, None)
}

pub fn sithsctl_in(args: &[&str], dir: Option<&Path>) -> Run {
    sithsctl_env(args, dir, &[])
}

/// Runs `sithsctl` with `args`, in `dir`, with extra environment variables.
pub fn sithsctl_env(args: &[&str], dir: Option<&Path>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sithsctl"));
    cmd.args(args)
        .env("SITHSCTL_CONFIG", test_pki_config())
        .envs(env.iter().copied())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("SITHSCTL_READER");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("run sithsctl");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The configuration every run gets unless a test sets its own: it trusts
/// the made-up test PKI the test cards are issued from (see the file).
pub fn test_pki_config() -> PathBuf {
    data("test-pki.toml")
}

/// A configuration file in `dir` that trusts the test PKI as
/// [`test_pki_config`] does, with `extra` lines after it.
pub fn test_pki_config_with(dir: &Path, extra: &str) -> PathBuf {
    let base = std::fs::read_to_string(test_pki_config()).unwrap();
    let pki = data("pki");
    let text = base.replace("\"pki/", &format!("\"{}/", pki.display()));
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    path
}

/// The repository's test data folder.
pub fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// `sithsctl` running in the background, its output going to files (no
/// pipe to fill up while the test does other things); killed if dropped
/// while still running.
pub struct Background {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts `sithsctl` with `args`, extra environment variables and English
/// messages, in the background.
pub fn sithsctl_background(args: &[&str], env: &[(&str, &str)]) -> Background {
    let dir = tempfile::tempdir().unwrap();
    let stdout = dir.path().join("stdout");
    let stderr = dir.path().join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_sithsctl"))
        .args(args)
        .env("SITHSCTL_CONFIG", test_pki_config())
        .envs(env.iter().copied())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("SITHSCTL_READER")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("start sithsctl");
    Background {
        child,
        stdout,
        stderr,
        _dir: dir,
    }
}

impl Background {
    /// The process id, to send it a signal.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// What it wrote on standard error so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits up to `limit` for it to end: its run, or `None` (it is then
    /// killed when dropped).
    pub fn wait(&mut self, limit: Duration) -> Option<Run> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(Run {
                    code: status.code().unwrap_or(-1),
                    stdout: std::fs::read_to_string(&self.stdout).unwrap_or_default(),
                    stderr: self.stderr(),
                });
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if self.running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
