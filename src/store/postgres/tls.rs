//! TLS to the server through rustls (no system libraries), with libpq's `sslmode`
//! meanings: `require` encrypts without checking who answers (unless a root
//! certificate file exists, when it checks as `verify-ca` does, as libpq does);
//! `verify-ca` checks the chain against the root certificates; `verify-full` checks the
//! chain and the host name.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::server::SslMode;
use crate::error::{Failure, Kind};

/// The connector for `mode`, with the CA certificates in `root_cert` where it checks.
pub fn connector(mode: SslMode, root_cert: &Path) -> anyhow::Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mode = if mode == SslMode::Require && root_cert.is_file() { SslMode::VerifyCa } else { mode };
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context("failed to set up TLS")?;
    let verifier: Arc<dyn ServerCertVerifier> = match mode {
        SslMode::Disable | SslMode::Prefer | SslMode::Require => {
            Arc::new(Unchecked(provider.signature_verification_algorithms))
        }
        SslMode::VerifyCa => Arc::new(ChainOnly(webpki(root_cert, provider)?)),
        SslMode::VerifyFull => webpki(root_cert, provider)?,
    };
    let config = builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// rustls' own verifier over the CA certificates in `root_cert`.
fn webpki(root_cert: &Path, provider: Arc<CryptoProvider>) -> anyhow::Result<Arc<WebPkiServerVerifier>> {
    let no_roots = |why: &dyn std::fmt::Display| {
        anyhow::Error::from(
            Failure::new(Kind::Other, format!("no CA certificate to check the server against in {}: {why}", root_cert.display()))
                .with_hint("point sslrootcert= (or PGSSLROOTCERT) at the PEM file of the CA that signed the server's certificate"),
        )
    };
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(root_cert).map_err(|error| no_roots(&error))?;
    for cert in certs {
        roots.add(cert.map_err(|error| no_roots(&error))?).map_err(|error| no_roots(&error))?;
    }
    if roots.is_empty() {
        return Err(no_roots(&"the file holds no certificate"));
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .context("failed to set up TLS certificate checks")
}

/// `require`: the handshake's signatures are checked, the certificate is not.
#[derive(Debug)]
struct Unchecked(WebPkiSupportedAlgorithms);

/// `verify-ca`: the chain is checked, the name in it is not.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
