//! The output formats as the command line names them. The formats belong to the layers that
//! write them (`report`, `interchange`); clap is the command line's, so it is taught their
//! names here, and the lower layers never depend on it.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::interchange::export::ExportFormat;
use crate::model::merge::Prefer;
use crate::report::{BoardFormat, DiffFormat, Format};

/// `impl ValueEnum` for a format enum: each variant and the name a user types.
macro_rules! value_enum {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(<$ty>::$variant),+]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(match self {
                    $(<$ty>::$variant => $name),+
                }))
            }
        }
    };
}

value_enum!(Format { Table => "table", Csv => "csv", Markdown => "markdown", Json => "json" });
value_enum!(BoardFormat { Markdown => "markdown", Html => "html", Csv => "csv" });
value_enum!(DiffFormat { Text => "text", Markdown => "markdown", Json => "json" });
value_enum!(ExportFormat { Json => "json", Csv => "csv", Xlsx => "xlsx" });
value_enum!(Prefer { Ours => "ours", Theirs => "theirs", Newest => "newest" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_lower_case_name() {
        let names = |vs: Vec<Option<PossibleValue>>| -> Vec<String> {
            vs.into_iter()
                .map(|v| v.unwrap().get_name().to_string())
                .collect()
        };
        assert_eq!(
            names(
                Format::value_variants()
                    .iter()
                    .map(|v| v.to_possible_value())
                    .collect()
            ),
            ["table", "csv", "markdown", "json"]
        );
        assert_eq!(
            BoardFormat::from_str("html", false).unwrap(),
            BoardFormat::Html
        );
        assert_eq!(
            DiffFormat::from_str("json", false).unwrap(),
            DiffFormat::Json
        );
        assert_eq!(
            ExportFormat::from_str("csv", false).unwrap(),
            ExportFormat::Csv
        );
    }
}
