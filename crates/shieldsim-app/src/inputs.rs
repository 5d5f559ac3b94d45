//! Flags turned into engine values: the Earth model, positions, trajectory shapes; each refused with a message naming
//! the flag.

use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape as EarthShapeModel};
use shieldsim::flight::targeting::ShapeSpec;
use shieldsim::flight::Shape;

use crate::error::{bad, Error};
use crate::output::ModelOut;
use crate::requests::{EarthOptions, EarthShape, Gravity, ShapeArg, ShapeOptions};

/// The Earth model of the options.
pub fn earth_model(a: &EarthOptions) -> EarthModel {
    EarthModel::new(
        match a.earth {
            EarthShape::Wgs84 => EarthShapeModel::Wgs84,
            EarthShape::Sphere => EarthShapeModel::Sphere,
        },
        a.rotation.on(),
        match a.gravity {
            Gravity::J2 => GravityModel::J2,
            Gravity::PointMass => GravityModel::PointMass,
        },
    )
}

/// The model as echoed in results.
pub fn model_out(a: &EarthOptions, drag: bool) -> ModelOut {
    ModelOut {
        earth: match a.earth {
            EarthShape::Wgs84 => "wgs84",
            EarthShape::Sphere => "sphere",
        },
        rotation: a.rotation.on(),
        gravity: match a.gravity {
            Gravity::J2 => "j2",
            Gravity::PointMass => "point-mass",
        },
        drag,
    }
}

/// The model in words (e.g. "WGS 84, rotating, J2 gravity, drag on").
pub fn describe_model(m: &ModelOut) -> String {
    format!(
        "{}, rotation {}, gravity {}, drag {}",
        m.earth,
        if m.rotation { "on" } else { "off" },
        m.gravity,
        if m.drag { "on" } else { "off" }
    )
}

/// Parses `LAT,LON` (degrees) for the flag `field`.
pub fn parse_lat_lon(field: &str, text: &str) -> Result<Geodetic, Error> {
    let expected =
        "expected LAT,LON in degrees, latitude in [-90, 90] and longitude in [-180, 180], e.g. 35.23,53.92";
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 2 {
        return Err(bad(field, text, expected));
    }
    let lat: f64 = parts[0].parse().map_err(|_| bad(field, text, expected))?;
    let lon: f64 = parts[1].parse().map_err(|_| bad(field, text, expected))?;
    if !lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(bad(field, text, expected));
    }
    Ok(Geodetic::from_degrees(lat, lon, 0.0))
}

/// Highest apogee `--apogee-km` accepts, km: well above any ballistic missile's (lofted North Korean tests reached
/// about 4,500 km), below which every value is a physically possible ballistic trajectory.
pub const MAX_APOGEE_KM: f64 = 20_000.0;

/// The trajectory shape from the `--shape`, `--apogee-km` and `--burnout-flight-path-deg` flags, and its name.
pub fn trajectory_shape(a: &ShapeOptions) -> Result<(Shape, &'static str), Error> {
    if let Some(h) = a.apogee_km {
        if !(h.is_finite() && h > 0.0 && h <= MAX_APOGEE_KM) {
            return Err(bad(
                "--apogee-km",
                &crate::output::value_text(h),
                &format!(
                    "an apogee above 0 and at most {MAX_APOGEE_KM:.0} km (the most lofted missile tests reached about \
                     4,500 km), e.g. --apogee-km 1200"
                ),
            ));
        }
    }
    if let Some(g) = a.burnout_flight_path_deg {
        if !(g.is_finite() && g > 0.0 && g < 90.0) {
            return Err(bad(
                "--burnout-flight-path-deg",
                &crate::output::value_text(g),
                "a burn-out flight-path angle above 0 and below 90 degrees, e.g. --burnout-flight-path-deg 30",
            ));
        }
    }
    let spec = match (a.apogee_km, a.burnout_flight_path_deg) {
        (Some(h), _) => Some(ShapeSpec::ApogeeM(h * 1000.0)),
        (None, Some(g)) => Some(ShapeSpec::BurnoutFlightPathRad(g.to_radians())),
        (None, None) => None,
    };
    Ok(match a.shape {
        ShapeArg::MinEnergy => {
            if spec.is_some() {
                return Err(bad(
                    "--shape",
                    "min-energy",
                    "--apogee-km and --burnout-flight-path-deg fix a lofted or depressed trajectory: add --shape lofted or --shape depressed",
                ));
            }
            (Shape::MinEnergy, "min-energy")
        }
        ShapeArg::Lofted => (Shape::Lofted(spec), "lofted"),
        ShapeArg::Depressed => (Shape::Depressed(spec), "depressed"),
    })
}
