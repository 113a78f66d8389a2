//! A virtual card for the vpcd reader driver (vsmartcard): the simulator
//! behind a real pcscd, so tests and trainers drive exactly the code path
//! a real reader uses.
//!
//! vpcd listens on TCP (port 35963 for reader `Virtual PCD 00 00`, 35964
//! for `00 01`); the card is the client. Connecting inserts the card,
//! closing removes it. Each message is a two-byte big-endian length and a
//! payload: one byte is a control message (`00` power off, `01` power on,
//! `02` reset, `04` ATR request), anything longer is a command APDU.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::sim::SimCard;

/// vpcd's first port; reader slot N listens on this + N.
pub const VPCD_BASE_PORT: u16 = 35963;

/// How the virtual card behaves beyond its image.
#[derive(Clone, Debug)]
pub struct VirtualCardOptions {
    pub host: String,
    pub port: u16,
    /// Wait this long before each answer (a slow card).
    pub delay: Duration,
    /// Pull the card out (close the connection) on receiving this many
    /// command APDUs, before answering the last one.
    pub pull_after: Option<usize>,
    /// Append one JSON line per event here, flushed at once.
    pub log: Option<PathBuf>,
    /// How long to keep trying to reach vpcd.
    pub connect_timeout: Duration,
}

impl Default for VirtualCardOptions {
    fn default() -> Self {
        VirtualCardOptions {
            host: "127.0.0.1".into(),
            port: VPCD_BASE_PORT,
            delay: Duration::ZERO,
            pull_after: None,
            log: None,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// One thing that happened to the card, as logged.
#[derive(Serialize)]
struct Event<'a> {
    t_ms: u64,
    event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<String>,
    /// For `verify` events: what the card made of a VERIFY.
    #[serde(flatten)]
    verify: Option<VerifyEvent>,
}

/// A VERIFY as the log tells it, beside the `apdu` line of the command.
#[derive(Serialize)]
struct VerifyEvent {
    /// The PIN reference (P2), hex.
    reference: String,
    /// `query` (no data: the status query) or `pin` (a PIN in the data).
    form: &'static str,
    /// Whether the card counted it as a wrong PIN.
    counted: bool,
    /// The PIN's tries left afterwards; absent when the card has no such PIN.
    #[serde(skip_serializing_if = "Option::is_none")]
    tries_left: Option<u8>,
}

/// Why the virtual card stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// vpcd closed the connection (pcscd stopped).
    ReaderClosed,
    /// We pulled the card out as asked.
    Pulled,
}

/// Serves `card` to vpcd until the connection ends or the card is pulled.
pub fn serve(mut card: SimCard, options: &VirtualCardOptions) -> std::io::Result<Ended> {
    let mut log = match &options.log {
        Some(path) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?,
        ),
        None => None,
    };
    let started = Instant::now();
    let mut write = |event: Event| -> std::io::Result<()> {
        if let Some(file) = log.as_mut() {
            let line = serde_json::to_string(&event).map_err(std::io::Error::other)?;
            file.write_all(format!("{line}\n").as_bytes())?;
            file.flush()?;
        }
        Ok(())
    };
    let at = move || started.elapsed().as_millis() as u64;
    let mut record = |event: &str,
                      command: Option<&[u8]>,
                      response: Option<&[u8]>,
                      verify: Option<VerifyEvent>|
     -> std::io::Result<()> {
        write(Event {
            t_ms: at(),
            event,
            command: command.map(hex::encode_upper),
            response: response.map(hex::encode_upper),
            verify,
        })
    };

    let mut stream = connect(options)?;
    stream.set_nodelay(true)?;
    record("inserted", None, None, None)?;
    let mut apdus = 0usize;
    loop {
        quickack(&stream);
        let mut len = [0u8; 2];
        if stream.read_exact(&mut len).is_err() {
            record("reader_closed", None, None, None)?;
            return Ok(Ended::ReaderClosed);
        }
        let mut payload = vec![0u8; u16::from_be_bytes(len) as usize];
        if stream.read_exact(&mut payload).is_err() {
            record("reader_closed", None, None, None)?;
            return Ok(Ended::ReaderClosed);
        }
        let answer = match payload.as_slice() {
            [0x00] => {
                record("power_off", None, None, None)?;
                None
            }
            [0x01] => {
                card.reset();
                record("power_on", None, None, None)?;
                None
            }
            [0x02] => {
                card.reset();
                record("reset", None, None, None)?;
                None
            }
            // pcscd asks for the ATR every few hundred milliseconds to see
            // whether the card is still there: not worth a log line.
            [0x04] => Some(card.atr().to_vec()),
            [other] => {
                record("unknown_control", Some(&[*other]), None, None)?;
                None
            }
            apdu => {
                apdus += 1;
                if options.pull_after.is_some_and(|n| apdus >= n) {
                    record("pulled", Some(apdu), None, None)?;
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    return Ok(Ended::Pulled);
                }
                if !options.delay.is_zero() {
                    std::thread::sleep(options.delay);
                }
                let seen = card.verifies().len();
                let response = card.process(apdu);
                record("apdu", Some(apdu), Some(&response), None)?;
                if let Some(v) = card.verifies().get(seen) {
                    let verify = VerifyEvent {
                        reference: format!("{:02X}", v.reference),
                        form: if v.data_len == 0 { "query" } else { "pin" },
                        counted: v.counted,
                        tries_left: v.tries_left,
                    };
                    record("verify", Some(apdu), Some(&response), Some(verify))?;
                }
                Some(response)
            }
        };
        if let Some(bytes) = answer {
            let mut message = (bytes.len() as u16).to_be_bytes().to_vec();
            message.extend_from_slice(&bytes);
            stream.write_all(&message)?;
        }
    }
}

fn connect(options: &VirtualCardOptions) -> std::io::Result<TcpStream> {
    let deadline = Instant::now() + options.connect_timeout;
    loop {
        match TcpStream::connect((options.host.as_str(), options.port)) {
            Ok(s) => return Ok(s),
            Err(e) if Instant::now() >= deadline => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot reach vpcd at {}:{} ({e}); is pcscd running with vsmartcard-vpcd installed?",
                        options.host, options.port
                    ),
                ))
            }
            // vpcd appears when pcscd loads its driver: poll, briefly.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Without TCP_QUICKACK every APDU stalls about 40 ms on Linux (Nagle on
/// vpcd's side against our delayed ACK). Elsewhere there is no such knob.
fn quickack(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        let _ = socket2::SockRef::from(stream).set_quickack(true);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}
