//! The baseline: a bare actix-web server with two JSON handlers that serialize, on every
//! request, the same documents the gateway answers for `user_profile` and `get_users` (read
//! once at start from the files given). No database, no parameters, no envelope code: what is
//! left is actix-web plus serde_json, the floor any JSON endpoint on this machine stands on.

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::Value;
use std::io::Write;

struct Docs {
    profile: Value,
    users: Value,
}

async fn profile(docs: web::Data<Docs>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(serde_json::to_vec(&docs.profile).expect("json"))
}

async fn users(docs: web::Data<Docs>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(serde_json::to_vec(&docs.users).expect("json"))
}

/// `bench bare-server PROFILE.json USERS.json`: serves until killed.
pub fn serve(profile_file: &str, users_file: &str) -> anyhow::Result<()> {
    let read =
        |p: &str| -> anyhow::Result<Value> { Ok(serde_json::from_slice(&std::fs::read(p)?)?) };
    let docs = web::Data::new(Docs {
        profile: read(profile_file)?,
        users: read(users_file)?,
    });
    actix_web::rt::System::new().block_on(async move {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        println!("listening on http://{}", listener.local_addr()?);
        std::io::stdout().flush().ok();
        HttpServer::new(move || {
            App::new()
                .app_data(docs.clone())
                .route("/profile", web::get().to(profile))
                .route("/users", web::get().to(users))
        })
        .listen(listener)?
        .run()
        .await?;
        Ok(())
    })
}
