//! Embedded Natural Earth 1:110m coastlines, land polygons and country borders.
//!
//! The data (public domain) comes from the npm package `world-atlas` 2.0.2 and is converted once by
//! `data/convert.mjs` into `data/world110m.bin` (format documented there): polylines of (lon, lat) in hundredths of a
//! degree. See `data/README.md` for source and licence.

use std::sync::OnceLock;

static WORLD_BIN: &[u8] = include_bytes!("../data/world110m.bin");

/// What an embedded polyline represents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    /// A coastline (outline of land), open polyline.
    Coastline,
    /// A land border between two countries, open polyline.
    Border,
    /// The closed outer ring of a land polygon, for filling. Longitudes are continuous, so a ring crossing the
    /// antimeridian extends past ±180 (draw it shifted by ±360° too); Antarctica is closed along the South Pole.
    LandRing,
    /// A closed hole ring inside a land polygon (filled with the sea colour).
    LandHole,
}

/// One embedded polyline: its kind and its points as `[lon_deg, lat_deg]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// What the polyline represents.
    pub kind: OutlineKind,
    /// Points as `[lon_deg, lat_deg]`, rounded to 0.01°: lat in [-90, 90]; lon in [-180, 180] for coastlines and
    /// borders, in [-180, 360) for land rings (see [`OutlineKind::LandRing`]).
    pub points: Vec<[f64; 2]>,
}

/// The embedded world outlines, decoded once on first use.
pub fn world_outlines() -> &'static [Outline] {
    static WORLD: OnceLock<Vec<Outline>> = OnceLock::new();
    WORLD.get_or_init(|| decode(WORLD_BIN).unwrap_or_default())
}

fn decode(bytes: &[u8]) -> Option<Vec<Outline>> {
    let mut at = 0usize;
    let mut take = |n: usize| -> Option<&[u8]> {
        let s = bytes.get(at..at + n)?;
        at += n;
        Some(s)
    };
    if take(4)? != b"SSWM" || u16::from_le_bytes(take(2)?.try_into().ok()?) != 1 {
        return None;
    }
    let count = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let kind = match take(1)?[0] {
            0 => OutlineKind::Coastline,
            1 => OutlineKind::Border,
            2 => OutlineKind::LandRing,
            3 => OutlineKind::LandHole,
            _ => return None,
        };
        let n = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let raw = take(n.checked_mul(4)?)?;
        let points = raw
            .chunks_exact(4)
            .map(|c| {
                let lon = i16::from_le_bytes([c[0], c[1]]);
                let lat = i16::from_le_bytes([c[2], c[3]]);
                [f64::from(lon) / 100.0, f64::from(lat) / 100.0]
            })
            .collect();
        out.push(Outline { kind, points });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plausible_world() {
        let w = world_outlines();
        let count = |k| w.iter().filter(|o| o.kind == k).count();
        assert!(
            count(OutlineKind::Coastline) > 100,
            "coastlines: {}",
            count(OutlineKind::Coastline)
        );
        assert!(
            count(OutlineKind::Border) > 100,
            "borders: {}",
            count(OutlineKind::Border)
        );
        assert!(count(OutlineKind::LandRing) > 100);
        for o in w {
            assert!(o.points.len() >= 2);
            let lon_max = if matches!(o.kind, OutlineKind::Coastline | OutlineKind::Border) {
                180.0
            } else {
                360.0
            };
            for p in &o.points {
                assert!(
                    (-180.0..=lon_max).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]),
                    "{p:?}"
                );
            }
            // No outline jumps across the map.
            if matches!(o.kind, OutlineKind::Coastline | OutlineKind::Border) {
                assert!(o
                    .points
                    .windows(2)
                    .all(|s| (s[1][0] - s[0][0]).abs() < 180.0));
            }
        }
        // Africa: a coastline passes through the box around Cape Agulhas, and the coast of the Gulf of Guinea.
        let near = |lon: f64, lat: f64, r: f64| {
            w.iter()
                .filter(|o| o.kind == OutlineKind::Coastline)
                .any(|o| {
                    o.points
                        .iter()
                        .any(|p| (p[0] - lon).abs() < r && (p[1] - lat).abs() < r)
                })
        };
        assert!(near(20.0, -34.8, 1.0), "no coastline near Cape Agulhas");
        assert!(near(3.0, 6.4, 1.5), "no coastline near Lagos");
        assert!(
            !near(-30.0, 0.0, 5.0),
            "coastline in the middle of the Atlantic"
        );
    }

    #[test]
    fn rejects_corrupt_data() {
        assert!(decode(b"XXXX").is_none());
        assert!(decode(&WORLD_BIN[..WORLD_BIN.len() - 3]).is_none());
    }
}
