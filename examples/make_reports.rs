//! Writes realistic sithsctl `check` reports (schema 1.1.0/1.2.0) for the
//! fleet benchmark, without sithsctl: varied card numbers, HSA-IDs,
//! organisations, issuers, dates and verdicts.
//!
//! `cargo run --release --example make_reports -- N jsonl FILE`
//! `cargo run --release --example make_reports -- N dir FOLDER`

use std::io::Write;

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ORGS: &[(&str, &str)] = &[
    ("2321000057", "Region Jönköpings län"),
    ("2321000016", "Region Stockholm"),
    ("2321000131", "Västra Götalandsregionen"),
    ("2321000024", "Region Uppsala"),
    ("2120001124", "Göteborgs Stad"),
    ("2321000065", "Region Kronoberg"),
];
const ISSUERS: &[&str] = &[
    "SITHS e-id Person HSA-id 3 CA v1",
    "SITHS e-id Person HSA-id 2 CA v1",
    "SITHS Type 3 CA v1",
];
const FINDINGS_FAIL: &[&str] = &["certificate_expired", "org_identification_missing"];
const FINDINGS_WARN: &[&str] = &["certificate_expiring", "card_expiring"];

fn luhn_card_number(serial: u64) -> String {
    let body = format!("975224{serial:012}");
    let mut sum = 0;
    for (i, c) in body.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn day(days_from_2026: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let d = base + chrono::Duration::days(days_from_2026);
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

fn report(rng: &mut Rng, i: u64) -> String {
    let card_number = luhn_card_number(i + 1);
    let (org_number, org_name) = ORGS[rng.below(ORGS.len() as u64) as usize];
    let hsa_id = format!("SE{org_number}-{:05X}", rng.below(0xFFFFF));
    let issuer = ISSUERS[rng.below(ISSUERS.len() as u64) as usize];
    let start = rng.below(1900) as i64 - 1800;
    let end = start + 5 * 365;
    let host = format!("ws-{:04}", rng.below(3000));
    let generated = day(300 + rng.below(30) as i64).replace("00:00:00", "08:15:00");
    let roll = rng.below(100);
    let (verdict, passed, findings) = match roll {
        0..=79 => ("pass", true, String::new()),
        80..=91 => {
            let code = FINDINGS_WARN[rng.below(2) as usize];
            (
                "warn",
                true,
                format!(
                    r#"{{"code":"{code}","severity":"warn","message":"A certificate ends soon.","hint":"Order a new card in time.","certificate_sha256":null,"card_number":null}}"#
                ),
            )
        }
        _ => {
            let code = FINDINGS_FAIL[rng.below(2) as usize];
            (
                "fail",
                false,
                format!(
                    r#"{{"code":"{code}","severity":"fail","message":"The card does not meet the policy.","hint":"Contact the ID administrator.","certificate_sha256":null,"card_number":null}}"#
                ),
            )
        }
    };
    let mut certs = Vec::new();
    let pairs = 1 + rng.below(2);
    for p in 0..pairs {
        for (role, label, ku) in [
            (
                "identification",
                "Legitimering",
                r#"["digitalSignature","keyEncipherment"]"#,
            ),
            ("signature", "Underskrift", r#"["nonRepudiation"]"#),
        ] {
            let sha = format!(
                "{:016x}{:016x}{:016x}{:016x}",
                rng.next(),
                rng.next(),
                rng.next(),
                rng.next()
            );
            let (s, e) = if p == 0 {
                (start, end)
            } else {
                (start - 1900, end - 1900)
            };
            certs.push(format!(
                r#"{{"label":"{label}","id":"45{p}{}","directory":"certificates","path":"3F0050154331","role":"{role}","status":"valid","sha256":"{sha}","serial":"{:x}","hsa_id":"{hsa_id}","personal_number":null,"card_number":"{card_number}","card_number_valid":true,"subject":{{"common_name":"Anna Andersson","organization":"{org_name}","organizational_unit":null,"locality":"Jönköping","country":"SE","surname":"Andersson","given_name":"Anna","title":null,"serial_number":"{hsa_id}"}},"issuer":{{"common_name":"{issuer}","organization":"Inera AB","class":"production","purpose":"person_hsa_id","assurance_level":3,"known":true}},"not_before":"{}","not_after":"{}","days_left":{},"key_usage":{ku},"extended_key_usage":["clientAuth"],"policies":["1.2.752.129.2.1.2.1"],"is_ca":false,"chain":{{"status":"verified","issuer":null}}}}"#,
                if role == "identification" { 1 } else { 2 },
                rng.next() >> 16,
                day(s),
                day(e),
                e - 320
            ));
        }
    }
    format!(
        r#"{{"schema_version":"1.1.0","document":"check","tool":{{"name":"sithsctl","version":"0.1.0"}},"host":"{host}","generated_at":"{generated}","card":{{"source":"pcsc","reader":"HID Global OMNIKEY 3x21 Smart Card Reader 00 00","atr":"3B7D96000080318065B0A31100C883009000","atr_name":"Gemalto/Thales card","format":"pkcs15","located":"aid","token":{{"serial":"{card_number}","manufacturer":"Gemalto","label":"SITHS eID"}},"apdus":25,"elapsed_ms":140}},"card_number":"{card_number}","card_numbers":[],"certificates":[{}],"unreadable_certificates":[],"issuers":[],"findings":[{findings}],"verdict":"{verdict}","policy":{{"org":{{"number":"{org_number}","name":"{org_name}"}},"hsa_id":null,"require_signature":false,"strict":false,"warn_days":30,"passed":{passed},"hsa_id_to_register":null,"identification_sha256":null,"signature_sha256":null}}}}"#,
        certs.join(",")
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, n, kind, out] = args.as_slice() else {
        return Err("usage: make_reports N jsonl|dir PATH".into());
    };
    let n: u64 = n.parse()?;
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    match kind.as_str() {
        "jsonl" => {
            let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
            for i in 0..n {
                writeln!(f, "{}", report(&mut rng, i))?;
            }
            f.flush()?;
        }
        "dir" => {
            for i in 0..n {
                let sub = std::path::Path::new(out).join(format!("{:03}", i % 100));
                if i < 100 {
                    std::fs::create_dir_all(&sub)?;
                }
                // Pretty, as `sithsctl check --json > FILE` writes them.
                let value: serde_json::Value = serde_json::from_str(&report(&mut rng, i))?;
                std::fs::write(
                    sub.join(format!("{i}.json")),
                    serde_json::to_string_pretty(&value)? + "\n",
                )?;
            }
        }
        _ => return Err("kind is jsonl or dir".into()),
    }
    Ok(())
}
