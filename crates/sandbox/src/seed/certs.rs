//! Self-signed IdP certificates for the seeded SAML applications, as JumpCloud makes one when an
//! application is activated: an X.509 certificate and its private key, both PEM.
//!
//! Promises: keys are RSA 2048 and certificates are signed with SHA-256 (RSA-SHA256), as JumpCloud
//! documents for its pairs, so an assertion can be signed with them; a certificate is valid five
//! years (a real sample: created 2021-10-29, expiring 2026-10-29, see
//! `shared/jumpcloud-api/wire-evidence.md`); its notAfter is midnight UTC of its expiry day, and
//! [`IdpCert::expires`] is that instant in ISO 8601 (what `sso.idpCertExpirationAt` carries);
//! which expiry each application gets depends only on the seed and its index (the calendar days
//! are counted from the day of seeding, and the result is stored, so a restart reads the same
//! dates back). ring, the crypto rcgen uses here, signs with RSA but cannot generate RSA keys, so
//! the keys come from a fixed set of sample keys in `testdata/idp-rsa-keys.pem` (public on
//! purpose, like all sample data), reused in turn; every certificate is still distinct (own serial
//! number, subject and dates).

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, SerialNumber, PKCS_RSA_SHA256};

use crate::prng::Prng;

/// The sample RSA-2048 keys, PKCS#8 PEM, one after the other.
const RSA_KEYS: &str = include_str!("../../testdata/idp-rsa-keys.pem");

/// How long a generated certificate is valid, in years.
pub(crate) const VALID_YEARS: i64 = 5;

/// One application's IdP certificate.
pub(crate) struct IdpCert {
    pub(crate) certificate_pem: String,
    pub(crate) private_key_pem: String,
    /// notAfter, `YYYY-MM-DDT00:00:00.000Z`.
    pub(crate) expires: String,
    /// notBefore, same format (when the pair was "generated").
    pub(crate) issued: String,
}

/// The sample keys as PEM blocks, in file order.
fn key_pems() -> Vec<&'static str> {
    let end = "-----END PRIVATE KEY-----";
    RSA_KEYS
        .split_inclusive(end)
        .filter_map(|chunk| {
            chunk
                .find("-----BEGIN PRIVATE KEY-----")
                .map(|at| &chunk[at..])
        })
        .filter(|block| block.ends_with(end))
        .collect()
}

/// How far from the seeding day an application's certificate expires, in days: application 0
/// (the readiness demo) is always fine; the rest cycle through expired, within 7, 30 and 60 days,
/// and fine, in a seed-dependent order.
pub(crate) fn expiry_offset_days(seed: u64, index: usize, rng: &mut Prng) -> i64 {
    if index == 0 {
        return 400;
    }
    let bucket = (index as u64 + seed) % 10;
    match bucket {
        0 => -1 - rng.below(120) as i64,   // expired
        1 => 1 + rng.below(6) as i64,      // within 7 days
        2 => 8 + rng.below(22) as i64,     // within 30 days
        3 => 31 + rng.below(29) as i64,    // within 60 days
        _ => 90 + rng.below(1_000) as i64, // fine
    }
}

/// Certificates for `count` applications whose expiries are `today + offsets[i]` days, `today`
/// counted in days since the Unix epoch; each was issued [`VALID_YEARS`] before its expiry.
/// Serial numbers count up from `first_serial` (seeded applications start at 0; a created one
/// takes a random one, since its pair is made on its own), and so does the choice of key.
pub(crate) fn generate(
    today: i64,
    offsets: &[i64],
    names: &[String],
    first_serial: u64,
) -> Vec<IdpCert> {
    let pems = key_pems();
    let mut keys: Vec<Option<KeyPair>> = (0..pems.len()).map(|_| None).collect();
    offsets
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (offset, name))| {
            let slot = (first_serial.wrapping_add(i as u64) % pems.len() as u64) as usize;
            let key = keys[slot].get_or_insert_with(|| {
                KeyPair::from_pkcs8_pem_and_sign_algo(pems[slot], &PKCS_RSA_SHA256)
                    .expect("the sample RSA keys are PKCS#8 PEM that ring reads")
            });
            let not_after = today + offset;
            let not_before = years_before(not_after, VALID_YEARS);
            let mut params = CertificateParams::new(Vec::<String>::new())
                .expect("no subject alternative names to check");
            let mut dn = DistinguishedName::new();
            dn.push(DnType::CountryName, "US");
            dn.push(DnType::StateOrProvinceName, "Colorado");
            dn.push(DnType::LocalityName, "Louisville");
            dn.push(DnType::OrganizationName, "JumpCloud");
            dn.push(DnType::OrganizationalUnitName, "JumpCloudSAMLIdP");
            dn.push(DnType::CommonName, format!("JumpCloud {name}"));
            params.distinguished_name = dn;
            let ((by, bm, bd), (ay, am, ad)) = (civil(not_before), civil(not_after));
            params.not_before = rcgen::date_time_ymd(by as i32, bm as u8, bd as u8);
            params.not_after = rcgen::date_time_ymd(ay as i32, am as u8, ad as u8);
            params.serial_number = Some(SerialNumber::from(
                0x5D00_0000_0000_0000 | (first_serial + i as u64) & 0x00FF_FFFF_FFFF_FFFF,
            ));
            let cert = params
                .self_signed(&*key)
                .expect("a self-signed certificate from valid parameters");
            IdpCert {
                certificate_pem: cert.pem(),
                private_key_pem: key.serialize_pem(),
                expires: iso_midnight(not_after),
                issued: iso_midnight(not_before),
            }
        })
        .collect()
}

/// Days from `day` to the same calendar date `years` later (the last day of February for the
/// 29th in a year without one): how long a generated pair is valid.
pub(crate) fn days_to_years_later(day: i64, years: i64) -> i64 {
    let (y, m, d) = civil(day);
    let target = y + years;
    days_from_civil(target, m, d.min(days_in_month(target, m))) - day
}

/// The same calendar date `years` before `day`.
fn years_before(day: i64, years: i64) -> i64 {
    let (y, m, d) = civil(day);
    let target = y - years;
    days_from_civil(target, m, d.min(days_in_month(target, m)))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date (Howard Hinnant's days-from-civil; seed dates are small).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since the Unix epoch, now.
pub(crate) fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    secs.div_euclid(86_400)
}

fn iso_midnight(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}T00:00:00.000Z")
}

/// (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's days-to-civil).
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The base64 DER of a certificate, as SAML metadata carries it, from the value an application
/// holds: PEM, or base64 of the PEM text (how some real objects hold it, see wire-evidence.md).
pub(crate) fn pem_body(value: &str) -> String {
    use base64::Engine;
    let trimmed = value.trim();
    let pem = if trimmed.starts_with("-----BEGIN") || trimmed.is_empty() {
        trimmed.to_owned()
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(trimmed.split_whitespace().collect::<String>())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|t| t.trim_start().starts_with("-----BEGIN"))
            .unwrap_or_else(|| trimmed.to_owned())
    };
    pem.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(iso_midnight(19_782), "2024-02-29T00:00:00.000Z");
    }

    #[test]
    fn five_years_on_the_same_calendar_date() {
        let created = days_from_civil(2021, 10, 29);
        assert_eq!(civil(created), (2021, 10, 29));
        assert_eq!(
            civil(created + days_to_years_later(created, 5)),
            (2026, 10, 29)
        );
        let leap = days_from_civil(2024, 2, 29);
        assert_eq!(civil(leap + days_to_years_later(leap, 5)), (2029, 2, 28));
        assert_eq!(
            civil(years_before(days_from_civil(2031, 3, 1), 5)),
            (2026, 3, 1)
        );
    }

    #[test]
    fn certificates_are_rsa_2048_with_sha256_for_five_years() {
        let today = days_from_civil(2021, 10, 29);
        let names: Vec<String> = (0..10).map(|i| format!("App {i}")).collect();
        let offsets = [days_to_years_later(today, 5); 10];
        let certs = generate(today, &offsets, &names, 0);
        assert_eq!(key_pems().len(), 8, "eight sample keys");
        for (i, c) in certs.iter().enumerate() {
            assert_eq!(c.issued, "2021-10-29T00:00:00.000Z");
            assert_eq!(c.expires, "2026-10-29T00:00:00.000Z");
            assert!(c.private_key_pem.contains("BEGIN PRIVATE KEY"));
            let key = KeyPair::from_pkcs8_pem_and_sign_algo(&c.private_key_pem, &PKCS_RSA_SHA256)
                .expect("an RSA key");
            assert_eq!(key.algorithm(), &PKCS_RSA_SHA256, "certificate {i}");
            // RSA-2048: RSAPublicKey { modulus (257 bytes with its leading zero), exponent }.
            assert!(
                (266..=272).contains(&key.public_key_raw().len()),
                "certificate {i}: {} bytes",
                key.public_key_raw().len()
            );
            use base64::Engine;
            let der = base64::engine::general_purpose::STANDARD
                .decode(pem_body(&c.certificate_pem))
                .expect("base64 DER");
            // sha256WithRSAEncryption, 1.2.840.113549.1.1.11, as the certificate's signature.
            let oid = [
                0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B,
            ];
            assert!(der.windows(oid.len()).any(|w| w == oid), "certificate {i}");
        }
        assert_eq!(
            certs[0].private_key_pem, certs[8].private_key_pem,
            "keys are reused in turn"
        );
        assert_ne!(certs[0].certificate_pem, certs[8].certificate_pem);
    }

    #[test]
    fn the_metadata_body_is_the_der_whatever_the_value_holds() {
        use base64::Engine;
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_body(pem), "MIIBAAAA");
        let of_pem = base64::engine::general_purpose::STANDARD.encode(pem);
        assert_eq!(pem_body(&of_pem), "MIIBAAAA");
        assert_eq!(pem_body(""), "");
    }

    #[test]
    fn every_expiry_bucket_occurs_in_the_demo() {
        let mut rng = Prng::new(1);
        let offsets: Vec<i64> = (0..30)
            .map(|i| expiry_offset_days(1, i, &mut rng))
            .collect();
        assert!(offsets.iter().any(|d| *d < 0), "expired");
        assert!(offsets.iter().any(|d| (0..=7).contains(d)), "within 7 days");
        assert!(offsets.iter().any(|d| (8..=30).contains(d)), "within 30");
        assert!(offsets.iter().any(|d| (31..=60).contains(d)), "within 60");
        assert!(offsets.iter().any(|d| *d > 60), "fine");
        assert!(offsets[0] > 60, "the readiness demo's certificate is fine");
    }
}
