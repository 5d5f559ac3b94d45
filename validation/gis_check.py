"""Manual check: the GIS files of a shieldsim output directory open in the Python GIS stack.

Usage (any number of `--out` directories of `footprint`, `assess` or `engage`):

    shieldsim footprint epaa-phase3-2018 --missile irbm-solid --out fp/
    shieldsim assess third-site-2007 --out as/
    shieldsim engage --threat-from 38.07,46.30 --threat-to 52.52,13.40 --missile irbm-solid \
        --interceptor sm3-iia --site 44.0833,24.3833 --radar an-tpy-2@38.3494,37.7936 --link engage-on-remote --out en/
    python3 validation/gis_check.py fp/ as/ en/

It creates a virtual environment (SHIELDSIM_GIS_VENV, default /tmp/shieldsim-gis-venv) with pinned GeoPandas,
pyarrow, pandas, polars and pyogrio (GDAL), and checks, for the files it finds:

- grid.parquet opens with `geopandas.read_parquet` as a point layer in OGC:CRS84 whose points are the rows'
  longitudes and latitudes (GeoParquet 1.1);
- grid.csv read by pandas and polars with their default type inference gives numeric `window_s` and intercept
  columns (polars guesses from the first 100 rows);
- every *.geojson opens with `geopandas.read_file` (GDAL) with one geometry type and flat attribute columns;
- every *.kml opens with GDAL's KML/LIBKML driver, its ExtendedData as attribute columns.

Not run by `cargo test` (it needs the network for the packages); the Rust tests check the same files with Rust
parsers (crates/shieldsim-app/tests/writers.rs).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_venv import ensure  # noqa: E402

REQUIREMENTS = [
    "geopandas==1.2.0",
    "pyarrow==26.0.1",
    "pandas==3.1.1",
    "polars==2.1.0",
    "pyogrio==0.13.0",
    "shapely==2.2.0",
    "pyproj==3.7.2",
]


def check(directory: str) -> None:
    import geopandas as gpd
    import pandas as pd
    import polars as pl
    import pyogrio

    def path(name: str) -> str:
        return os.path.join(directory, name)

    print(f"== {directory}")
    if os.path.exists(path("grid.parquet")):
        g = gpd.read_parquet(path("grid.parquet"))
        assert g.crs is not None and g.crs.to_string() == "OGC:CRS84", g.crs
        assert list(g.geometry.geom_type.unique()) == ["Point"]
        assert (g.geometry.x == g.lon_deg).all() and (g.geometry.y == g.lat_deg).all()
        print(f"grid.parquet: GeoDataFrame of {len(g)} points, crs {g.crs.to_string()}, bounds {g.total_bounds.tolist()}")
    if os.path.exists(path("grid.csv")):
        numeric = ["window_s", "earliest_intercept_s", "earliest_intercept_alt_km", "flight_time_s", "range_km"]
        c = pd.read_csv(path("grid.csv"))
        p = pl.read_csv(path("grid.csv"))
        for name in numeric:
            assert pd.api.types.is_float_dtype(c[name]), (name, c[name].dtype)
            assert p.schema[name] == pl.Float64, (name, p.schema[name])
        print(f"grid.csv: pandas and polars read {', '.join(numeric)} as floats ({len(p)} rows)")
    for name in sorted(os.listdir(directory)):
        if name.endswith(".geojson"):
            t = gpd.read_file(path(name))
            kinds = list(t.geom_type.unique())
            assert len(kinds) == 1, (name, kinds)
            for col in t.columns.drop("geometry"):
                assert not t[col].map(lambda v: isinstance(v, (dict, list))).any(), (name, col)
            print(f"{name}: {len(t)} {kinds[0]} features, {len(t.columns) - 1} flat attribute columns")
        elif name.endswith(".kml"):
            layers = [layer[0] for layer in pyogrio.list_layers(path(name))]
            total = 0
            fields = set()
            for layer in layers:
                t = gpd.read_file(path(name), layer=layer)
                total += len(t)
                fields.update(t.columns)
            print(f"{name}: {len(layers)} layers, {total} placemarks, fields include {sorted(fields)[:12]}")


def main() -> None:
    ensure(REQUIREMENTS, os.environ.get("SHIELDSIM_GIS_VENV", "/tmp/shieldsim-gis-venv"), __file__)
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for directory in sys.argv[1:]:
        check(directory)
    print("ok")


if __name__ == "__main__":
    main()
