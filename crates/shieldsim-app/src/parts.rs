//! Parts of a study: the results of a range of its independent units of work (footprint grid rows, sweep points,
//! Monte Carlo evaluations), computed anywhere (another thread, process or machine) and merged by the study's
//! `finish` into the result the study gives on one machine, bit for bit.
//!
//! A part travels as bytes: CBOR (RFC 8949, through `ciborium`, which writes every `f64` with its exact bits, `NaN`
//! included) of an envelope that names the shieldsim version, the job and a fingerprint of the study, so that a part
//! of another study or of another shieldsim version is refused by name instead of merged.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// What every part's bytes begin with (inside the CBOR envelope).
const MAGIC: &str = "shieldsim study part";

/// A part of the study `job` (`footprint`, `sweep`, `monte-carlo`) whose fingerprint is `key`, holding `payload`.
#[derive(Debug, Clone, PartialEq)]
pub struct Part<T> {
    job: String,
    key: u64,
    /// The results.
    pub payload: T,
}

/// The envelope as serialised: the payload is CBOR of its own, decoded only once the envelope has been checked.
#[derive(Serialize, Deserialize)]
struct Envelope {
    magic: String,
    version: String,
    job: String,
    key: u64,
    payload: Vec<u8>,
}

fn cbor<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes)
        .map_err(|e| Error::internal(format!("cannot encode a study part: {e}")))?;
    Ok(bytes)
}

impl<T: Serialize + DeserializeOwned> Part<T> {
    /// A part of `job` with fingerprint `key`.
    pub(crate) fn new(job: &str, key: u64, payload: T) -> Self {
        Self {
            job: job.to_string(),
            key,
            payload,
        }
    }

    /// The part as bytes (to send to another process or machine, or to store).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        cbor(&Envelope {
            magic: MAGIC.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            job: self.job.clone(),
            key: self.key,
            payload: cbor(&self.payload)?,
        })
    }

    /// A part from [`Part::to_bytes`]'s bytes. Refuses bytes that are not a part, or a part made by another
    /// shieldsim version (the results could differ). Whether it belongs to the study is checked when merged.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let not_a_part = |why: String| {
            Error::input(format!(
                "parts: {} bytes are not a shieldsim study part ({why}); pass the bytes a study's part function \
                 returned, unchanged",
                bytes.len()
            ))
        };
        let e: Envelope = ciborium::from_reader(bytes).map_err(|e| not_a_part(e.to_string()))?;
        if e.magic != MAGIC {
            return Err(not_a_part(format!("they begin with `{}`", e.magic)));
        }
        if e.version != env!("CARGO_PKG_VERSION") {
            return Err(Error::input(format!(
                "parts: a {} part made by shieldsim {}, merged by shieldsim {}: install the same version on the \
                 workers and the client",
                e.job,
                e.version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        let payload = ciborium::from_reader(e.payload.as_slice())
            .map_err(|err| not_a_part(format!("a {} part that cannot be read: {err}", e.job)))?;
        Ok(Self {
            job: e.job,
            key: e.key,
            payload,
        })
    }

    /// The payload, if the part belongs to the study `job` with fingerprint `key`.
    pub(crate) fn into_payload(self, job: &str, key: u64) -> Result<T, Error> {
        if self.job != job {
            return Err(Error::input(format!(
                "parts: a {} part given to merge a {job} study",
                self.job
            )));
        }
        if self.key != key {
            return Err(Error::input(format!(
                "parts: a part of another {job} study (other scenario or options) given to merge this one: \
                 compute every part with the same arguments as the merge"
            )));
        }
        Ok(self.payload)
    }
}

/// A fingerprint of a study's description: 64-bit FNV-1a of its text (the same in every process and on every
/// platform, unlike the standard library's hasher).
pub(crate) fn fingerprint(description: &str) -> u64 {
    description.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The units `range` of a study whose consecutive blocks of units have the given `sizes`, cut at the blocks: for
/// each block that `range` meets, its index and the range of its own units. A range beyond the total is refused.
pub(crate) fn split_range(
    sizes: &[usize],
    range: std::ops::Range<usize>,
    unit: &str,
) -> Result<Vec<(usize, std::ops::Range<usize>)>, Error> {
    let total: usize = sizes.iter().sum();
    if range.start > range.end || range.end > total {
        return Err(Error::input(format!(
            "{unit} {}..{}: not within the study's {total} {unit} (0..{total})",
            range.start, range.end
        )));
    }
    let mut out = Vec::new();
    let mut base = 0;
    for (k, &n) in sizes.iter().enumerate() {
        let (lo, hi) = (range.start.max(base), range.end.min(base + n));
        if lo < hi {
            out.push((k, lo - base..hi - base));
        }
        base += n;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_exactly_and_refuse_other_studies() {
        let values = vec![f64::NAN, -0.0, 1.0 / 3.0, f64::MIN_POSITIVE / 2.0, 6.02e23];
        let part = Part::new("footprint", 7, values.clone());
        let back: Part<Vec<f64>> = Part::from_bytes(&part.to_bytes().unwrap()).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back.payload), bits(&values));
        assert!(back.clone().into_payload("footprint", 7).is_ok());
        let e = back.clone().into_payload("sweep", 7).unwrap_err();
        assert!(
            e.message
                .contains("a footprint part given to merge a sweep study"),
            "{}",
            e.message
        );
        let e = back.into_payload("footprint", 8).unwrap_err();
        assert!(
            e.message.contains("another footprint study"),
            "{}",
            e.message
        );
        let e = Part::<Vec<f64>>::from_bytes(b"not a part").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.message
                .contains("10 bytes are not a shieldsim study part"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_version_mismatch_is_named() {
        let bytes = cbor(&Envelope {
            magic: MAGIC.into(),
            version: "0.0.1-other".into(),
            job: "sweep".into(),
            key: 1,
            payload: cbor(&1u8).unwrap(),
        })
        .unwrap();
        let e = Part::<u8>::from_bytes(&bytes).unwrap_err();
        assert!(
            e.message
                .contains("a sweep part made by shieldsim 0.0.1-other"),
            "{}",
            e.message
        );
    }

    #[test]
    fn fingerprints_are_fnv_1a() {
        // The published FNV-1a 64 test vectors (draft-eastlake-fnv): "" and "a".
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn ranges_split_at_blocks() {
        assert_eq!(
            split_range(&[3, 0, 4], 2..5, "points").unwrap(),
            vec![(0, 2..3), (2, 0..2)]
        );
        assert_eq!(split_range(&[3, 4], 0..0, "points").unwrap(), vec![]);
        let e = split_range(&[3, 4], 5..8, "points").unwrap_err();
        assert!(
            e.message
                .contains("points 5..8: not within the study's 7 points"),
            "{}",
            e.message
        );
    }
}
