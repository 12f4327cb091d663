//! From what an admin holds to the response's XML: a `SAMLResponse` value as the HTTP-POST binding
//! carries it (base64), URL-encoded (copied from a form body or a URL), raw XML, or the
//! HTTP-Redirect binding's deflated form; or a file that holds several, a SAML-tracer export or a
//! HAR file, whose responses are listed to choose from.
//!
//! Promises: nothing here reads or writes a file or the network; every size is capped (the text,
//! the decoded bytes, the inflated bytes), so arbitrary input ends in bounded time and memory with
//! a [`DecodeError`] that says what the input was taken for and why it failed.

use base64::Engine;
use serde::Serialize;
use serde_json::Value;

/// The largest text accepted (a HAR file of a whole sign-in fits; a response is far smaller).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;
/// The largest response, once decoded (base64 or inflated) to XML.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Why an input is not a SAML response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("nothing was pasted")]
    Empty,
    #[error("this is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("this is not base64 (a SAMLResponse value), URL-encoded base64 or XML: {0}")]
    NotBase64(String),
    #[error("this decodes from base64, but to neither XML nor a deflated XML message")]
    NotXml,
    #[error("this is JSON, but neither a HAR file nor a SAML-tracer export")]
    UnknownJson,
    #[error("the file holds no SAML response (SAMLResponse parameter or decoded SAML message)")]
    NoneFound,
}

/// Where a response was found, for the list to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FoundResponse {
    /// What the admin recognises: the request's method and address, or "Pasted response".
    pub label: String,
    /// When the request was made, as the file says (HAR `startedDateTime`), if it does.
    pub at: Option<String>,
    /// The response itself, in one of the forms [`to_xml`] reads.
    pub value: String,
}

/// The responses in `text`: one for a bare value or XML, each one found in a HAR file or a
/// SAML-tracer export (in file order, duplicates of the same value once).
pub fn find_responses(text: &str) -> Result<Vec<FoundResponse>, DecodeError> {
    check_size(text.len(), MAX_INPUT_BYTES)?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(DecodeError::Empty);
    }
    if !trimmed.starts_with('{') {
        return Ok(vec![FoundResponse {
            label: "Pasted response".into(),
            at: None,
            value: trimmed.to_owned(),
        }]);
    }
    let json: Value = serde_json::from_str(trimmed)
        .map_err(|_| DecodeError::NotBase64("it starts like JSON but is not valid JSON".into()))?;
    let mut found = Vec::new();
    if let Some(entries) = json.pointer("/log/entries").and_then(Value::as_array) {
        for entry in entries {
            har_entry(entry, &mut found);
        }
    } else if let Some(requests) = json.get("requests").and_then(Value::as_array) {
        for request in requests {
            tracer_request(request, &mut found);
        }
    } else {
        return Err(DecodeError::UnknownJson);
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| seen.insert(f.value.clone()));
    if found.is_empty() {
        return Err(DecodeError::NoneFound);
    }
    Ok(found)
}

/// One HAR entry: a `SAMLResponse` form parameter of the request, its form body, or its query.
fn har_entry(entry: &Value, found: &mut Vec<FoundResponse>) {
    let request = &entry["request"];
    let label = label_of(request);
    let at = entry["startedDateTime"].as_str().map(str::to_owned);
    let mut push = |value: String| {
        found.push(FoundResponse {
            label: label.clone(),
            at: at.clone(),
            value,
        })
    };
    let params = request
        .pointer("/postData/params")
        .and_then(Value::as_array);
    let from_params: Vec<String> = params
        .into_iter()
        .flatten()
        .filter(|p| p["name"].as_str() == Some("SAMLResponse"))
        .filter_map(|p| p["value"].as_str().map(str::to_owned))
        .collect();
    if !from_params.is_empty() {
        from_params.into_iter().for_each(&mut push);
    } else if let Some(body) = request.pointer("/postData/text").and_then(Value::as_str) {
        form_value(body).into_iter().for_each(&mut push);
    }
    if let Some(url) = request["url"].as_str() {
        query_value(url).into_iter().for_each(&mut push);
    }
}

/// One SAML-tracer request: its `post` parameters (`[name, value]` pairs or an object), its URL's
/// query, else the SAML message it decoded (`saml`), when that is a response.
fn tracer_request(request: &Value, found: &mut Vec<FoundResponse>) {
    let label = label_of(request);
    let mut values = Vec::new();
    match &request["post"] {
        Value::Array(pairs) => values.extend(pairs.iter().filter_map(|pair| {
            let pair = pair.as_array()?;
            (pair.first()?.as_str()? == "SAMLResponse")
                .then(|| pair.get(1)?.as_str().map(str::to_owned))?
        })),
        Value::Object(map) => match map.get("SAMLResponse") {
            Some(Value::String(s)) => values.push(s.clone()),
            Some(Value::Array(list)) => {
                values.extend(list.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        },
        _ => {}
    }
    if let Some(url) = request["url"].as_str() {
        values.extend(query_value(url));
    }
    // An export may hash or blank the parameters; the decoded message is kept beside them.
    values.retain(|v| v.len() > 64);
    if values.is_empty() {
        if let Some(xml) = request["saml"].as_str().filter(|x| x.contains("Response")) {
            values.push(xml.to_owned());
        }
    }
    for value in values {
        found.push(FoundResponse {
            label: label.clone(),
            at: None,
            value,
        });
    }
}

fn label_of(request: &Value) -> String {
    let method = request["method"].as_str().unwrap_or("GET");
    let url = request["url"].as_str().unwrap_or("");
    let address = url.split(['?', '#']).next().unwrap_or(url);
    format!("{method} {address}")
}

/// `SAMLResponse` of a form body (`a=b&SAMLResponse=...`), still URL-encoded.
fn form_value(body: &str) -> Option<String> {
    body.split('&')
        .find_map(|pair| pair.strip_prefix("SAMLResponse="))
        .map(str::to_owned)
}

/// `SAMLResponse` of a URL's query, still URL-encoded.
fn query_value(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    form_value(query.split('#').next().unwrap_or(query))
}

/// The response's XML from one value: XML as it is; else (after URL-decoding when it is
/// URL-encoded) base64 of the XML, or of the raw DEFLATE of the XML (the redirect binding).
pub fn to_xml(value: &str) -> Result<String, DecodeError> {
    check_size(value.len(), MAX_INPUT_BYTES)?;
    let trimmed = value.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(DecodeError::Empty);
    }
    if trimmed.starts_with('<') {
        check_size(trimmed.len(), MAX_RESPONSE_BYTES)?;
        return Ok(trimmed.to_owned());
    }
    let value = trimmed.strip_prefix("SAMLResponse=").unwrap_or(trimmed);
    let value = value.split('&').next().unwrap_or(value);
    let unescaped = url_decode(value)?;
    let compact: String = unescaped.chars().filter(|c| !c.is_whitespace()).collect();
    check_size(compact.len() / 4 * 3, MAX_RESPONSE_BYTES)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.trim_end_matches('=').to_owned() + padding(&compact))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&compact))
        .map_err(|e| DecodeError::NotBase64(e.to_string()))?;
    if let Some(xml) = xml_text(&bytes) {
        return Ok(xml);
    }
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_RESPONSE_BYTES)
        .map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => DecodeError::TooLarge {
            size: MAX_RESPONSE_BYTES + 1,
            limit: MAX_RESPONSE_BYTES,
        },
        _ => DecodeError::NotXml,
    })?;
    xml_text(&inflated).ok_or(DecodeError::NotXml)
}

/// The padding a base64 text without its `=` needs.
fn padding(compact: &str) -> &'static str {
    match compact.trim_end_matches('=').len() % 4 {
        2 => "==",
        3 => "=",
        _ => "",
    }
}

/// Bytes that are UTF-8 text starting (after a BOM and blanks) with `<`.
fn xml_text(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim();
    text.starts_with('<').then(|| text.to_owned())
}

/// Percent-decodes a URL-encoded value. `+` stands for a space only where the value was clearly
/// form-encoded (its `+` of base64 then shows as `%2B`); elsewhere it is base64's own `+`.
fn url_decode(value: &str) -> Result<String, DecodeError> {
    if !value.contains('%') {
        return Ok(value.to_owned());
    }
    let form_encoded = value.to_ascii_uppercase().contains("%2B");
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        DecodeError::NotBase64("a % is not followed by two hex digits".into())
                    })?;
                out.push(hex);
                i += 3;
            }
            b'+' if form_encoded => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| DecodeError::NotBase64("it URL-decodes to bytes that are not text".into()))
}

fn check_size(size: usize, limit: usize) -> Result<(), DecodeError> {
    if size > limit {
        Err(DecodeError::TooLarge { size, limit })
    } else {
        Ok(())
    }
}
