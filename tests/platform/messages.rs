//! Messages both ways: sent, read and deleted through the core, checked as PHP Chamilo's
//! `MessageManager` reads the `message` table; rows written the way it writes them, served and
//! counted by the core.

use crate::common::chamilo::ChamiloDb;
use chamilo_core::messages::{message_status, MessageBox, NewMessage};
use chamilo_core::passwords::PasswordInput;
use chamilo_core::users::NewUser;
use chamilo_core::{CoreError, Entity, Gateway};

async fn user(gw: &Gateway, username: &str) -> i64 {
    gw.create_user(NewUser {
        username: username.into(),
        firstname: "Ann".into(),
        lastname: "Lee".into(),
        email: format!("{username}@example.org"),
        password: PasswordInput::Clear("S3cret pass".into()),
        status: 5,
        active: true,
        ..NewUser::default()
    })
    .await
    .expect("user created")
}

/// Chamilo's unread count (`MessageManager::getCountNewMessagesFromDB`).
fn chamilo_unread(db: &ChamiloDb, user_id: i64) -> String {
    db.sql(&format!(
        "SELECT COUNT(id) FROM message WHERE user_receiver_id = {user_id} AND msg_status = 1"
    ))
}

#[tokio::test]
async fn a_message_sent_through_the_core_is_two_chamilo_rows() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let ann = user(&gw, "ann.msg").await;
    let bob = user(&gw, "bob.msg").await;
    gw.send_message(NewMessage {
        sender_id: ann,
        receivers: vec![bob, 1],
        title: "Exam dates".into(),
        content: "<p>See the calendar, ¿vale?</p>".into(),
    })
    .await
    .unwrap();
    // per receiver: the receiver's unread copy and the sender's outbox copy, stamped as
    // MessageManager::send_message stamps them
    assert_eq!(
        db.sql(&format!(
            "SELECT user_sender_id, user_receiver_id, msg_status, title, content, group_id, \
             parent_id, update_date = send_date, votes IS NULL FROM message \
             WHERE user_receiver_id = {bob} ORDER BY id"
        )),
        format!(
            "{ann}\t{bob}\t1\tExam dates\t<p>See the calendar, ¿vale?</p>\t0\t0\t1\t1\n\
             {ann}\t{bob}\t4\tExam dates\t<p>See the calendar, ¿vale?</p>\t0\t0\t1\t1"
        )
    );
    assert_eq!(db.sql("SELECT COUNT(*) FROM message"), "4");
    assert_eq!(chamilo_unread(&db, bob), "1");
    assert_eq!(gw.message_counts(bob).await.unwrap().inbox, 1);

    let inbox = gw.received_messages(bob).await.unwrap();
    assert_eq!(inbox.len(), 1);
    let m = &inbox[0];
    assert_eq!(
        (m.sender_id, m.receiver_id, m.status, m.title.as_str()),
        (ann, bob, message_status::UNREAD, "Exam dates")
    );
    assert_eq!(m.update_date, Some(m.send_date));
    assert_eq!(gw.sent_messages(ann).await.unwrap().len(), 2);
    assert!(gw.sent_messages(bob).await.unwrap().is_empty());

    // read: Chamilo's MESSAGE_STATUS_NEW (0), no longer counted
    assert!(gw.mark_message(bob, m.id, true).await.unwrap());
    assert_eq!(
        db.sql(&format!(
            "SELECT msg_status FROM message WHERE id = {}",
            m.id
        )),
        "0"
    );
    assert_eq!(chamilo_unread(&db, bob), "0");
    assert_eq!(gw.message_counts(bob).await.unwrap().inbox, 0);
    // another user's copy is not the receiver's to change
    assert_eq!(
        gw.mark_message(ann, m.id, false).await,
        Err(CoreError::NotFound(Entity::Message))
    );
    // deleting is Chamilo's soft delete (MESSAGE_STATUS_DELETED)
    gw.delete_message(bob, m.id, MessageBox::Inbox)
        .await
        .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT msg_status FROM message WHERE id = {}",
            m.id
        )),
        "3"
    );
    assert!(gw.received_messages(bob).await.unwrap().is_empty());
}

#[tokio::test]
async fn messages_chamilo_wrote_are_served_newest_first_and_counted() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let ann = user(&gw, "ann.inbox").await;
    // as MessageManager::send_message writes them, to the admin (user 1): read, unread,
    // deleted, a wall post, and the outbox copies; one with a zero update_date
    db.sql(&format!(
        "INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title, \
         content, group_id, parent_id, update_date) VALUES \
         ({ann}, 1, 0, '2024-01-01 10:00:00', 'old, read', 'a', 0, 0, '2024-01-01 10:00:00'), \
         ({ann}, 1, 4, '2024-01-01 10:00:00', 'old, read', 'a', 0, 0, '2024-01-01 10:00:00'), \
         ({ann}, 1, 1, '2024-03-01 10:00:00', 'newest', 'c', 0, 0, '0000-00-00 00:00:00'), \
         ({ann}, 1, 1, '2024-02-01 10:00:00', 'middle', 'b', 0, 0, NULL), \
         ({ann}, 1, 3, '2024-04-01 10:00:00', 'deleted', 'd', 0, 0, NULL), \
         ({ann}, 1, 8, '2024-05-01 10:00:00', 'wall', 'e', 0, 0, NULL)"
    ));
    let inbox: Vec<String> = gw
        .received_messages(1)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.title)
        .collect();
    assert_eq!(inbox, ["newest", "middle", "old, read"]);
    let newest = gw.received_messages(1).await.unwrap().remove(0);
    assert_eq!(newest.update_date, None, "a zero date reads as none");
    assert_eq!(newest.content, "c");
    assert_eq!(gw.message_counts(1).await.unwrap().inbox, 2);
    assert_eq!(chamilo_unread(&db, 1), "2");
    // unread since an id: only unread ones above it
    let middle_id: i64 = db
        .sql("SELECT id FROM message WHERE title = 'middle'")
        .parse()
        .unwrap();
    let newest_id: i64 = db
        .sql("SELECT id FROM message WHERE title = 'newest'")
        .parse()
        .unwrap();
    let since: Vec<i64> = gw
        .unread_messages_since(1, newest_id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(since, [middle_id]);
    let sent: Vec<String> = gw
        .sent_messages(ann)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.title)
        .collect();
    assert_eq!(sent, ["old, read"]);
}

#[tokio::test]
async fn a_message_the_columns_cannot_hold_is_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let ann = user(&gw, "ann.emoji").await;
    let res = gw
        .send_message(NewMessage {
            sender_id: ann,
            receivers: vec![1],
            title: "Party 🎉".into(),
            content: "tonight".into(),
        })
        .await;
    assert!(
        matches!(res, Err(CoreError::Invalid { field: "title", .. })),
        "{res:?}"
    );
    assert_eq!(db.sql("SELECT COUNT(*) FROM message"), "0");
}
