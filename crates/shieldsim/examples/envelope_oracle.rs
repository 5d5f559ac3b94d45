//! Prints the oracle of `tests/envelope_equivalence.rs` (see `tests/common/envelope_oracle.rs`):
//! `cargo run --release -p shieldsim --example envelope_oracle > crates/shieldsim/tests/fixtures/envelope_oracle.txt`.

#[path = "../tests/common/envelope_oracle.rs"]
mod envelope_oracle;

fn main() {
    for line in envelope_oracle::oracle_lines() {
        println!("{line}");
    }
}
