//! A form's typed values and its errors, so a page can come back with everything kept and
//! each message beside its field.

use std::collections::HashMap;

use crate::domain::FieldError;

/// Values and errors of one form.
#[derive(Debug, Default, Clone)]
pub struct FormState {
    values: HashMap<String, String>,
    errors: Vec<FieldError>,
}

impl FormState {
    /// A form filled with `values`.
    pub fn with_values<I, K, V>(values: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            values: values
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            errors: Vec::new(),
        }
    }

    /// Adds the errors to show.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// What was typed into `field`.
    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Whether `field` is checked / has `option` selected.
    pub fn is(&self, field: &str, option: &str) -> bool {
        self.value(field) == option
    }

    /// The error of `field`, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
            .map(|e| e.message.as_str())
    }

    /// Whether any field has an error.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every error, for the summary at the top of the form.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }
}
