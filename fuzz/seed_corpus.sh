#!/bin/sh
# Seeds the scenario_loader corpus with every built-in scenario file, the documented full example and the broken
# files of the snapshot tests (run from the repository root: `sh fuzz/seed_corpus.sh`).
set -eu
dir=fuzz/corpus/scenario_loader
mkdir -p "$dir"
cp crates/shieldsim/scenarios/*.toml "$dir"/
cp crates/shieldsim/tests/scenario_errors/*.toml "$dir"/
awk '/<!-- example: full -->/{on=1} on && /^```toml/{inside=1; next} inside && /^```/{exit} inside' docs/scenario.md \
  > "$dir"/doc-example.toml
ls "$dir" | wc -l
