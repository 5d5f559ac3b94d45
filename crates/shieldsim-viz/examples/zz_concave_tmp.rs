use shieldsim_viz::*;
fn main() {
    let c_shape = vec![
        [1000.0, 0.0], [3000.0, 0.0], [3000.0, 300.0], [1800.0, 300.0],
        [1800.0, 700.0], [3000.0, 700.0], [3000.0, 1000.0], [1000.0, 1000.0],
    ];
    let second = vec![[3500.0, 0.0], [4500.0, 0.0], [4000.0, 500.0]];
    let spec = ProfileSpec {
        title: "Profile".into(), subtitle: String::new(),
        trajectory: (0..=50).map(|i| { let x = f64::from(i) * 100.0; [x, 4.0 * 1200.0 * (x / 5000.0) * (1.0 - x / 5000.0)] }).collect(),
        envelope: vec![c_shape, vec![], second], envelope_label: "SM-3 reach".into(), intercepts: vec![],
    };
    std::fs::write("/tmp/concave/p.png", profile_png(&spec, 1200, 700).unwrap()).unwrap();
}
