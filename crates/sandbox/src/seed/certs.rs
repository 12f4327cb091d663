//! Self-signed IdP certificates for the seeded SAML applications, as JumpCloud makes one when an
//! application is activated: an X.509 certificate and its private key, both PEM.
//!
//! Promises: the certificate's notAfter is midnight UTC of its expiry day, and [`IdpCert::expires`]
//! is that instant in ISO 8601 (what `sso.idpCertExpirationAt` carries); which expiry each
//! application gets depends only on the seed and its index (the calendar days are counted from the
//! day of seeding, and the result is stored, so a restart reads the same dates back); keys are
//! ECDSA P-256 (fast to make), and past [`DISTINCT_KEYS`] applications keys are reused, each
//! certificate still distinct (own serial number and dates), so the large organisation seeds fast.

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, SerialNumber};

use crate::prng::Prng;

/// Applications past this many share keys (certificates stay distinct).
pub(crate) const DISTINCT_KEYS: usize = 50;

/// One application's IdP certificate.
pub(crate) struct IdpCert {
    pub(crate) certificate_pem: String,
    pub(crate) private_key_pem: String,
    /// notAfter, `YYYY-MM-DDT00:00:00.000Z`.
    pub(crate) expires: String,
    /// notBefore, same format (when the pair was "generated").
    pub(crate) issued: String,
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
/// counted in days since the Unix epoch.
/// Serial numbers count up from `first_serial` (seeded applications start at 0; a created one
/// takes a random one, since its pair is made on its own).
pub(crate) fn generate(
    today: i64,
    offsets: &[i64],
    names: &[String],
    first_serial: u64,
) -> Vec<IdpCert> {
    let mut keys: Vec<KeyPair> = Vec::new();
    offsets
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (offset, name))| {
            if keys.len() <= i % DISTINCT_KEYS {
                keys.push(KeyPair::generate().expect("ring makes ECDSA P-256 keys"));
            }
            let key = &keys[i % DISTINCT_KEYS];
            let not_after = today + offset;
            let not_before = not_after - 3 * 365;
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
                .self_signed(key)
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

/// The base64 body of a PEM block (the DER, base64), as SAML metadata carries a certificate.
pub(crate) fn pem_body(pem: &str) -> String {
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
