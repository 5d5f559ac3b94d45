//! KML documents (OGC KML 2.2, Google Earth) written through quick-xml's `Writer`: every name, description and
//! attribute is escaped by the writer, and characters that XML 1.0 cannot carry at all (the C0 controls other than
//! tab, line feed and carriage return, U+FFFE, U+FFFF) are replaced by U+FFFD, so that any scenario or site name gives
//! a well-formed file. A carriage return is written as `&#13;` so that a parser's line-end normalisation keeps it.
//!
//! Each placemark carries its attributes as `ExtendedData` (`<Data name="key"><value>text</value></Data>`), which
//! Google Earth shows in the balloon and QGIS/GDAL read as fields. Elements follow the order of the KML 2.2 schema
//! (`name`, `description`, `styleUrl`, `ExtendedData`, then the geometry). Coordinates are `lon,lat,alt` with the
//! longitude and latitude in degrees to 1e-6 (0.1 m) and the altitude in metres above the WGS 84 ellipsoid (for
//! `absolute`) to the metre. Reference: OGC 07-147r2, "OGC KML" version 2.2.0.

use std::borrow::Cow;
use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// The KML 2.2 namespace.
pub const KML_NAMESPACE: &str = "http://www.opengis.net/kml/2.2";

/// `text` with the characters XML 1.0 cannot hold replaced by U+FFFD (the C0 controls except tab, LF and CR, and the
/// non-characters U+FFFE and U+FFFF).
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    };
    if text.chars().any(bad) {
        Cow::Owned(
            text.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// A shape of a placemark.
#[derive(Debug, Clone, Copy)]
pub enum KmlGeometry<'a> {
    /// A point `[lon °, lat °, alt m]`; `absolute`: at its altitude above the ellipsoid, else clamped to the ground.
    Point {
        /// The position.
        position: [f64; 3],
        /// Whether the altitude is used.
        absolute: bool,
    },
    /// A line through `[lon °, lat °, alt m]` positions (at least two).
    LineString {
        /// The positions.
        positions: &'a [[f64; 3]],
        /// Whether the altitudes are used (else the line follows the ground).
        absolute: bool,
    },
    /// A polygon on the ground: the outer ring and the holes, `[lon °, lat °]`, closed (first = last).
    Polygon {
        /// The outer boundary.
        outer: &'a [[f64; 2]],
        /// The inner boundaries.
        holes: &'a [Vec<[f64; 2]>],
    },
}

/// A placemark: a named shape with its attributes.
#[derive(Debug, Clone)]
pub struct Placemark<'a> {
    /// The name shown in the places list.
    pub name: &'a str,
    /// A longer description shown in the balloon (plain text; escaped).
    pub description: Option<&'a str>,
    /// The id of a style of the document (without `#`).
    pub style: Option<&'a str>,
    /// The attributes as `(name, value)` pairs, written as `ExtendedData`.
    pub data: &'a [(&'a str, String)],
    /// The shape.
    pub geometry: KmlGeometry<'a>,
}

/// A KML document being written: styles first, then folders and placemarks; [`Kml::finish`] closes it.
pub struct Kml {
    w: Writer<Vec<u8>>,
    open_folders: usize,
}

fn text(s: &str) -> BytesText<'static> {
    let escaped = quick_xml::escape::escape(xml_chars(s).into_owned()).replace('\r', "&#13;");
    BytesText::from_escaped(escaped)
}

fn coordinates3(p: &[f64; 3]) -> String {
    format!("{:.6},{:.6},{:.0}", p[0], p[1], p[2])
}

fn coordinates2(p: &[f64; 2]) -> String {
    format!("{:.6},{:.6},0", p[0], p[1])
}

impl Kml {
    /// Starts a document named `name` with a `description`.
    pub fn new(name: &str, description: &str) -> io::Result<Self> {
        let mut w = Writer::new(Vec::new());
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.get_mut().push(b'\n');
        w.write_event(Event::Start(
            BytesStart::new("kml").with_attributes([("xmlns", KML_NAMESPACE)]),
        ))?;
        w.write_event(Event::Start(BytesStart::new("Document")))?;
        let mut k = Self { w, open_folders: 0 };
        k.element("name", name)?;
        k.element("description", description)?;
        k.newline();
        Ok(k)
    }

    fn newline(&mut self) {
        self.w.get_mut().push(b'\n');
    }

    fn element(&mut self, tag: &str, value: &str) -> io::Result<()> {
        self.w.create_element(tag).write_text_content(text(value))?;
        Ok(())
    }

    fn start(&mut self, tag: &str) -> io::Result<()> {
        self.w.write_event(Event::Start(BytesStart::new(tag)))
    }

    fn end(&mut self, tag: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(tag)))
    }

    /// A style `id` for lines (colour `aabbggrr` hex, width in pixels), areas (fill colour) and icons (colour, scale).
    pub fn style(
        &mut self,
        id: &str,
        line: Option<(&str, f64)>,
        fill: Option<&str>,
        icon: Option<(&str, f64)>,
    ) -> io::Result<()> {
        self.w.write_event(Event::Start(
            BytesStart::new("Style").with_attributes([("id", xml_chars(id).as_ref())]),
        ))?;
        if let Some((colour, scale)) = icon {
            self.start("IconStyle")?;
            self.element("color", colour)?;
            self.element("scale", &scale.to_string())?;
            self.end("IconStyle")?;
        }
        if let Some((colour, width)) = line {
            self.start("LineStyle")?;
            self.element("color", colour)?;
            self.element("width", &width.to_string())?;
            self.end("LineStyle")?;
        }
        if let Some(colour) = fill {
            self.start("PolyStyle")?;
            self.element("color", colour)?;
            self.end("PolyStyle")?;
        }
        self.end("Style")?;
        self.newline();
        Ok(())
    }

    /// Opens a folder (close it with [`Kml::close_folder`]).
    pub fn open_folder(&mut self, name: &str, description: Option<&str>) -> io::Result<()> {
        self.start("Folder")?;
        self.element("name", name)?;
        if let Some(d) = description {
            self.element("description", d)?;
        }
        self.newline();
        self.open_folders += 1;
        Ok(())
    }

    /// Closes the innermost open folder (nothing when none is open).
    pub fn close_folder(&mut self) -> io::Result<()> {
        if self.open_folders > 0 {
            self.end("Folder")?;
            self.newline();
            self.open_folders -= 1;
        }
        Ok(())
    }

    /// Writes a placemark.
    pub fn placemark(&mut self, p: &Placemark<'_>) -> io::Result<()> {
        self.start("Placemark")?;
        self.element("name", p.name)?;
        if let Some(d) = p.description {
            self.element("description", d)?;
        }
        if let Some(s) = p.style {
            self.element("styleUrl", &format!("#{s}"))?;
        }
        if !p.data.is_empty() {
            self.start("ExtendedData")?;
            for (name, value) in p.data {
                self.w
                    .create_element("Data")
                    .with_attribute(("name", xml_chars(name).as_ref()))
                    .write_inner_content(|w| {
                        w.create_element("value").write_text_content(text(value))?;
                        Ok(())
                    })?;
            }
            self.end("ExtendedData")?;
        }
        match p.geometry {
            KmlGeometry::Point { position, absolute } => {
                self.start("Point")?;
                if absolute {
                    self.element("altitudeMode", "absolute")?;
                }
                self.element("coordinates", &coordinates3(&position))?;
                self.end("Point")?;
            }
            KmlGeometry::LineString {
                positions,
                absolute,
            } => {
                self.start("LineString")?;
                if absolute {
                    self.element("altitudeMode", "absolute")?;
                } else {
                    self.element("tessellate", "1")?;
                }
                let c: Vec<String> = positions.iter().map(coordinates3).collect();
                self.element("coordinates", &c.join(" "))?;
                self.end("LineString")?;
            }
            KmlGeometry::Polygon { outer, holes } => {
                self.start("Polygon")?;
                self.element("tessellate", "1")?;
                self.element("altitudeMode", "clampToGround")?;
                let ring =
                    |r: &[[f64; 2]]| r.iter().map(coordinates2).collect::<Vec<_>>().join(" ");
                for (tag, r) in std::iter::once(("outerBoundaryIs", outer))
                    .chain(holes.iter().map(|h| ("innerBoundaryIs", h.as_slice())))
                {
                    self.start(tag)?;
                    self.start("LinearRing")?;
                    self.element("coordinates", &ring(r))?;
                    self.end("LinearRing")?;
                    self.end(tag)?;
                }
                self.end("Polygon")?;
            }
        }
        self.end("Placemark")?;
        self.newline();
        Ok(())
    }

    /// Closes the open folders and the document; the bytes of the file.
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        while self.open_folders > 0 {
            self.close_folder()?;
        }
        self.end("Document")?;
        self.end("kml")?;
        self.newline();
        Ok(self.w.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            xml_chars("a\u{0}b\u{1b}c\td\ne"),
            "a\u{FFFD}b\u{FFFD}c\td\ne"
        );
        assert!(matches!(xml_chars("plain"), Cow::Borrowed(_)));
        assert_eq!(xml_chars("\u{FFFF}"), "\u{FFFD}");
    }
}
