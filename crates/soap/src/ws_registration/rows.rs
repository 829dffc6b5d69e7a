//! A batch operation's answer: one row per item, in input order, all of one row type.

use crate::codec::Typed;

pub struct Rows {
    row_type: &'static str,
    items: Vec<Typed>,
}

impl Rows {
    pub fn new(row_type: &'static str) -> Self {
        Rows {
            row_type,
            items: Vec::new(),
        }
    }

    /// Adds a row of these members.
    pub fn push(&mut self, members: Vec<(&'static str, Typed)>) {
        self.items.push(Typed::Struct {
            type_name: self.row_type,
            members,
        });
    }

    /// The SOAP-ENC array of the rows.
    pub fn finish(self) -> Option<Typed> {
        Some(Typed::Array {
            item_type: self.row_type,
            items: self.items,
        })
    }
}
