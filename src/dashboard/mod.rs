//! The migration dashboard at `/`: platform admins log in with their Chamilo password and see
//! which operations of which protocol are called, from where, and how they end: the call
//! counts the core keeps of every call the edge served.

mod chart;
mod figures;
mod page;
mod session;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chamilo_core::{now, CoreError, Gateway, ItemType};
use chamilo_edge::{Caller, Secret, Throttle};
use page::{Lookup, Overview, Throttled};
use serde::Deserialize;
pub use session::Sessions;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(show))
        .route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout));
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

#[derive(Deserialize)]
struct LookupQuery {
    field: Option<String>,
    value: Option<String>,
}

fn html(mut res: actix_web::HttpResponseBuilder, body: maud::Markup) -> HttpResponse {
    res.content_type("text/html; charset=utf-8")
        // the page holds operational data: never kept by a browser or a proxy
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body.into_string())
}

fn see_overview() -> actix_web::HttpResponseBuilder {
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, "/"));
    res
}

async fn login(
    gateway: web::Data<Gateway>,
    sessions: web::Data<Sessions>,
    throttle: web::Data<Throttle>,
    caller: Caller,
    form: web::Form<Credentials>,
) -> HttpResponse {
    // a password-guessing loop is cut off here as at v2.php `authenticate`, before any check
    if !throttle.admits(Secret::Password, &caller.ip) {
        return html(HttpResponse::TooManyRequests(), page::login(true));
    }
    let admitted = match gateway
        .login(&form.username, &form.password, &caller.ip)
        .await
    {
        Ok(Ok(user)) if user.is_admin => Some(user.id),
        Ok(_) => {
            throttle.failed(Secret::Password, &caller.ip);
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "dashboard login failed");
            return HttpResponse::InternalServerError().finish();
        }
    };
    match admitted {
        Some(id) => {
            let secure = caller.web_path.starts_with("https:");
            see_overview()
                .insert_header((header::SET_COOKIE, sessions.issue(id, now(), secure)))
                .finish()
        }
        None => html(HttpResponse::Unauthorized(), page::login(true)),
    }
}

async fn logout(sessions: web::Data<Sessions>) -> HttpResponse {
    see_overview()
        .insert_header((header::SET_COOKIE, sessions.clear()))
        .finish()
}

async fn show(
    req: HttpRequest,
    gateway: web::Data<Gateway>,
    sessions: web::Data<Sessions>,
    throttle: web::Data<Throttle>,
    query: web::Query<LookupQuery>,
) -> HttpResponse {
    let cookies = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(user_id) = sessions.user_id(cookies, now()) else {
        return html(HttpResponse::Ok(), page::login(false));
    };
    // still an admin, still there: a session ends with the rights it was given for
    let admin = match gateway.get_user(user_id).await {
        Ok(u) if u.is_admin => u.username,
        Ok(_) | Err(CoreError::NotFound(_)) => return html(HttpResponse::Ok(), page::login(false)),
        Err(e) => return failed(e),
    };
    match overview(&gateway, &throttle, admin, query.into_inner()).await {
        Ok(o) => html(HttpResponse::Ok(), page::overview(&o)),
        Err(e) => failed(e),
    }
}

fn failed(e: CoreError) -> HttpResponse {
    tracing::error!(error = %e, "dashboard read failed");
    HttpResponse::InternalServerError().finish()
}

/// What the page says when the call counts cannot be read.
const COUNTS_UNAVAILABLE: &str = "The call counts cannot be read: the table gateway_call_count is \
     missing or the database refused (the log says why). Over a Chamilo database the gateway makes \
     it at its first start if its database user may CREATE; README, \"Database grants\", gives the \
     statement to run otherwise.";

async fn overview(
    gateway: &Gateway,
    throttle: &Throttle,
    admin: String,
    q: LookupQuery,
) -> chamilo_core::CoreResult<Overview> {
    let lookup = match (q.field, q.value) {
        (Some(field), Some(value)) if !field.trim().is_empty() && !value.is_empty() => {
            Some(lookup(gateway, field.trim().to_owned(), value).await?)
        }
        _ => None,
    };
    let throttled = Secret::ALL
        .into_iter()
        .map(|secret| Throttled {
            secret: secret.as_str(),
            stats: throttle.stats(secret),
        })
        .collect();
    Ok(Overview {
        admin,
        figures: figures::gather(gateway, now()).await.map_err(|e| {
            // the page still serves the throttle and the lookup
            tracing::error!(error = %e, "the dashboard's call counts cannot be read");
            COUNTS_UNAVAILABLE
        }),
        dropped_counts: gateway.dropped_call_counts(),
        throttled,
        lookup,
    })
}

/// The users, courses and sessions whose extra field `field` holds `value`.
async fn lookup(
    gateway: &Gateway,
    field: String,
    value: String,
) -> chamilo_core::CoreResult<Lookup> {
    let mut found = Lookup {
        users: Vec::new(),
        courses: Vec::new(),
        sessions: Vec::new(),
        field,
        value,
    };
    for item_type in [ItemType::User, ItemType::Course, ItemType::Session] {
        let ids = match gateway
            .items_by_extra(item_type, &found.field, &found.value)
            .await
        {
            Ok(ids) => ids,
            // a field that exists for users only is no error for courses
            Err(CoreError::NotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        for id in ids {
            match item_type {
                ItemType::User => found.users.push(gateway.get_user(id).await?),
                ItemType::Course => found.courses.push(gateway.get_course(id).await?),
                ItemType::Session => found.sessions.push(gateway.get_session(id).await?),
            }
        }
    }
    Ok(found)
}
