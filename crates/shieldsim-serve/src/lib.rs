//! # shieldsim-serve
//!
//! `shieldsim serve`: a local web app, one more front end on the application layer (`shieldsim-app`), exactly like
//! the command line. The page (a CesiumJS globe, embedded in the binary with every asset it needs, so it works with
//! no network) asks this server for scenarios and runs jobs (`assess`, `engage`, `footprint`) through it; the
//! server turns requests into the application layer's requests, runs the jobs with a [`Control`] of its own
//! (progress streamed as server-sent events, a cancel flag set by the page, by a deadline or when the page's event
//! stream goes away) and serves the viewer documents (`shieldsim_app::view`) and the jobs' output files. It computes
//! nothing itself.
//!
//! Safe by default: it binds 127.0.0.1 unless told otherwise and then checks the `Host` header against DNS
//! rebinding; request bodies, footprint grids and concurrent jobs are limited; every job has a deadline; no
//! filesystem path is taken from a request; every response carries a strict Content-Security-Policy; errors are JSON
//! with the command line's messages and 4xx codes; a panic becomes a 500 JSON error and the server keeps running.
//!
//! [`Control`]: shieldsim_app::Control
#![warn(missing_docs)]
#![warn(clippy::unwrap_used)]

mod api;
mod assets;
mod guard;
mod jobs;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use shieldsim_app::Error;

pub use guard::CONTENT_SECURITY_POLICY;

/// The server's limits and where it keeps job outputs.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, bytes (a scenario file is at most 10 MB on the command line; 2 MiB here).
    pub max_body_bytes: usize,
    /// Most grid points of a footprint (a 1° global grid has 64,800).
    pub max_grid_points: usize,
    /// Most jobs running at once; more are refused with 429.
    pub max_jobs: usize,
    /// A job still running after this long is cancelled.
    pub deadline: Duration,
    /// Finished jobs kept (with their files) before the oldest is forgotten.
    pub kept_jobs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            max_grid_points: 100_000,
            max_jobs: 2,
            deadline: Duration::from_secs(600),
            kept_jobs: 32,
        }
    }
}

/// How the router behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Limits on requests and jobs.
    pub limits: Limits,
    /// Refuse requests whose `Host` is not a loopback name (127.0.0.1, localhost, [::1]): on when bound to a
    /// loopback address, against DNS rebinding.
    pub loopback_only: bool,
    /// Where jobs write their output sets (one directory per job), owned by the server.
    pub work_dir: PathBuf,
}

impl Config {
    /// Default limits, the loopback `Host` check on, job outputs under a new directory in the system's temporary
    /// directory.
    pub fn new() -> Result<Self, Error> {
        Ok(Self {
            limits: Limits::default(),
            loopback_only: true,
            work_dir: new_work_dir()?,
        })
    }
}

/// A fresh directory for job outputs: `$TMPDIR/shieldsim-serve-PID-N`.
fn new_work_dir() -> Result<PathBuf, Error> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "shieldsim-serve-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::internal(format!(
            "cannot create the job directory {}: {e}",
            dir.display()
        ))
    })?;
    Ok(dir)
}

/// The web app: the page and its assets, the API, and the guards (security headers, `Host` check, panics to 500).
pub fn router(config: Config) -> Router {
    let state = Arc::new(jobs::Jobs::new(config.clone()));
    guard::wrap(api::routes(state).merge(assets::routes()), &config)
}

/// What `shieldsim serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to bind (127.0.0.1 by default; anything else is reachable from the network and warned about).
    pub host: String,
    /// TCP port (0: any free port, printed).
    pub port: u16,
    /// Open the page in the default browser.
    pub open: bool,
}

/// Whether `host` names a loopback address (127.0.0.0/8, ::1, localhost).
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Serves the web app until Ctrl-C (or SIGTERM): prints its address on stdout, warns on stderr when it is not a
/// loopback address. Bad input (an address that does not parse, a port in use) is [`ErrorKind::Input`].
///
/// [`ErrorKind::Input`]: shieldsim_app::ErrorKind::Input
pub fn serve(opts: &ServeOptions) -> Result<(), Error> {
    let host = opts.host.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = if host.eq_ignore_ascii_case("localhost") {
        IpAddr::from([127, 0, 0, 1])
    } else {
        host.parse().map_err(|_| {
            Error::input(format!(
                "--host = {}: expected an IP address such as 127.0.0.1 (the default, this machine only) or 0.0.0.0 \
                 (every interface)",
                opts.host
            ))
        })?
    };
    let loopback = ip.is_loopback();
    let mut config = Config::new()?;
    config.loopback_only = loopback;
    let work_dir = config.work_dir.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the server's runtime: {e}")))?;
    let result = runtime.block_on(async move {
        let addr = SocketAddr::new(ip, opts.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Error::input(format!(
                "--port = {}: cannot listen on {addr}: {e} (hint: another program may use the port: try --port 0 \
                 for any free one)",
                opts.port
            ))
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::internal(format!("cannot read the listening address: {e}")))?;
        let url = format!("http://{local}/");
        if !loopback {
            eprintln!(
                "warning: --host {} makes the viewer reachable from other machines: anyone who can reach {local} \
                 can run jobs on this one (there is no authentication)",
                opts.host
            );
        }
        println!("shieldsim serve: {url} (Ctrl-C stops)");
        if opts.open {
            open_browser(&url);
        }
        axum::serve(listener, router(config))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| Error::internal(format!("the server stopped: {e}")))
    });
    let _ = std::fs::remove_dir_all(work_dir);
    result
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Opens `url` in the desktop's browser (best effort: a message when it cannot).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("cannot open a browser ({opener}: {e}): open {url} yourself");
    }
}
