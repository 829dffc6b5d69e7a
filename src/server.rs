//! The HTTP server: wiring of store, core and adapters; health endpoints; request ids.

use crate::config::Config;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::{Context, Result};
use chamilo_core::calls::CallMark;
use chamilo_core::passwords::Hasher;
use chamilo_core::Gateway;
use chamilo_edge::{Served, Throttle};
use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tracing::Instrument;

/// Opens the database and builds the core services; answers them with the configuration in
/// force. Standalone, migrations are applied when asked. Over a Chamilo platform
/// (`chamilo_config`) no migration ever runs, the security key is the platform's, and the
/// platform's web root is the LMS URL unless one is set.
pub async fn open_gateway(config: &Config, migrate: bool) -> Result<(Gateway, Config)> {
    match &config.chamilo_config {
        Some(path) => open_platform(config, path).await,
        None => Ok((open_standalone(config, migrate).await?, config.clone())),
    }
}

async fn open_standalone(config: &Config, migrate: bool) -> Result<Gateway> {
    let options = chamilo_store::StoreOptions {
        connect_lazy: true,
        ..Default::default()
    };
    let store = chamilo_store::connect(config.database_url(), &options)
        .await
        .with_context(|| "opening the database")?;
    if migrate {
        chamilo_store::migrate(&store)
            .await
            .with_context(|| "applying migrations")?;
    }
    Ok(Gateway::new(
        Arc::new(store),
        Hasher::Standalone {
            bcrypt_cost: config.bcrypt_cost,
        },
    ))
}

async fn open_platform(config: &Config, path: &std::path::Path) -> Result<(Gateway, Config)> {
    let platform = chamilo_platform_store::Platform::read(path)
        .context("reading the Chamilo platform's configuration")?;
    let mut in_force = config.clone();
    in_force.security_key = Some(platform.security_key.clone());
    if in_force.lms_url.is_none() && !platform.root_web.is_empty() {
        in_force.lms_url = Some(platform.root_web.trim_end_matches('/').to_string());
    }
    let hasher = Hasher::Platform(platform.passwords);
    let store = chamilo_platform_store::connect(
        platform,
        config.database_url.as_deref(),
        &Default::default(),
    )
    .await
    .with_context(|| {
        format!(
            "opening the database of the Chamilo platform {}",
            path.display()
        )
    })?;
    Ok((Gateway::new(Arc::new(store), hasher), in_force))
}

pub async fn serve(config: Config, migrate: bool) -> Result<()> {
    let (gateway, config) = open_gateway(&config, migrate && config.auto_migrate).await?;
    // generated and stored on first start, so operators can read it with `security-key show`
    gateway
        .security_key(config.security_key.as_deref())
        .await
        .context("reading the security key")?;

    let listener =
        TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    // the first stdout line tells scripts and tests where we listen (port 0 gets a free port)
    println!("listening on http://{addr}");
    std::io::stdout().flush().ok();
    tracing::info!(%addr, "chamilo-gateway started");

    let body_limit = config.body_limit;
    let shutdown = config.shutdown_timeout();
    let proxies = config.proxies()?;
    // one failure book for both protocols' credential checks, read by /metrics too
    let throttle = Throttle::new(config.throttle());
    let metrics = web::Data::new(crate::metrics::Metrics::install(throttle.clone())?);
    // the caller (address behind trusted proxies, public base URL) is computed once per
    // request, by the edge, for every adapter alike
    let edge_settings = web::Data::new(chamilo_edge::EdgeSettings {
        trusted_proxies: proxies,
        public_url: config.public_url.clone(),
    });
    let soap_settings = web::Data::new(chamilo_soap::SoapSettings {
        security_key: config.security_key.clone(),
        body_limit,
        enabled: config.webservices_enabled,
        allowed_ips: config.allowed_ips()?,
        throttle: throttle.clone(),
    });
    // the dashboard's login checks the same passwords as `authenticate`: one failure book
    let dashboard_throttle = web::Data::new(throttle.clone());
    let rest_settings = web::Data::new(chamilo_rest::RestSettings {
        lms_url: config.lms_url.clone(),
        enabled: config.webservices_enabled,
        throttle,
    });
    let audit = gateway.clone();
    // the dashboard's sessions are signed with a key made now: a restart logs admins out
    let dashboard_sessions = web::Data::new(crate::dashboard::Sessions::new());
    let gateway = web::Data::new(gateway);
    let config = web::Data::new(config);
    let served = HttpServer::new(move || {
        App::new()
            .app_data(gateway.clone())
            .app_data(config.clone())
            .app_data(edge_settings.clone())
            .app_data(soap_settings.clone())
            .app_data(rest_settings.clone())
            .app_data(metrics.clone())
            .app_data(web::PayloadConfig::new(body_limit))
            .wrap(from_fn(request_id))
            .route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz))
            .route(crate::metrics::PATH, web::get().to(crate::metrics::scrape))
            .configure(chamilo_soap::configure)
            .configure(chamilo_rest::configure)
            .app_data(dashboard_sessions.clone())
            .app_data(dashboard_throttle.clone())
            .configure(crate::dashboard::configure)
    })
    .listen(listener)?
    .shutdown_timeout(shutdown.as_secs())
    .run()
    .await;
    // the audit rows of the last requests may still be queued for the batching writer; with
    // the database down they cannot be written, and the exit must not wait on it for long
    let flushed = async {
        audit.flush_call_counts().await;
        audit.flush_audit().await;
    };
    if tokio::time::timeout(shutdown, flushed).await.is_err() {
        tracing::error!("audit rows and call counts still queued at exit were not written");
    }
    served?;
    tracing::info!("stopped");
    Ok(())
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"status":"ok"}"#)
}

async fn readyz(gateway: web::Data<Gateway>) -> HttpResponse {
    // a probe wants an answer, not the pool's 5 s acquire timeout
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), gateway.ping()).await;
    match ping.unwrap_or_else(|_| Err(chamilo_core::CoreError::Storage("ping timed out".into()))) {
        Ok(()) => HttpResponse::Ok()
            .content_type("application/json")
            .body(r#"{"status":"ready","database":"ok"}"#),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .content_type("application/json")
                .body(r#"{"status":"unavailable","database":"unreachable"}"#)
        }
    }
}

/// What the dashboard's call counts keep of a served call.
fn call_mark(served: Served) -> CallMark {
    CallMark {
        protocol: served.protocol.as_str(),
        operation: served.operation,
        outcome: served.outcome.as_str(),
        client: served.client,
    }
}

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(1);

/// Gives every request an id (echoed in `X-Request-Id`) and a log span, and counts the
/// web-service calls for `/metrics`. Only the path is logged: query strings carry api keys.
async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = format!("{:08x}", REQUEST_SEQ.fetch_add(1, Ordering::Relaxed));
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if let Some(served) = Served::of(res.response()) {
        crate::metrics::record(served, started.elapsed());
        if let Some(gateway) = res.request().app_data::<web::Data<Gateway>>() {
            gateway.record_call(call_mark(served));
        }
    }
    let _enter = span.enter();
    tracing::info!(
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "handled"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}
