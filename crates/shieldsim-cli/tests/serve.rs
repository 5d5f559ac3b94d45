//! `shieldsim serve` as a user starts it: bad flags exit 2 with a message; started on a free port it prints its
//! address, answers with the page's security headers and its API, refuses a foreign Host, and stops on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn shieldsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shieldsim"))
}

#[test]
fn a_bad_host_or_a_busy_port_exits_2_with_a_message() {
    let out = shieldsim()
        .args(["serve", "--host", "not-an-address"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: --host = not-an-address: expected an IP address"),
        "{err}"
    );
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = busy.local_addr().expect("an address").port().to_string();
    let out = shieldsim()
        .args(["serve", "--port", &port])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("--port = {port}: cannot listen")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "a hint: {err}");
}

/// One HTTP/1.1 request; the whole response as text.
fn http(addr: &str, path: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut text = String::new();
    s.read_to_string(&mut text).expect("reads");
    text
}

#[test]
fn serves_the_page_and_the_api_on_loopback_and_stops_on_sigterm() {
    let mut child = shieldsim()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("an address")
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "binds loopback by default: {line}"
    );
    let page = http(&addr, "/", &addr);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let lower = page.to_ascii_lowercase();
    assert!(lower.contains("content-security-policy: default-src 'self'"));
    assert!(page.contains("cesium/Cesium.js"));
    let api = http(&addr, "/api/scenarios", "localhost");
    assert!(api.starts_with("HTTP/1.1 200") && api.contains("third-site-2007"));
    let foreign = http(&addr, "/api/scenarios", "attacker.example");
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("stops");
    assert_eq!(status.code(), Some(0), "a graceful stop");
}
