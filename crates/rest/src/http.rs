//! The v2.php endpoint as actix-web routes. The binary registers `web::Data<Gateway>` and
//! `web::Data<RestSettings>` and calls [`configure`].

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chamilo_core::Gateway;
use chamilo_edge::served::UNKNOWN_OPERATION;
use chamilo_edge::{CallOutcome, Caller, Protocol, Served, Throttle};
use std::net::IpAddr;

use crate::ctx::{self, Origin, Reply};
use crate::params::{self, Limits};
use crate::{dispatch, envelope, reference};

pub const PATH: &str = "/main/webservices/api/v2.php";

#[derive(Debug, Clone)]
pub struct RestSettings {
    /// Where redirect actions send browsers.
    pub lms_url: Option<String>,
    /// `false`: every request answers the "Web services are disabled" error envelope.
    pub enabled: bool,
    /// The edge's failed-login counter, shared with the SOAP key check (default: off).
    pub throttle: Throttle,
}

impl Default for RestSettings {
    fn default() -> Self {
        RestSettings {
            lms_url: None,
            enabled: true,
            throttle: Throttle::default(),
        }
    }
}

/// Mounts `/main/webservices/api/v2.php` for every method (the original checks none), and
/// its reference: the OpenAPI document and the page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(PATH, web::route().to(v2))
        .route(reference::OPENAPI_PATH, web::get().to(openapi_json))
        .route(reference::PAGE_PATH, web::get().to(reference_page));
}

/// The OpenAPI document, its server the platform's URL as the caller reaches it.
async fn openapi_json(caller: Caller) -> HttpResponse {
    match reference::openapi::document(caller.base_url(), PATH).to_json() {
        Ok(body) => HttpResponse::Ok()
            .insert_header((
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ))
            .content_type("application/json")
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "the OpenAPI document did not serialise");
            HttpResponse::InternalServerError().finish()
        }
    }
}

async fn reference_page(caller: Caller) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(reference::page::render(caller.base_url(), PATH))
}

/// `{"error":…}` with the CORS header every answer of the original carries.
fn json_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .body(body)
}

/// A response to a request that named no action of the table (or could not be read).
fn unknown(res: HttpResponse, outcome: CallOutcome, client: IpAddr) -> HttpResponse {
    Served {
        protocol: Protocol::Rest,
        operation: UNKNOWN_OPERATION,
        outcome,
        client,
    }
    .attach(res)
}

async fn v2(
    req: HttpRequest,
    caller: Caller,
    body: Result<web::Bytes, actix_web::Error>,
    gateway: web::Data<Gateway>,
    settings: web::Data<RestSettings>,
) -> HttpResponse {
    if !settings.enabled {
        let res = json_response(StatusCode::OK, envelope::error("Web services are disabled"));
        return unknown(res, CallOutcome::Refused, caller.addr);
    }
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let status = e.as_response_error().status_code();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "Request body too large".to_owned()
            } else {
                format!("Unreadable request body: {e}")
            };
            return unknown(
                json_response(status, envelope::error(&message)),
                CallOutcome::Fault,
                caller.addr,
            );
        }
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = match params::gather(
        req.method().as_str(),
        req.query_string(),
        content_type,
        &body,
        &Limits::default(),
    ) {
        Ok(p) => p,
        Err(e) => {
            let res = json_response(StatusCode::OK, envelope::error(&e.to_string()));
            return unknown(res, CallOutcome::Fault, caller.addr);
        }
    };
    // the one place the HTTP request enters the pipeline besides its parameters
    let Caller { ip, web_path, addr } = caller;
    let lms_url = ctx::lms_base(settings.lms_url.as_deref());
    let origin = Origin {
        web_path: &web_path,
        ip: &ip,
        lms_url: lms_url.as_deref(),
        throttle: &settings.throttle,
    };
    let handled = dispatch::handle(&gateway, &params, origin).await;
    let res = match handled.reply {
        Reply::Json(body) => json_response(StatusCode::OK, body),
        // as the original's header('Location: …'): no JSON content type, no CORS header
        Reply::Redirect(location) => HttpResponse::Found()
            .insert_header((header::LOCATION, location))
            .finish(),
    };
    Served {
        protocol: Protocol::Rest,
        operation: handled.action,
        outcome: handled.outcome,
        client: addr,
    }
    .attach(res)
}
