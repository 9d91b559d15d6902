//! The pages of the developer portal's sign-in: the login form, and the refusal of a request
//! that cannot be sent back to its client.

/// `text` safe inside an HTML attribute or element.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The login form; it posts the authorization request back with the developer's credentials.
pub fn login_page(request: &[(String, String)], problem: Option<&str>) -> String {
    let carried: String = request
        .iter()
        .filter(|(key, _)| key != "username" && key != "password")
        .map(|(key, value)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escaped(key),
                escaped(value)
            )
        })
        .collect();
    let problem = problem.map_or(String::new(), |problem| {
        format!(r#"<p role="alert">{}</p>"#, escaped(problem))
    });
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Sign in to the developer portal</title></head>
<body><h1>Developer portal</h1>{problem}<form method="post">{carried}
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>"#
    )
}

pub fn error_page(problem: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Sign-in refused</title></head>
<body><h1>Sign-in refused</h1><p role="alert">{}</p></body></html>"#,
        escaped(problem)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_page_escapes_what_the_request_carried() {
        let request = [("state".to_owned(), r#""><script>"#.to_owned())];
        let page = login_page(&request, None);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&quot;&gt;&lt;script&gt;"));
    }
}
