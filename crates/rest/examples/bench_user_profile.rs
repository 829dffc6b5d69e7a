//! Throughput of `user_profile` (api key check, profile and extras read, PHP-exact JSON) next
//! to a bare actix-web JSON handler, measured in the same run on the same server.
//!
//! `cargo run --release -p chamilo-rest --example bench_user_profile [seconds] [connections]`
//!
//! The server runs one actix worker on a fresh SQLite database; the load comes from
//! keep-alive HTTP/1.1 connections on the main thread. Target: ratio >= 0.5.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use chamilo_core::extra_fields::ItemType;
use chamilo_core::passwords::Hasher;
use chamilo_core::Gateway;
use chamilo_rest::RestSettings;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn bare() -> HttpResponse {
    let body = serde_json::json!({
        "error": false,
        "data": {"pictureUri": "http://127.0.0.1/main/img/unknown.jpg", "id": 1, "status": 1,
                 "fullName": "Admin admin", "username": "admin", "officialCode": "", "phone": "",
                 "extra": [{"title": "skype", "value": "admin.skype"}]}
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body.to_string())
}

/// Sends `request` over keep-alive connections until `secs` pass; requests per second.
async fn load(addr: std::net::SocketAddr, request: String, secs: u64, conns: usize) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let request = Arc::new(request.into_bytes());
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let request = request.clone();
        tasks.push(actix_web::rt::spawn(async move {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            stream.set_nodelay(true).ok();
            let mut buf = vec![0u8; 64 * 1024];
            let mut done = 0u64;
            while Instant::now() < deadline {
                stream.write_all(&request).await.expect("write");
                let mut have = 0;
                loop {
                    let n = stream.read(&mut buf[have..]).await.expect("read");
                    assert!(n > 0, "connection closed");
                    have += n;
                    let text = &buf[..have];
                    if let Some(end) = text.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&text[..end]).to_ascii_lowercase();
                        assert!(head.starts_with("http/1.1 200"), "{head}");
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map(|v| v.trim().parse().unwrap())
                            .unwrap_or(0);
                        if have >= end + 4 + len {
                            let body = &text[end + 4..end + 4 + len];
                            assert!(body.starts_with(br#"{"error":"#));
                            break;
                        }
                    }
                }
                done += 1;
            }
            done
        }));
    }
    let started = Instant::now();
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

#[actix_web::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let conns: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(16);

    let path = std::env::temp_dir().join(format!("bench-rest-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store = chamilo_store::connect(&url, &chamilo_store::StoreOptions::default())
        .await
        .expect("open the database");
    chamilo_store::migrate(&store).await.expect("migrate");
    let gateway = Gateway::new(Arc::new(store), Hasher::Standalone { bcrypt_cost: 4 });
    let admin = gateway.ensure_admin("admin", "pw", None).await.unwrap();
    gateway
        .set_extras(
            ItemType::User,
            admin,
            &[("skype".into(), "admin.skype".into())],
        )
        .await
        .unwrap();
    let key = gateway.api_key_for(admin).await.unwrap();

    let gateway = web::Data::new(gateway);
    let settings = web::Data::new(RestSettings::default());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(gateway.clone())
            .app_data(settings.clone())
            .route("/bare", web::get().to(bare))
            .configure(chamilo_rest::configure)
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind");
    let addr = server.addrs()[0];
    actix_web::rt::spawn(server.run());

    let get = |target: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
    };
    let profile = get(&format!(
        "/main/webservices/api/v2.php?action=user_profile&username=admin&api_key={key}"
    ));
    // warm up both paths
    load(addr, get("/bare"), 1, conns).await;
    load(addr, profile.clone(), 1, conns).await;

    let bare_rps = load(addr, get("/bare"), secs, conns).await;
    let rest_rps = load(addr, profile, secs, conns).await;
    // the adapter alone (parameters, dispatch, envelope; no database): a handled error
    let no_db = get("/main/webservices/api/v2.php?action=no_such_action&username=admin");
    let adapter_rps = load(addr, no_db, secs, conns).await;
    println!("bare actix JSON handler : {bare_rps:>10.0} req/s");
    println!(
        "v2.php user_profile     : {rest_rps:>10.0} req/s  (ratio {:.2})",
        rest_rps / bare_rps
    );
    println!(
        "v2.php without database : {adapter_rps:>10.0} req/s  (ratio {:.2})",
        adapter_rps / bare_rps
    );
    std::fs::remove_file(&path).ok();
}
