//! A card's image without some of its certificates (for `dump`, which
//! leaves the personnummer certificates out by default): the image reads
//! as the card would without them. In the PKCS#15 layout their entries
//! are taken out of the certificate directories and their files dropped
//! (or, in a file shared with other certificates, their bytes blanked);
//! in the IDPrime layout their files are dropped and taken out of the
//! index. No byte of a certificate left out stays in the image.

use crate::reading::card::image::{CardImage, FileData};
use crate::reading::card_read::CardRead;
use crate::reading::layout::idprime::{ENTRY_LEN, INDEX_FID};
use crate::reading::layout::tlv;
use crate::reading::read::image_of_read;

/// A path, and within a shared file the index and length.
type Location = (Vec<u8>, Option<(usize, usize)>);

/// Where a PKCS#15 certificate sits (as `CardCertificate::path` describes it).
fn location(described: &str) -> Option<Location> {
    let (hex_part, rest) = match described.split_once('[') {
        Some((h, r)) => (h, Some(r.trim_end_matches(']'))),
        None => (described, None),
    };
    let path = hex::decode(hex_part.trim()).ok()?;
    let within = rest.and_then(|r| {
        let (i, l) = r.split_once('+')?;
        Some((i.trim().parse().ok()?, l.trim().parse().ok()?))
    });
    Some((path, within))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A directory entry names `path` (an OCTET STRING of its bytes, or of
/// its last two, relative to the application) and, in a shared file,
/// the index.
fn names(entry: &[u8], path: &[u8], within: Option<(usize, usize)>) -> bool {
    let as_octets = |p: &[u8]| [&[0x04, p.len() as u8][..], p].concat();
    let tail = &path[path.len().saturating_sub(2)..];
    let named = contains(entry, &as_octets(path)) || contains(entry, &as_octets(tail));
    match within {
        None => named,
        Some((index, _)) => {
            named && contains(entry, &tlv::encode(0x02, &tlv::integer_bytes(index as u32)))
        }
    }
}

/// The entries of a directory file (top-level TLVs up to any padding),
/// without those `drop` says; `None` when nothing was dropped.
fn without_entries(bytes: &[u8], drop: &dyn Fn(&[u8]) -> bool) -> Option<Vec<u8>> {
    let mut rest = bytes;
    let mut kept = Vec::with_capacity(bytes.len());
    let mut dropped = false;
    while let Some(&first) = rest.first() {
        if first == 0x00 || first == 0xFF {
            break;
        }
        let Ok((t, after)) = tlv::parse_one(rest) else {
            break;
        };
        if drop(t.raw) {
            dropped = true;
        } else {
            kept.extend_from_slice(t.raw);
        }
        rest = after;
    }
    kept.extend_from_slice(rest);
    dropped.then_some(kept)
}

/// Overwrites every occurrence of `der` in `bytes` with zeros.
fn blank(bytes: &mut [u8], der: &[u8]) {
    if der.is_empty() || bytes.len() < der.len() {
        return;
    }
    let mut i = 0;
    while i + der.len() <= bytes.len() {
        if bytes[i..i + der.len()] == *der {
            bytes[i..i + der.len()].fill(0);
            i += der.len();
        } else {
            i += 1;
        }
    }
}

/// The image of `read` without the certificates whose index in
/// `read.card.certificates` `leave_out` holds.
pub fn image_without(read: &CardRead, description: &str, leave_out: &[usize]) -> CardImage {
    let mut read = read.clone();
    let gone: Vec<(String, Vec<u8>)> = leave_out
        .iter()
        .filter_map(|&i| read.card.certificates.get(i))
        .map(|c| (c.path.clone(), c.der.clone()))
        .collect();
    for (described, der) in &gone {
        // PKCS#15: the directory entries, then the file (or its bytes).
        if let Some((path, within)) = location(described) {
            let drop = |entry: &[u8]| names(entry, &path, within) || contains(entry, der);
            let tail = &path[path.len().saturating_sub(2)..];
            for (file, data) in read.card.files.iter_mut() {
                // The certificate's own file is no directory (in a shared
                // file, its neighbours must keep their places).
                if file.as_slice() == path.as_slice() || file.as_slice() == tail {
                    continue;
                }
                match data {
                    FileData::Transparent(bytes) => {
                        if let Some(kept) = without_entries(bytes, &drop) {
                            *bytes = kept;
                        }
                    }
                    FileData::Records(records) => records.retain(|r| !drop(r)),
                }
            }
            read.card.files.retain(|(p, _)| {
                within.is_some() || !(p.as_slice() == path.as_slice() || p.as_slice() == tail)
            });
        }
        for (_, data) in read.card.files.iter_mut() {
            match data {
                FileData::Transparent(bytes) => blank(bytes, der),
                FileData::Records(records) => records.iter_mut().for_each(|r| blank(r, der)),
            }
        }
        // IDPrime: the file named in its path there (a card with both
        // layouts lists the certificate once, by its PKCS#15 path), and
        // its index entry.
        if let Some(idp) = read.idprime.as_mut() {
            let described = idp
                .certificates
                .iter()
                .find(|c| c.der == *der)
                .map(|c| c.path.clone())
                .unwrap_or_else(|| described.clone());
            idp.certificates.retain(|c| c.der != *der);
            let fid = described
                .split_once('(')
                .and_then(|(_, r)| r.split_once(')'))
                .and_then(|(f, _)| hex::decode(f.trim()).ok())
                .filter(|f| f.len() == 2);
            if let (Some(fid), true) = (fid, described.starts_with("mscp/")) {
                idp.files.retain(|(f, _)| f.as_slice() != fid.as_slice());
                for (f, data) in idp.files.iter_mut() {
                    if *f != INDEX_FID || data.is_empty() {
                        continue;
                    }
                    let count = data[0] as usize;
                    let mut entries: Vec<Vec<u8>> = data[1..]
                        .chunks(ENTRY_LEN)
                        .take(count)
                        .map(<[u8]>::to_vec)
                        .collect();
                    let before = entries.len();
                    entries.retain(|e| !e.starts_with(&fid));
                    if entries.len() != before {
                        let mut new = vec![entries.len() as u8];
                        new.extend(entries.concat());
                        *data = new;
                    }
                }
            }
        }
    }
    read.card.certificates = read
        .card
        .certificates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !leave_out.contains(i))
        .map(|(_, c)| c)
        .collect();
    image_of_read(&read, description)
}
