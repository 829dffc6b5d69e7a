//! A closed-loop HTTP/1.1 load generator: `connections` keep-alive connections, each sending its
//! next request as soon as the previous answer is read, for a fixed time after a warm-up.
//! It runs on one thread (pinned to CPU 0 when the machine has two or more), so the server
//! under test gets the other CPU and the same generator measures the baseline and the gateway.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub errors: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub struct Plan {
    pub addr: SocketAddr,
    /// path and query of the GET
    pub target: String,
    pub connections: usize,
    pub warmup: Duration,
    pub duration: Duration,
    /// the answer's body must start with this (checked on every answer)
    pub expect_prefix: &'static [u8],
    /// a POST of this body (`text/xml`: a SOAP call) instead of a GET
    pub post: Option<Bytes>,
}

/// Runs the plan on a dedicated thread and answers what it measured.
pub fn run(plan: Plan) -> Stats {
    std::thread::spawn(move || {
        crate::proc::pin_current_thread(0);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(drive(plan))
    })
    .join()
    .expect("the load generator thread")
}

async fn drive(plan: Plan) -> Stats {
    let start = Instant::now();
    let measure_from = start + plan.warmup;
    let end = measure_from + plan.duration;
    let mut tasks = Vec::new();
    for _ in 0..plan.connections {
        let target = plan.target.clone();
        let (addr, prefix, post) = (plan.addr, plan.expect_prefix, plan.post.clone());
        tasks.push(tokio::spawn(async move {
            connection(addr, target, post, prefix, measure_from, end).await
        }));
    }
    let mut latencies: Vec<u32> = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, err) = t.await.expect("a connection task");
        latencies.extend(lat);
        errors += err;
    }
    latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i] as f64 / 1000.0
    };
    Stats {
        errors,
        rps: latencies.len() as f64 / plan.duration.as_secs_f64(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    }
}

/// One keep-alive connection; latencies (µs) of the good answers inside the window, errors.
async fn connection(
    addr: SocketAddr,
    target: String,
    post: Option<Bytes>,
    prefix: &'static [u8],
    measure_from: Instant,
    end: Instant,
) -> (Vec<u32>, u64) {
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut errors = 0u64;
    'reconnect: while Instant::now() < end {
        let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
            errors += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        stream.set_nodelay(true).ok();
        let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
            errors += 1;
            continue;
        };
        tokio::spawn(conn);
        loop {
            let sent = Instant::now();
            if sent >= end {
                break 'reconnect;
            }
            let req = match &post {
                None => hyper::Request::get(target.as_str()),
                Some(_) => hyper::Request::post(target.as_str())
                    .header(hyper::header::CONTENT_TYPE, "text/xml; charset=utf-8"),
            }
            .header(hyper::header::HOST, addr.to_string())
            .body(Full::new(post.clone().unwrap_or_default()))
            .expect("request");
            let ok = match sender.send_request(req).await {
                Ok(res) => {
                    let status = res.status();
                    match res.into_body().collect().await {
                        Ok(body) => status == 200 && body.to_bytes().starts_with(prefix),
                        Err(_) => false,
                    }
                }
                Err(_) => {
                    errors += 1;
                    continue 'reconnect;
                }
            };
            let done = Instant::now();
            if sent >= measure_from && done <= end {
                if ok {
                    latencies.push((done - sent).as_micros().min(u32::MAX as u128) as u32);
                } else {
                    errors += 1;
                }
            }
        }
    }
    (latencies, errors)
}

/// One request on a fresh connection (setup calls and the big batch): status and body.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    content_type: &str,
    body: Bytes,
) -> anyhow::Result<(u16, Bytes)> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true).ok();
    let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let req = hyper::Request::builder()
        .method(method)
        .uri(target)
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::CONTENT_TYPE, content_type)
        .body(Full::new(body))?;
    let res = sender.send_request(req).await?;
    let status = res.status().as_u16();
    Ok((status, res.into_body().collect().await?.to_bytes()))
}
