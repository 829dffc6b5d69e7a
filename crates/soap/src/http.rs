//! The soap.php endpoint as actix-web routes. The binary registers `web::Data<Gateway>`,
//! `web::Data<SoapSettings>` and the `web::PayloadConfig` body limit, and calls [`configure`].

use actix_web::http::header::{CONTENT_TYPE, USER_AGENT, VARY};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chamilo_core::Gateway;
use std::net::IpAddr;

use crate::codec::{decode_request_with_charset, encode_fault, encode_response_for, Limits};
use crate::dispatch;
use crate::errors::Fault;
use crate::settings::SoapSettings;
use crate::ws_registration;
use crate::ws_service::SERVICE;
use crate::wsdl::{
    soap_encoding_xsd, Service, SoapEncImport, ENDPOINT_PATH, SOAP_ENCODING_QUERY, WS_REGISTRATION,
    WS_SERVICE,
};
use chamilo_edge::served::UNKNOWN_OPERATION;
use chamilo_edge::{CallOutcome, Caller, Protocol, Served};

/// What every call answers while web services are off (`webservices_enabled = false`).
const DISABLED: Fault = Fault::Named("Server", "Web services are disabled");

pub const TESTIP_PATH: &str = "/main/webservices/testip.php";
const XML: &str = "text/xml; charset=utf-8";

/// Mounts `/main/webservices/soap.php`, `/main/webservices/registration.soap.php` and
/// `/main/webservices/testip.php`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(ENDPOINT_PATH, web::post().to(soap_call))
        .route(ENDPOINT_PATH, web::get().to(soap_get))
        .route(
            WS_REGISTRATION.endpoint_path,
            web::post().to(registration_call),
        )
        .route(TESTIP_PATH, web::get().to(testip));
    configure_registration_get(cfg);
}

/// GET on registration.soap.php: its WSDL, the encoding schema, the description page.
fn configure_registration_get(cfg: &mut web::ServiceConfig) {
    cfg.route(
        WS_REGISTRATION.endpoint_path,
        web::get().to(registration_get),
    );
}

fn fault_response(status: StatusCode, fault: &Fault) -> HttpResponse {
    let body = match fault {
        Fault::App(code) => encode_fault(&code.0.to_string(), code.1),
        Fault::Client(message) => encode_fault("Client", message),
        Fault::Server => encode_fault("Server", "Internal server error"),
        Fault::Named(code, message) => encode_fault(code, message),
    };
    HttpResponse::build(status).content_type(XML).body(body)
}

/// The `charset` parameter of the request's Content-Type.
fn charset(req: &HttpRequest) -> Option<String> {
    let ct = req.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// POST: one SOAP call, dispatched on the Body's wrapper element (never on SOAPAction).
async fn soap_call(
    req: HttpRequest,
    caller: Caller,
    body: Result<web::Bytes, actix_web::Error>,
    gateway: web::Data<Gateway>,
    settings: web::Data<SoapSettings>,
) -> HttpResponse {
    let client = caller.addr;
    let answered = call_service(&SERVICE, req, caller, body, &gateway, &settings).await;
    answered.served_as(Protocol::Soap, client)
}

/// POST registration.soap.php: one WSRegistration call, the same way through.
async fn registration_call(
    req: HttpRequest,
    caller: Caller,
    body: Result<web::Bytes, actix_web::Error>,
    gateway: web::Data<Gateway>,
    settings: web::Data<SoapSettings>,
) -> HttpResponse {
    let client = caller.addr;
    let answered = call_service(
        &ws_registration::SERVICE,
        req,
        caller,
        body,
        &gateway,
        &settings,
    )
    .await;
    answered.served_as(Protocol::Registration, client)
}

/// A call's response and what the edge counts of it.
struct Answered {
    res: HttpResponse,
    operation: &'static str,
    verdict: CallOutcome,
}

impl Answered {
    /// A response to a request that named no operation of the table.
    fn unknown(res: HttpResponse, verdict: CallOutcome) -> Answered {
        Answered {
            res,
            operation: UNKNOWN_OPERATION,
            verdict,
        }
    }

    fn served_as(self, protocol: Protocol, client: IpAddr) -> HttpResponse {
        Served {
            protocol,
            operation: self.operation,
            outcome: self.verdict,
            client,
        }
        .attach(self.res)
    }
}

/// Decodes one call to `service`, runs it, and writes its answer or fault.
async fn call_service(
    // the operation table (not `wsdl::Service`, the WSDL that describes it)
    service: &crate::service::Service,
    req: HttpRequest,
    caller: Caller,
    body: Result<web::Bytes, actix_web::Error>,
    gateway: &Gateway,
    settings: &SoapSettings,
) -> Answered {
    if !settings.enabled {
        let res = fault_response(StatusCode::INTERNAL_SERVER_ERROR, &DISABLED);
        return Answered::unknown(res, CallOutcome::Refused);
    }
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            let status = e.as_response_error().status_code();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "Request body larger than the configured limit".to_string()
            } else {
                format!("Errors occurred when trying to read the request body: {e}")
            };
            let status = if status.is_client_error() {
                status
            } else {
                StatusCode::BAD_REQUEST
            };
            let res = fault_response(status, &Fault::Client(message));
            return Answered::unknown(res, CallOutcome::Fault);
        }
    };
    let limits = Limits::for_body_limit(settings.body_limit);
    let decoded = decode_request_with_charset(&body, charset(&req).as_deref(), &limits);
    // the body can be tens of megabytes: do not keep it through the operation
    drop(body);
    let request = match decoded {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(error = %e, "undecodable soap request");
            let res = fault_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &Fault::Client(e.to_string()),
            );
            return Answered::unknown(res, CallOutcome::Fault);
        }
    };
    let operation = request.operation.clone();
    let namespace = request.namespace.clone();
    let answer = dispatch::answer(service, gateway, settings, &caller, request).await;
    let res = match answer.outcome {
        Ok(ret) => HttpResponse::Ok()
            .content_type(XML)
            .body(encode_response_for(
                service.namespace,
                &operation,
                namespace.as_deref(),
                ret,
            )),
        Err(fault) => fault_response(StatusCode::INTERNAL_SERVER_ERROR, &fault),
    };
    Answered {
        res,
        operation: answer.operation,
        verdict: answer.verdict,
    }
}

/// The WSDL of `service` for any query containing `wsdl` (as NuSOAP, case aside), or the SOAP
/// encoding schema it imports (each endpoint serves its own copy, so that the WSDL's
/// `schemaLocation` stays on the endpoint it describes); `None` for any other query.
fn wsdl_or_schema(req: &HttpRequest, caller: &Caller, service: &Service) -> Option<HttpResponse> {
    let query = req.query_string();
    if query.split('&').any(|p| p == SOAP_ENCODING_QUERY) {
        return Some(
            HttpResponse::Ok()
                .content_type(XML)
                .body(soap_encoding_xsd()),
        );
    }
    if query.to_ascii_lowercase().contains("wsdl") {
        let agent = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok());
        return Some(
            HttpResponse::Ok()
                .content_type(XML)
                // the SOAP encoding import depends on the client (NuSOAP), so caches must key on it
                .insert_header((VARY, "User-Agent"))
                .body(service.render(caller.base_url(), SoapEncImport::for_user_agent(agent))),
        );
    }
    None
}

fn html_page(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// GET: the WSDL, the SOAP encoding schema it imports, or else a short human-readable page.
async fn soap_get(req: HttpRequest, caller: Caller) -> HttpResponse {
    if let Some(res) = wsdl_or_schema(&req, &caller, &WS_SERVICE) {
        return res;
    }
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>WSService</title></head>\
         <body><h1>WSService</h1><p><a href=\"?wsdl\">WSDL</a></p><ul>",
    );
    for op in SERVICE.operations {
        page.push_str(&format!("<li>{}({})</li>", op.name, op.parts.join(", ")));
    }
    page.push_str("</ul></body></html>");
    html_page(page)
}

/// GET on registration.soap.php: as [`soap_get`], the page listing the operations of the
/// WSDL's portType (names only: they are plain ASCII identifiers, nothing to escape).
async fn registration_get(req: HttpRequest, caller: Caller) -> HttpResponse {
    if let Some(res) = wsdl_or_schema(&req, &caller, &WS_REGISTRATION) {
        return res;
    }
    let name = WS_REGISTRATION.name;
    let mut page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{name}</title></head>\
         <body><h1>{name}</h1><p><a href=\"?wsdl\">WSDL</a></p><ul>"
    );
    for op in WS_REGISTRATION.operations() {
        page.push_str(&format!("<li>{op}</li>"));
    }
    page.push_str("</ul></body></html>");
    html_page(page)
}

/// testip.php: the address the key check salts with, alone on the first line.
async fn testip(caller: Caller) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(caller.ip)
}
