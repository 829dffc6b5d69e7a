//! Internal message actions (`rest-v2.md` §3.4). Every one works on the acting user's own
//! messages; the `view_message` redirect lives in `redirects`.

use std::collections::HashMap;

use chamilo_core::messages::{Message, MessageBox, NewMessage};
use chamilo_core::users::User;
use serde_json::{json, Map, Value};

use crate::action_doc::{always, post, request, Core, Doc, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::shapes::{self, datetime};

/// Users looked up once per answer.
struct People<'c> {
    c: &'c Ctx<'c>,
    seen: HashMap<i64, User>,
}

impl<'c> People<'c> {
    fn new(c: &'c Ctx<'c>) -> Self {
        People {
            c,
            seen: HashMap::new(),
        }
    }

    /// `{id, lastname, firstname, completeName[, pictureUri]}` of a user.
    async fn card(&mut self, id: i64, picture: bool) -> ActionResult<Value> {
        if !self.seen.contains_key(&id) {
            let user = self.c.gw.get_user(id).await.or_rest(Op::General)?;
            self.seen.insert(id, user);
        }
        let u = &self.seen[&id];
        let mut card = Map::new();
        card.insert("id".into(), u.id.to_string().into());
        card.insert("lastname".into(), u.lastname.clone().into());
        card.insert("firstname".into(), u.firstname.clone().into());
        card.insert("completeName".into(), u.full_name().into());
        if picture {
            card.insert(
                "pictureUri".into(),
                shapes::picture_uri(self.c.origin.web_path, u).into(),
            );
        }
        Ok(Value::Object(card))
    }
}

/// The Chamilo front-end the message links point at: `lms_url` when configured.
fn front_end<'a>(c: &'a Ctx<'a>) -> &'a str {
    c.origin.lms_url.unwrap_or(c.origin.web_path)
}

/// `{id, lastname, firstname, completeName}` of [`People::card`] without a picture
const CARD: Shape = Shape::Obj(&[
    always("id", Shape::IntText),
    always("lastname", Shape::Text),
    always("firstname", Shape::Text),
    always("completeName", Shape::Text),
]);

/// [`People::card`] with a picture
const CARD_WITH_PICTURE: Shape = Shape::Obj(&[
    always("id", Shape::IntText),
    always("lastname", Shape::Text),
    always("firstname", Shape::Text),
    always("completeName", Shape::Text),
    always("pictureUri", Shape::Text),
]);

pub const USER_MESSAGES: Doc = Doc {
    summary: "The caller's unread received messages with an id above `last`.",
    params: &[post("last", Ty::Int).about("the last message id the client has (default 0)")],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("title", Shape::Text),
        always("sender", CARD),
        always("sendDate", Shape::DateTime),
        always("content", Shape::Text),
        always("hasAttachments", Shape::Bool),
        always("url", Shape::Text),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn user_messages(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let last = input::int(c.params.post("last"))?;
    let mut people = People::new(c);
    let mut list = Vec::new();
    for m in
        c.gw.unread_messages_since(me.id, last)
            .await
            .or_rest(Op::General)?
    {
        list.push(json!({
            "id": m.id.to_string(),
            "title": m.title,
            "sender": people.card(m.sender_id, false).await?,
            "sendDate": datetime(&m.send_date),
            "content": m.content,
            "hasAttachments": false,
            "url": format!(
                "{}main/messages/view_message.php?{}",
                front_end(c),
                shapes::query(&[("type", "1".into()), ("id", m.id.to_string())])
            ),
        }));
    }
    Ok(Value::Array(list))
}

fn status_of(m: &Message) -> String {
    m.status.to_string()
}

pub const RECEIVED: Doc = Doc {
    summary: "The caller's received messages.",
    params: &[],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("title", Shape::Text),
        always("msgStatus", Shape::IntText),
        always("sender", CARD_WITH_PICTURE),
        always("sendDate", Shape::DateTime),
        always("content", Shape::Text),
        always("hasAttachments", Shape::Bool),
        always("attachmentList", Shape::List(&Shape::Text)),
        always("url", Shape::Text),
    ])),
    fails: &[Core(Op::General)],
};

pub async fn received(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let mut people = People::new(c);
    let mut list = Vec::new();
    for m in c.gw.received_messages(me.id).await.or_rest(Op::General)? {
        list.push(json!({
            "id": m.id.to_string(),
            "title": m.title,
            "msgStatus": status_of(&m),
            "sender": people.card(m.sender_id, true).await?,
            "sendDate": datetime(&m.send_date),
            // the original's (ineffective) rewrite of root-relative sources
            "content": m.content.replace("src=\"/\"", c.origin.web_path),
            "hasAttachments": false,
            "attachmentList": [],
            "url": "",
        }));
    }
    Ok(Value::Array(list))
}

pub const SENT: Doc = Doc {
    summary: "The caller's sent messages.",
    params: &[],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("title", Shape::Text),
        always("msgStatus", Shape::IntText),
        always("receiver", CARD_WITH_PICTURE),
        always("sendDate", Shape::DateTime),
        always("content", Shape::Text),
        always("hasAttachments", Shape::Bool),
        always("url", Shape::Text),
    ])),
    fails: &[Core(Op::General)],
};

pub async fn sent(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let mut people = People::new(c);
    let mut list = Vec::new();
    for m in c.gw.sent_messages(me.id).await.or_rest(Op::General)? {
        list.push(json!({
            "id": m.id.to_string(),
            "title": m.title,
            "msgStatus": status_of(&m),
            "receiver": people.card(m.receiver_id, true).await?,
            "sendDate": datetime(&m.send_date),
            "content": m.content,
            "hasAttachments": false,
            "url": "",
        }));
    }
    Ok(Value::Array(list))
}

fn message_id(c: &Ctx<'_>) -> ActionResult<i64> {
    match input::int(c.params.post("message_id"))? {
        n if n > 0 => Ok(n),
        _ => Err(RestError::Key("NoData")),
    }
}

const MESSAGE_ID: crate::action_doc::Input = post("message_id", Ty::Int).req();

/// `{"status":true}`
const STATUS_TRUE: Shape = Shape::Obj(&[always("status", Shape::True)]);

pub const DELETE: Doc = Doc {
    summary: "Deletes one of the caller's messages.",
    params: &[
        MESSAGE_ID,
        post("msg_type", Ty::Text).about("sent: the caller's sent copy; else a received one"),
    ],
    data: STATUS_TRUE,
    fails: &[Key("NoData"), Core(Op::General)],
};

/// `msg_type=sent` deletes the caller's sent copy, anything else a received one.
pub async fn delete(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let id = message_id(c)?;
    let from = if input::text(c.params.post("msg_type"))? == "sent" {
        MessageBox::Outbox
    } else {
        MessageBox::Inbox
    };
    c.gw.delete_message(me.id, id, from)
        .await
        .or_rest(Op::General)?;
    Ok(json!({"status": true}))
}

pub const COUNT_NEW: Doc = Doc {
    summary: "The caller's counts of unread messages and pending invitations.",
    params: &[],
    data: Shape::Obj(&[
        always("ms_friends", Shape::Int),
        always("ms_groups", Shape::Int),
        always("ms_inbox", Shape::Int),
    ]),
    fails: &[Core(Op::General)],
};

pub async fn count_new(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let n = c.gw.message_counts(me.id).await.or_rest(Op::General)?;
    Ok(json!({"ms_friends": n.friends, "ms_groups": n.groups, "ms_inbox": n.inbox}))
}

pub const SET_READ: Doc = Doc {
    summary: "Marks one of the caller's received messages read.",
    params: &[MESSAGE_ID],
    data: STATUS_TRUE,
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn set_read(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let id = message_id(c)?;
    c.gw.mark_message(me.id, id, true)
        .await
        .or_rest(Op::General)?;
    Ok(json!({"status": true}))
}

/// `{"<id>": changed, …}` for each id of `messages[]`; a message that is not the caller's
/// is `false`. Each id is its own write.
async fn mark(c: &Ctx<'_>, read: bool) -> ActionResult {
    let me = c.caller.user()?;
    let ids: Vec<i64> = match input::array(c.params.post("messages")) {
        Ok(Some(arr)) => arr
            .values()
            .filter_map(|v| v.as_str())
            .map(crate::params::intval)
            .filter(|id| *id != 0)
            .collect(),
        // a scalar is treated as an empty list, as in the original
        Ok(None) | Err(_) => Vec::new(),
    };
    if ids.is_empty() {
        return Err(RestError::Key("NoData"));
    }
    let mut out = Map::new();
    for id in ids {
        let changed = c.gw.mark_message(me.id, id, read).await;
        let changed = changed.or_absent(Absent::NotFound)?.unwrap_or(false);
        out.insert(id.to_string(), changed.into());
    }
    Ok(Value::Object(out))
}

/// What `user_message_read`/`unread` take and answer.
const MARK: Doc = Doc {
    summary: "",
    params: &[post("messages", Ty::Ids).req()],
    data: Shape::ById(&Shape::Bool),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub const MARK_READ: Doc = Doc {
    summary: "Marks the caller's received messages read; by id, whether each changed.",
    ..MARK
};

pub async fn mark_read(c: &Ctx<'_>) -> ActionResult {
    mark(c, true).await
}

pub const MARK_UNREAD: Doc = Doc {
    summary: "Marks the caller's received messages unread; by id, whether each changed.",
    ..MARK
};

pub async fn mark_unread(c: &Ctx<'_>) -> ActionResult {
    mark(c, false).await
}

pub const SAVE: Doc = Doc {
    summary: "Sends a message from the caller to users.",
    params: &[
        post("receivers", Ty::Ids).req(),
        post("subject", Ty::Text),
        post("text", Ty::Text),
    ],
    data: Shape::Obj(&[always("sent", Shape::True)]),
    fails: &[Key("NoData"), Core(Op::SendMessage)],
};

/// Sends `subject`/`text` to every id of `receivers[]`; all or nothing.
pub async fn save(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let receivers = input::list(c.params.post("receivers"))?
        .into_iter()
        .map(crate::params::intval)
        .collect();
    c.gw.send_message(NewMessage {
        sender_id: me.id,
        receivers,
        title: input::text(c.params.post("subject"))?.to_owned(),
        content: input::text(c.params.post("text"))?.to_owned(),
    })
    .await
    .or_rest(Op::SendMessage)?;
    Ok(json!({"sent": true}))
}

pub const MESSAGE_USERS: Doc = Doc {
    summary: "Users the caller may send a message to, whose name matches `q`.",
    params: &[request("q", Ty::Text).req().about("at least 2 characters")],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::Int),
        always("name", Shape::Text),
    ])),
    fails: &[Key("TooShort"), Key("NoData"), Core(Op::General)],
};

pub async fn message_users(c: &Ctx<'_>) -> ActionResult {
    let q = input::text(c.params.request("q"))?;
    if q.trim().chars().count() < 2 {
        return Err(RestError::Key("TooShort"));
    }
    let me = c.caller.user()?;
    let users =
        c.gw.message_recipients(me.id, q)
            .await
            .or_rest(Op::General)?;
    Ok(Value::Array(
        users
            .iter()
            .map(|u| json!({"id": u.id, "name": u.full_name()}))
            .collect(),
    ))
}
