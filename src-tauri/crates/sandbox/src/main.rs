//! `gatehouse-sandbox [--port N] [--seed N] [--empty] [--bulk N] [--from-export DIR]
//! [--tls-cert PEM --tls-key PEM]`: runs the sandbox standalone and prints one JSON line with
//! its base URL and credentials, for other tools to point at it. The credentials are new at
//! each start; `--seed N` reproduces them. `--from-export DIR` holds that export's tenant in
//! place of the demo data of its vendor, to rehearse a restore plan on.

use std::io::Write;

use gatehouse_sandbox::{Sandbox, SandboxConfig, TlsIdentity};

const USAGE: &str =
    "usage: gatehouse-sandbox [--port N] [--seed N] [--empty] [--bulk N] [--from-export DIR] [--tls-cert PEM --tls-key PEM]";

fn parse(args: impl Iterator<Item = String>) -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig::default();
    let (mut certificate, mut key) = (None, None);
    let mut args = args;
    while let Some(flag) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a value"))?;
            value
                .parse()
                .map_err(|_| format!("{name} takes a whole number, not {value:?}"))
        };
        match flag.as_str() {
            "--port" => {
                config.port =
                    u16::try_from(number("--port")?).map_err(|_| "--port is at most 65535")?
            }
            "--seed" => config.seed = Some(number("--seed")?),
            "--empty" => config.demo_data = false,
            "--bulk" => {
                config.bulk =
                    usize::try_from(number("--bulk")?).map_err(|_| "--bulk is too large")?
            }
            "--from-export" => {
                let dir = args
                    .next()
                    .ok_or("--from-export needs an export's folder")?;
                let export = gatehouse_configfiles::read(std::path::Path::new(&dir))
                    .map_err(|error| format!("--from-export: {error}"))?;
                config.from_export = Some(Box::new(export));
            }
            "--tls-cert" => certificate = Some(args.next().ok_or("--tls-cert needs a file")?),
            "--tls-key" => key = Some(args.next().ok_or("--tls-key needs a file")?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    config.tls = match (certificate, key) {
        (None, None) => None,
        (Some(certificate), Some(key)) => {
            let read = |path: &str| {
                std::fs::read_to_string(path).map_err(|error| format!("{path}: {error}"))
            };
            Some(TlsIdentity {
                certificate_chain_pem: read(&certificate)?,
                private_key_pem: read(&key)?,
            })
        }
        _ => return Err("--tls-cert and --tls-key go together".to_owned()),
    };
    Ok(config)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(problem) => {
            eprintln!("{problem}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("the sandbox could not start: {error}");
            std::process::exit(1);
        }
    };
    let announcement = serde_json::json!({
        "base_url": sandbox.base_url(),
        "credentials": sandbox.credentials(),
    });
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{announcement}");
    let _ = stdout.flush();
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|arg| arg.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn parses_flags() {
        let config = parse(args(&["--port", "8080", "--seed", "7", "--empty"])).unwrap();
        assert_eq!(
            (config.port, config.seed, config.demo_data, config.bulk),
            (8080, Some(7), false, 0)
        );
        assert_eq!(parse(args(&["--bulk", "10000"])).unwrap().bulk, 10_000);
        assert_eq!(
            parse(args(&[])).unwrap().seed,
            None,
            "without --seed the credentials come from the OS's random source"
        );
        assert!(parse(args(&["--bulk", "many"])).is_err());
        assert!(parse(args(&["--port"])).is_err());
        assert!(parse(args(&["--port", "70000"])).is_err());
        assert!(parse(args(&["--verbose"])).is_err());
        assert!(parse(args(&["--tls-cert", "server.pem"])).is_err());
        assert!(parse(args(&[
            "--tls-cert",
            "/no/such.pem",
            "--tls-key",
            "/no/key.pem"
        ]))
        .is_err());
    }
}
