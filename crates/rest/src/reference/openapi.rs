//! The OpenAPI 3.1 document of v2.php, made from the action table: one operation per row,
//! at `v2.php?action=<name>` (the URL that calls it: `action` is read from the query string
//! first), with the row's parameters, access level, `data` shape and error messages.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::encoding::EncodingBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, ParameterStyle, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::server::Server;
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr, Required,
};

use super::{levels, messages, schema};
use crate::action_doc::{Shape, Ty};
use crate::ctx::{Level, Run};
use crate::dispatch::{Action, ACTIONS};

/// The path key of an action's operation at `endpoint` (v2.php's path).
pub fn operation_path(endpoint: &str, action: &str) -> String {
    format!("{endpoint}?action={action}")
}

const INTRO: &str = "Chamilo 1.11's REST web service `v2.php`, served by chamilo-gateway. \
One endpoint; the `action` parameter picks the operation. Parameters are form fields \
(`application/x-www-form-urlencoded` or `multipart/form-data`, POST) or query parameters, as \
each operation says; PHP arrays use PHP's syntax (`list_users[]=5`, `extra[extra_Price]=200`). \
The routing parameters `action`, `username`, `api_key`, `course` and `session` may be sent in \
the query string or the form body (the query string wins), or inside `hash`, a query parameter \
holding a JSON object of query parameters.\n\n\
Every answer is HTTP 200 with a JSON envelope: `{\"error\":false,\"data\":…}` or \
`{\"error\":true,\"message\":\"…\"}` (redirect actions answer 302). A key comes from \
`authenticate` (username and password); every other call sends `username` and `api_key`. \
`course` and `session` (ids) set the context of a call; an unknown one is refused \
(`This course could not be found`, `The session could not be found`). Any call may also fail \
with `An error occurred.` (a database failure) or with a message about malformed input.";

/// The whole document; `server` is the platform's base URL (no trailing slash), `endpoint`
/// v2.php's path.
pub fn document(server: &str, endpoint: &str) -> OpenApi {
    let mut paths = PathsBuilder::new();
    for action in ACTIONS {
        paths = paths.path(
            operation_path(endpoint, action.name),
            PathItem::new(HttpMethod::Post, operation(action)),
        );
    }
    let key = |name: &str, about: &str| {
        SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(name, about)))
    };
    let components = ComponentsBuilder::new()
        .security_scheme(
            "username",
            key(
                "username",
                "the caller's username (query string, form body or hash)",
            ),
        )
        .security_scheme(
            "api_key",
            key(
                "api_key",
                "the caller's key from authenticate (query string, form body or hash)",
            ),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Chamilo REST v2.php")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(INTRO)),
        )
        .servers(Some([Server::new(server)]))
        .paths(paths)
        .components(Some(components))
        .tags(Some(levels().iter().map(|(level, about)| {
            TagBuilder::new()
                .name(level_tag(*level))
                .description(Some(*about))
                .build()
        })))
        .build()
}

/// The tag (and `x-access-level`) of a level.
pub fn level_tag(level: Level) -> &'static str {
    match level {
        Level::Anyone => "anonymous",
        Level::User => "api key",
        Level::Admin => "admin",
        Level::Course => "api key, in a course",
    }
}

/// `course` or `session`: an id setting the context of the call (query string, form or hash).
fn routing(name: &str, required: bool, about: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(about))
        .schema(Some(schema::input(Ty::Int)))
        .build()
}

fn operation(action: &Action) -> utoipa::openapi::path::Operation {
    let doc = &action.doc;
    let mut op = OperationBuilder::new()
        .operation_id(Some(action.name))
        .summary(Some(doc.summary))
        .tag(level_tag(action.level))
        .extensions(Some(
            [
                ("x-access-level", serde_json::json!(level_tag(action.level))),
                ("x-error-messages", serde_json::json!(messages(action))),
            ]
            .into_iter()
            .collect(),
        ));
    op = match action.level {
        // `authenticate` names its user in `username` but sends no key yet
        Level::Anyone => op.securities(Some([])).parameter(
            ParameterBuilder::new()
                .name("username")
                .parameter_in(ParameterIn::Query)
                .required(Required::True)
                .description(Some(
                    "the user's username (query string, form body or hash)",
                ))
                .schema(Some(schema::input(Ty::Text))),
        ),
        _ => op.security(
            SecurityRequirement::new::<_, [&str; 0], &str>("username", [])
                .add::<_, [&str; 0], &str>("api_key", []),
        ),
    };
    for input in doc.params.iter().filter(|i| i.at.in_query()) {
        op = op.parameter(
            ParameterBuilder::new()
                .name(input.name)
                .parameter_in(ParameterIn::Query)
                .required(if input.required {
                    Required::True
                } else {
                    Required::False
                })
                .description(describe(input.about, input.at.label()))
                .schema(Some(schema::input(input.ty))),
        );
    }
    if action.level != Level::Anyone {
        op = op
            .parameter(match action.level {
                Level::Course => routing("course", true, "the course the action is about (id)"),
                _ => routing("course", false, "a course id: the context of the call"),
            })
            .parameter(routing(
                "session",
                false,
                "a session id: the context of the call",
            ));
    }
    if let Some(body) = form(action) {
        op = op.request_body(Some(body));
    }
    op = op.response("200", answer(action));
    for (code, response) in redirect(action) {
        op = op.response(code, response);
    }
    op.build()
}

fn describe(about: &str, at: &str) -> Option<String> {
    Some(if about.is_empty() {
        format!("read from the {at}")
    } else {
        format!("{about} (read from the {at})")
    })
}

/// The form fields of an action, when it reads any.
fn form(action: &Action) -> Option<utoipa::openapi::request_body::RequestBody> {
    let fields: Vec<_> = action
        .doc
        .params
        .iter()
        .filter(|i| !i.at.in_query())
        .collect();
    if fields.is_empty() {
        return None;
    }
    let mut object = ObjectBuilder::new().schema_type(SchemaType::new(Type::Object));
    let mut encodings = Vec::new();
    for input in &fields {
        // `extra_<variable>`: every field with the prefix
        if input.prefix().is_some() {
            object = object
                .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(schema::input(
                    input.ty,
                )))))
                .description(describe(
                    &format!("{}: {}", input.name, input.about),
                    input.at.label(),
                ));
            continue;
        }
        // PHP lists go as `name[]=…`; maps as `name[key]=value`
        let name = match input.ty {
            Ty::Ids | Ty::Texts => format!("{}[]", input.name),
            _ => input.name.to_owned(),
        };
        let mut field: Schema = schema::input(input.ty);
        if let Schema::Object(o) = &mut field {
            o.description = describe(input.about, input.at.label());
        }
        if let Schema::Array(a) = &mut field {
            a.description = describe(input.about, input.at.label());
        }
        object = object.property(&name, field);
        if input.required {
            object = object.required(&name);
        }
        if input.ty == Ty::Map {
            encodings.push(name);
        }
    }
    let schema: Schema = object.into();
    let mut urlencoded = ContentBuilder::new().schema(Some(schema.clone()));
    for name in &encodings {
        urlencoded = urlencoded.encoding(
            name,
            EncodingBuilder::new()
                .style(Some(ParameterStyle::DeepObject))
                .explode(Some(true)),
        );
    }
    Some(
        RequestBodyBuilder::new()
            .content("application/x-www-form-urlencoded", urlencoded.build())
            .content(
                "multipart/form-data",
                ContentBuilder::new().schema(Some(schema)).build(),
            )
            .build(),
    )
}

/// The 200 answer: the success envelope (not for redirects) or the error envelope.
fn answer(action: &Action) -> utoipa::openapi::Response {
    let error: Schema = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Object))
        .property(
            "error",
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::Boolean))
                .enum_values(Some([true])),
        )
        .property(
            "message",
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::String))
                .examples(messages(action)),
        )
        .required("error")
        .required("message")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .into();
    let schema: Schema = match (&action.run, &action.doc.data) {
        (Run::Redirect(_), _) | (_, Shape::Nothing) => error,
        _ => {
            let success: Schema = ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::Object))
                .property(
                    "error",
                    ObjectBuilder::new()
                        .schema_type(SchemaType::new(Type::Boolean))
                        .enum_values(Some([false])),
                )
                .property("data", schema::data(&action.doc.data))
                .required("error")
                .required("data")
                .additional_properties(Some(AdditionalProperties::FreeForm(false)))
                .into();
            OneOfBuilder::new().item(success).item(error).into()
        }
    };
    let about = match action.run {
        Run::Redirect(_) => "the error envelope (no redirect)",
        _ => "the success envelope with `data`, or the error envelope",
    };
    ResponseBuilder::new()
        .description(about)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

/// A redirect action's 302.
fn redirect(action: &Action) -> Vec<(&'static str, utoipa::openapi::Response)> {
    match action.run {
        Run::Redirect(_) => vec![(
            "302",
            ResponseBuilder::new()
                .description("the browser is sent to the Chamilo front-end (`lms_url`)")
                .header(
                    "Location",
                    HeaderBuilder::new()
                        .schema(Schema::from(
                            ObjectBuilder::new().schema_type(SchemaType::new(Type::String)),
                        ))
                        .description(Some("the absolute URL of the page"))
                        .build(),
                )
                .build(),
        )],
        _ => Vec::new(),
    }
}
