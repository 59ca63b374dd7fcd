//! Property tests over random transition sequences on the default workflows.
