//! login and api key checks (being written)
