//! Private certificate authorities made for a test, and HTTPS sandboxes serving their
//! certificates.

use gatehouse_sandbox::{Sandbox, SandboxConfig, TlsIdentity};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};

/// A root CA and a server certificate it issued for 127.0.0.1.
pub struct PrivateCa {
    pub root_pem: String,
    pub server: TlsIdentity,
}

pub fn private_ca(name: &str) -> PrivateCa {
    let root_key = KeyPair::generate().unwrap();
    let mut root = CertificateParams::new(Vec::<String>::new()).unwrap();
    root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    root.distinguished_name.push(DnType::CommonName, name);
    let root = root.self_signed(&root_key).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server = server.signed_by(&server_key, &root, &root_key).unwrap();
    PrivateCa {
        root_pem: root.pem(),
        server: TlsIdentity {
            certificate_chain_pem: server.pem(),
            private_key_pem: server_key.serialize_pem(),
        },
    }
}

/// A sandbox serving HTTPS on 127.0.0.1 with a certificate `ca` issued.
pub async fn https_sandbox(ca: &PrivateCa) -> Sandbox {
    let sandbox = Sandbox::start(SandboxConfig {
        tls: Some(ca.server.clone()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    assert!(sandbox.base_url().starts_with("https://127.0.0.1:"));
    sandbox
}
