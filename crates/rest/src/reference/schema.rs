//! JSON Schemas (OpenAPI 3.1 dialect) of the action docs: the shape of an answer's `data` and
//! the type of a parameter.

use serde_json::json;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::RefOr;

use crate::action_doc::{Member, Shape, Ty};

fn typed(t: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::new(t))
}

fn text_matching(pattern: &str, description: &str) -> Schema {
    typed(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
        .into()
}

const DATETIME: &str = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$";
const INT_TEXT: &str = r"^-?\d+$";

fn one_of(items: impl IntoIterator<Item = Schema>) -> Schema {
    let mut b = OneOfBuilder::new();
    for s in items {
        b = b.item(s);
    }
    b.into()
}

fn array(item: Schema) -> ArrayBuilder {
    ArrayBuilder::new().items(RefOr::T(item))
}

fn object(members: &[Member], rest: Option<&Shape>) -> Schema {
    let mut b = typed(Type::Object);
    for m in members {
        b = b.property(m.name, data(&m.shape));
        if m.always {
            b = b.required(m.name);
        }
    }
    let rest = match rest {
        Some(s) => AdditionalProperties::RefOr(RefOr::T(data(s))),
        None => AdditionalProperties::FreeForm(false),
    };
    b.additional_properties(Some(rest)).into()
}

/// The schema of `data` with this shape.
pub fn data(shape: &Shape) -> Schema {
    match shape {
        Shape::Text => typed(Type::String).into(),
        Shape::IntText => text_matching(INT_TEXT, "a whole number written as text"),
        Shape::Flag => typed(Type::String).enum_values(Some(["0", "1"])).into(),
        Shape::DateTime => text_matching(DATETIME, "YYYY-MM-DD HH:MM:SS"),
        Shape::Int => typed(Type::Integer).into(),
        Shape::Bool => typed(Type::Boolean).into(),
        Shape::True => typed(Type::Boolean).enum_values(Some([true])).into(),
        Shape::Null => typed(Type::Null).into(),
        Shape::Nullable(s) => one_of([data(s), typed(Type::Null).into()]),
        Shape::List(s) => array(data(s)).into(),
        Shape::One(s) => array(data(s)).min_items(Some(1)).max_items(Some(1)).into(),
        Shape::Obj(members) => object(members, None),
        Shape::ObjAnd(members, rest) => object(members, Some(rest)),
        Shape::ById(s) => one_of([
            typed(Type::Object)
                .description(Some("keyed by id"))
                .property_names(Some(Schema::from(
                    typed(Type::String).pattern(Some(INT_TEXT)),
                )))
                .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(data(s)))))
                .min_properties(Some(1))
                .into(),
            array(typed(Type::Null).into())
                .max_items(Some(0))
                .description(Some("none: []"))
                .into(),
        ]),
        Shape::Either(shapes) => one_of(shapes.iter().map(data)),
        Shape::Nothing => typed(Type::Null).into(),
    }
}

/// The schema of a parameter of this type, as a form field or query parameter.
pub fn input(ty: Ty) -> Schema {
    let text = || typed(Type::String);
    match ty {
        Ty::Text => text().into(),
        Ty::Int => typed(Type::Integer).into(),
        Ty::Flag => typed(Type::Integer).enum_values(Some([0, 1])).into(),
        Ty::Bool => text()
            .examples([json!("1"), json!("true"), json!("0")])
            .into(),
        Ty::DateTime => text()
            .pattern(Some(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$"))
            .into(),
        Ty::Date => text()
            .pattern(Some(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$"))
            .into(),
        Ty::Ids => array(typed(Type::Integer).into()).into(),
        Ty::Texts => array(text().into()).into(),
        Ty::Map => typed(Type::Object)
            .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(text().into()))))
            .into(),
        Ty::Pairs => array(
            typed(Type::Object)
                .property("field_name", text())
                .property("field_value", text())
                .required("field_name")
                .into(),
        )
        .into(),
        Ty::Json => text().content_media_type("application/json").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action_doc::{always, maybe};

    #[test]
    fn shapes_as_json_schema() {
        const SHAPE: Shape = Shape::ById(&Shape::Obj(&[
            always("id", Shape::IntText),
            maybe("at", Shape::Nullable(&Shape::DateTime)),
        ]));
        insta::assert_json_snapshot!(data(&SHAPE), @r#"
        {
          "oneOf": [
            {
              "type": "object",
              "description": "keyed by id",
              "additionalProperties": {
                "type": "object",
                "required": [
                  "id"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "description": "a whole number written as text",
                    "pattern": "^-?\\d+$"
                  },
                  "at": {
                    "oneOf": [
                      {
                        "type": "string",
                        "description": "YYYY-MM-DD HH:MM:SS",
                        "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "additionalProperties": false
              },
              "propertyNames": {
                "type": "string",
                "pattern": "^-?\\d+$"
              },
              "minProperties": 1
            },
            {
              "type": "array",
              "items": {
                "type": "null"
              },
              "description": "none: []",
              "maxItems": 0
            }
          ]
        }
        "#);
    }
}
