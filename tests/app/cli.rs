//! The `expat-desk` binary's commands, run as a user would run them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::helpers::TestDatabase;

fn expat_desk(database: &TestDatabase, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_expat-desk"))
        .args(args)
        .env("DATABASE_URL", database.url())
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("stdin written");
    }
    child.wait_with_output().expect("binary finishes")
}

fn add_user(database: &TestDatabase, extra: &[&str], password: &str) -> Output {
    let mut args = vec!["user", "add", "--password-stdin"];
    args.extend_from_slice(extra);
    expat_desk(database, &args, &format!("{password}\n"))
}

fn one_line_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(
        stderr.lines().count(),
        1,
        "expected one line, got: {stderr}"
    );
    stderr
}

#[tokio::test]
async fn migrate_then_user_add_creates_an_account() {
    let database = TestDatabase::create().await;
    let migrated = expat_desk(&database, &["migrate"], "");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let output = add_user(
        &database,
        &[
            "--email",
            "admin@centre.example.org",
            "--name",
            "Alena Horáková",
            "--role",
            "admin",
        ],
        "a long enough password",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("admin@centre.example.org"));
}

#[tokio::test]
async fn user_add_with_a_duplicate_e_mail_fails_with_one_line() {
    let database = TestDatabase::create().await;
    let args = [
        "--email",
        "jana@centre.example.org",
        "--name",
        "Jana",
        "--role",
        "caseworker",
    ];
    assert!(
        add_user(&database, &args, "a long enough password")
            .status
            .success()
    );
    let again = add_user(&database, &args, "another long password");
    assert!(!again.status.success());
    assert!(one_line_error(&again).contains("already exists"));
}

#[tokio::test]
async fn user_add_of_a_partner_without_partner_fails_with_one_line() {
    let database = TestDatabase::create().await;
    let output = add_user(
        &database,
        &[
            "--email",
            "eva@charita.example.org",
            "--name",
            "Eva",
            "--role",
            "partner",
        ],
        "a long enough password",
    );
    assert!(!output.status.success());
    assert!(one_line_error(&output).contains("--partner"));
}

#[tokio::test]
async fn user_add_with_an_unknown_partner_fails_with_one_line() {
    let database = TestDatabase::create().await;
    let output = add_user(
        &database,
        &[
            "--email",
            "eva@charita.example.org",
            "--name",
            "Eva",
            "--role",
            "partner",
            "--partner",
            "nobody",
        ],
        "a long enough password",
    );
    assert!(!output.status.success());
    assert!(one_line_error(&output).contains("no partner organisation"));
}

#[tokio::test]
async fn user_add_with_a_weak_password_fails_with_one_line() {
    let database = TestDatabase::create().await;
    let output = add_user(
        &database,
        &[
            "--email",
            "jana@centre.example.org",
            "--name",
            "Jana",
            "--role",
            "caseworker",
        ],
        "short",
    );
    assert!(!output.status.success());
    assert!(one_line_error(&output).contains("password"));
}

#[tokio::test]
async fn a_bad_configuration_value_names_the_variable() {
    let database = TestDatabase::create().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_expat-desk"))
        .args(["migrate"])
        .env("DATABASE_URL", database.url())
        .env("EXPAT_DESK_REFERENCE_PREFIX", "not valid")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let status = child.wait().expect("finishes");
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        pipe.read_to_string(&mut stderr).expect("stderr");
    }
    assert!(!status.success());
    assert!(stderr.contains("EXPAT_DESK_REFERENCE_PREFIX"), "{stderr}");
}

#[tokio::test]
async fn a_broken_workflow_file_stops_start_up_with_the_reason() {
    let database = TestDatabase::create().await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("workflows.toml");
    std::fs::write(
        &path,
        "[[workflow]]\nkey = \"general\"\nversion = 1\ninitial = \"nowhere\"\ncategories = [\"other\"]\n",
    )
    .expect("written");
    let output = Command::new(env!("CARGO_BIN_EXE_expat-desk"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", database.url())
        .env("EXPAT_DESK_WORKFLOWS", &path)
        .env("RUST_LOG", "error")
        .output()
        .expect("binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid workflow definitions"), "{stderr}");
}
