//! A local HTTP and HTTPS server for the `fetch` tests: 127.0.0.1 only, canned replies by path,
//! every request path recorded. HTTPS uses a certificate authority and a `localhost` certificate
//! made for the run (rcgen), which the tests pass to the fetcher as an extra root.
#![allow(dead_code)] // each test binary uses its own subset

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server answers on one path.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with a `Content-Length`.
    Body(Vec<u8>),
    /// 200 without `Content-Length`: the body ends when the connection closes.
    Unsized(Vec<u8>),
    /// A redirect (302) to this `Location`.
    Redirect(String),
    /// Another status, empty body.
    Status(u16),
    /// Reads the request, says nothing for this long, then hangs up.
    Stall(Duration),
}

/// The certificate authority and the server's TLS configuration.
pub struct TestTls {
    /// The authority's certificate (DER): the root the fetcher must trust.
    pub ca_der: Vec<u8>,
    /// The same in PEM.
    pub ca_pem: String,
    config: Arc<rustls::ServerConfig>,
}

/// A fresh authority and a `localhost` server certificate it signed.
pub fn test_tls() -> TestTls {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "openbadges fetch test authority");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf_params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let leaf = leaf_params.signed_by(&leaf_key, &ca).unwrap();
    // The one provider compiled in (ring, as ureq uses) is the process default.
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    TestTls {
        ca_der: ca.der().to_vec(),
        ca_pem: ca.pem(),
        config: Arc::new(config),
    }
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

/// A server on 127.0.0.1 (reached as `localhost`), on a port of its own.
pub struct Server {
    /// Its port.
    pub port: u16,
    scheme: &'static str,
    routes: Routes,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// A plain HTTP server.
    pub fn http() -> Server {
        Self::start(None)
    }

    /// An HTTPS server with `tls`'s certificate.
    pub fn https(tls: &TestTls) -> Server {
        Self::start(Some(Arc::clone(&tls.config)))
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Routes = Arc::default();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (r, s) = (Arc::clone(&routes), Arc::clone(&seen));
        // The accept loop ends with the test process.
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (r, s, tls) = (Arc::clone(&r), Arc::clone(&s), tls.clone());
                std::thread::spawn(move || handle(stream, tls, &r, &s));
            }
        });
        Server {
            port,
            scheme,
            routes,
            seen,
        }
    }

    /// `scheme://localhost:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}://localhost:{}{path}", self.scheme, self.port)
    }

    /// Answers `reply` on `path`.
    pub fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    /// The paths requested so far, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

fn handle(
    tcp: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    routes: &Routes,
    seen: &Mutex<Vec<String>>,
) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let mut stream = match tls {
        None => Stream::Plain(tcp),
        Some(config) => {
            let connection = rustls::ServerConnection::new(config).unwrap();
            Stream::Tls(Box::new(rustls::StreamOwned::new(connection, tcp)))
        }
    };
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) if head.len() < 16 * 1024 => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head);
    let path = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    seen.lock().unwrap().push(path.clone());
    let reply = routes.lock().unwrap().get(&path).cloned();
    let response = match reply {
        None => head_only(404, ""),
        Some(Reply::Status(code)) => head_only(code, ""),
        Some(Reply::Redirect(location)) => head_only(302, &format!("Location: {location}\r\n")),
        Some(Reply::Body(body)) => {
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend_from_slice(&body);
            r
        }
        Some(Reply::Unsized(body)) => {
            let mut r =
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                    .to_vec();
            r.extend_from_slice(&body);
            r
        }
        Some(Reply::Stall(time)) => {
            std::thread::sleep(time);
            return;
        }
    };
    let _ = stream.write_all(&response);
    if let Stream::Tls(tls) = &mut stream {
        tls.conn.send_close_notify();
    }
    let _ = stream.flush();
}

fn head_only(status: u16, headers: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status} Status\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// The issuing school, served over HTTPS from `localhost`: a badge by
/// `did:web:localhost%3APORT:issuers:district` (a port and two path segments) with an extension
/// context and a revocation status entry; the status list, published behind a redirect, is
/// signed by another DID (`did:web:localhost%3APORT`, document under `/.well-known/`) that only
/// the list names, so fetching it takes a second round.
pub struct School {
    /// The TLS authority (the root to trust).
    pub tls: TestTls,
    /// The server.
    pub server: Server,
    /// The badge's issuer.
    pub did: String,
    /// The status list's issuer.
    pub status_did: String,
    /// The extension context's URL.
    pub context_url: String,
    /// The status list credential's URL (which redirects).
    pub status_url: String,
    /// The signed badge, as JSON text.
    pub badge: Vec<u8>,
    /// Every served document: (path, bytes).
    pub served: Vec<(String, Vec<u8>)>,
}

/// 2026-03-01T12:00:00Z: issuing and verifying time.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone as _;
    chrono::Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

fn did_document(did: &str, method: &str, key: &openbadges::keys::Keypair) -> Vec<u8> {
    serde_json::to_vec_pretty(&openbadges::keys::controller_document(
        did,
        method,
        &key.public_key(),
    ))
    .unwrap()
}

/// Starts the school's server and issues its badge.
pub fn school() -> School {
    school_with(false)
}

/// [`school`], the badge revoked in the published list when `revoked`.
pub fn school_with(revoked: bool) -> School {
    use openbadges::documents::DocumentStore;
    use openbadges::issuer::{IssueOptions, Issuer, Suite};
    use openbadges::keys::Keypair;
    use openbadges::status::{StatusList, StatusListConfig};

    let tls = test_tls();
    let server = Server::https(&tls);
    let host = format!("localhost%3A{}", server.port);
    let did = format!("did:web:{host}:issuers:district");
    let method = format!("{did}#key-1");
    let status_did = format!("did:web:{host}");
    let status_method = format!("{status_did}#status-key");
    let context_url = server.url("/contexts/rubric-v1.json");
    let status_url = server.url("/status/1");
    let key = Keypair::from_seed(&[4; 32]);
    let status_key = Keypair::from_seed(&[5; 32]);

    let context = serde_json::to_vec_pretty(&serde_json::json!({"@context": {
        "rubricUrl": {"@id": "https://district.example/vocab#rubricUrl", "@type": "@id"}
    }}))
    .unwrap();
    let mut contexts = DocumentStore::new();
    contexts.insert_bytes(&context_url, &context).unwrap();
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([6; 32])).unwrap();
    let mut badge = crate::verify_support::badge(&did);
    badge["@context"]
        .as_array_mut()
        .unwrap()
        .push(context_url.clone().into());
    badge["rubricUrl"] = "https://district.example/rubrics/fractions".into();
    let issued = Issuer::new(Keypair::from_seed(&[4; 32]), method.clone())
        .with_documents(&contexts)
        .issue_json(
            badge,
            IssueOptions::new(Suite::EddsaRdfc2022, now()).with_status_list(&mut list, &status_url),
        )
        .unwrap();
    if revoked {
        list.set(issued.status_index.unwrap(), 1u64).unwrap();
    }
    let list_credential = list.to_credential(&status_did, &status_url, now(), None);
    let signed_list = Issuer::new(Keypair::from_seed(&[5; 32]), status_method.clone())
        .sign(&list_credential, Suite::EddsaRdfc2022, now())
        .unwrap();

    let served = vec![
        ("/contexts/rubric-v1.json".to_owned(), context),
        (
            "/issuers/district/did.json".to_owned(),
            did_document(&did, &method, &key),
        ),
        (
            "/published/status-1.json".to_owned(),
            serde_json::to_vec_pretty(&signed_list).unwrap(),
        ),
        (
            "/.well-known/did.json".to_owned(),
            did_document(&status_did, &status_method, &status_key),
        ),
    ];
    for (path, bytes) in &served {
        server.route(path, Reply::Body(bytes.clone()));
    }
    // A relative redirect: the list is recorded as fetched from where it really is.
    server.route(
        "/status/1",
        Reply::Redirect("/published/status-1.json".to_owned()),
    );
    School {
        tls,
        server,
        did,
        status_did,
        context_url,
        status_url,
        badge: serde_json::to_vec_pretty(&issued.credential).unwrap(),
        served,
    }
}

/// An unsigned badge whose only unknown documents are the `extra` contexts.
pub fn needing_contexts(extra: &[String]) -> Vec<u8> {
    let mut badge =
        crate::verify_support::badge("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    for url in extra {
        badge["@context"]
            .as_array_mut()
            .unwrap()
            .push(url.clone().into());
    }
    serde_json::to_vec(&badge).unwrap()
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fetch_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
