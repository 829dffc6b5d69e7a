//! Messages (`crates/core/src/messages.rs`): a send is all or nothing, status changes touch
//! only the user's own copy.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::messages::{MessageBox, NewMessage};
use chamilo_core::{CoreError, Entity};

#[tokio::test]
async fn a_send_with_an_unknown_receiver_writes_nothing() {
    for (backend, gw, _db) in gateways().await {
        let a = user(&gw, "ann").await;
        let b = user(&gw, "ben").await;
        let err = gw
            .send_message(NewMessage {
                sender_id: a,
                receivers: vec![b, 999],
                title: "Hi".into(),
                content: "x".into(),
            })
            .await
            .unwrap_err();
        assert_eq!(err, CoreError::NotFound(Entity::User), "{backend}");
        assert!(
            gw.received_messages(b).await.unwrap().is_empty(),
            "{backend}"
        );
        assert!(gw.sent_messages(a).await.unwrap().is_empty(), "{backend}");
        // too long a title is refused before writing, on every database alike
        let err = gw
            .send_message(NewMessage {
                sender_id: a,
                receivers: vec![b],
                title: "t".repeat(256),
                content: String::new(),
            })
            .await
            .unwrap_err();
        assert!(matches!(err, CoreError::Invalid { .. }), "{backend}");
    }
}

#[tokio::test]
async fn status_changes_touch_only_the_users_own_copy() {
    for (backend, gw, _db) in gateways().await {
        let a = user(&gw, "ann").await;
        let b = user(&gw, "ben").await;
        gw.send_message(NewMessage {
            sender_id: a,
            receivers: vec![b],
            title: "Hi".into(),
            content: "x".into(),
        })
        .await
        .unwrap();
        let inbox = gw.received_messages(b).await.unwrap();
        let outbox = gw.sent_messages(a).await.unwrap();
        let (inbox, outbox) = (inbox[0].id, outbox[0].id);
        assert_eq!(gw.message_counts(b).await.unwrap().inbox, 1, "{backend}");
        assert!(gw.mark_message(b, inbox, true).await.unwrap(), "{backend}");
        assert!(!gw.mark_message(b, inbox, true).await.unwrap(), "{backend}");
        assert_eq!(gw.message_counts(b).await.unwrap().inbox, 0, "{backend}");
        assert_eq!(
            gw.mark_message(a, inbox, false).await,
            Err(CoreError::NotFound(Entity::Message)),
            "{backend}"
        );
        assert_eq!(
            gw.mark_message(a, outbox, true).await,
            Err(CoreError::NotFound(Entity::Message)),
            "{backend}"
        );
        assert_eq!(
            gw.delete_message(b, outbox, MessageBox::Outbox).await,
            Err(CoreError::NotFound(Entity::Message)),
            "{backend}"
        );
        gw.delete_message(a, outbox, MessageBox::Outbox)
            .await
            .unwrap();
        assert!(gw.sent_messages(a).await.unwrap().is_empty(), "{backend}");
        assert_eq!(gw.received_messages(b).await.unwrap().len(), 1, "{backend}");
    }
}
