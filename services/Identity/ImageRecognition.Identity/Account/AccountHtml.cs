using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace ImageRecognition.Identity.Account;

/// <summary>What a page shows: its kind, the form's values and the errors to list.</summary>
internal sealed record AccountForm(bool IsSignUp, string? Email, string ReturnUrl, IReadOnlyList<string> Errors);

/// <summary>
/// The sign-in and sign-up pages as plain HTML: one form, labelled fields with autocomplete hints,
/// errors announced to screen readers. Every value written is HTML-encoded.
/// </summary>
internal static class AccountHtml
{
    // The same look as the web UI: its app bar, its blue (#1f5f8b), its system font, its rounded fields.
    internal const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f6f7f9;margin:0;color:#1d2430}" +
        ".bar{background:#1f5f8b;color:#fff;height:48px;display:flex;align-items:center;padding:0 1rem;box-shadow:0 1px 3px #0003}" +
        ".bar a{color:#fff;text-decoration:none;font-weight:600;font-size:1.1rem;display:flex;align-items:center;gap:.5rem}" +
        "main{max-width:22rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;border:1px solid #e1e6ec}" +
        "h1{font-size:1.5rem;font-weight:500;margin-top:0}label{display:block;margin-top:1rem;font-weight:500;font-size:.95rem}" +
        "input{width:100%;box-sizing:border-box;padding:.65rem .75rem;margin-top:.25rem;font-size:1rem;border:1px solid #9aa5b1;border-radius:4px}" +
        "input:focus{outline:2px solid #1f5f8b;outline-offset:-1px;border-color:#1f5f8b}small{color:#5b6675}" +
        "button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:.95rem;font-weight:500;letter-spacing:.02em;border:0;border-radius:4px;" +
        "background:#1f5f8b;color:#fff;cursor:pointer;box-shadow:0 1px 3px #0003;display:flex;align-items:center;justify-content:center;gap:.6rem}" +
        "button:hover{background:#184d72}button[aria-busy=true]{opacity:.85;cursor:progress}" +
        "button[aria-busy=true]::before{content:'';width:1rem;height:1rem;border:2px solid #fff8;border-top-color:#fff;border-radius:50%;animation:spin .8s linear infinite}" +
        "@keyframes spin{to{transform:rotate(360deg)}}a{color:#1f5f8b}" +
        ".errors{background:#fdecea;border:1px solid #e0a19c;color:#8c1d18;padding:.5rem 1rem;border-radius:4px}" +
        "p.switch{margin-top:1.5rem;text-align:center}@media(max-width:480px){main{margin:1rem;padding:1.5rem}}";

    /// <summary>The app's camera icon (the web UI's favicon), inline: the provider may run without the web UI's files.</summary>
    internal const string Icon =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"12 10 40 42\" width=\"26\" height=\"26\" aria-hidden=\"true\">" +
        "<path d=\"M14 22a4 4 0 0 1 4-4h6l3-4h10l3 4h6a4 4 0 0 1 4 4v22a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4z\" fill=\"#fff\"/>" +
        "<circle cx=\"32\" cy=\"33\" r=\"9\" fill=\"#1f5f8b\"/><circle cx=\"32\" cy=\"33\" r=\"5\" fill=\"#e07a1f\"/></svg>";

    /// <summary>The head's icon link and the app bar every provider page starts with.</summary>
    internal const string Favicon =
        "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'%3E%3Crect width='64' height='64' rx='14' fill='%231f5f8b'/%3E%3Cpath d='M14 22a4 4 0 0 1 4-4h6l3-4h10l3 4h6a4 4 0 0 1 4 4v22a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4z' fill='%23fff'/%3E%3Ccircle cx='32' cy='33' r='5' fill='%23e07a1f'/%3E%3C/svg%3E\">";

    internal const string AppBar = "<header class=\"bar\"><a href=\"/\">" + Icon + "ImageRecognition</a></header>";

    /// <summary>Shows the button as busy while the server works (creating an account hashes a password: a few seconds on a busy machine).</summary>
    internal const string BusyScript =
        "<script>document.querySelector('form').addEventListener('submit',function(e){var b=e.target.querySelector('button');" +
        "if(b.getAttribute('aria-busy')==='true'){e.preventDefault();return;}b.setAttribute('aria-busy','true');});</script>";

    public static string Render(AccountForm form, AntiforgeryTokenSet antiforgery)
    {
        var encoder = HtmlEncoder.Default;
        var title = form.IsSignUp ? "Create an account" : "Sign in";
        var action = form.IsSignUp ? "/account/signup" : "/account/signin";
        var passwordAutocomplete = form.IsSignUp ? "new-password" : "current-password";
        var otherPage = form.IsSignUp ? "/account/signin" : "/account/signup";
        var otherText = form.IsSignUp ? "Already have an account? Sign in" : "No account yet? Create one";
        var returnQuery = "?returnUrl=" + UrlEncoder.Default.Encode(form.ReturnUrl);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).Append(" - ImageRecognition</title>").Append(Favicon).Append("<style>").Append(Style).Append("</style></head>")
            .Append("<body>").Append(AppBar).Append("<main><h1>").Append(title).Append("</h1>");
        AppendErrors(html, form.Errors, encoder);
        html.Append("<form method=\"post\" action=\"").Append(action).Append("\" novalidate>")
            .Append("<input type=\"hidden\" name=\"").Append(encoder.Encode(antiforgery.FormFieldName))
            .Append("\" value=\"").Append(encoder.Encode(antiforgery.RequestToken ?? string.Empty)).Append("\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(encoder.Encode(form.ReturnUrl)).Append("\">")
            .Append("<label for=\"email\">Email</label>")
            .Append("<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required maxlength=\"")
            .Append(CredentialLimits.MaxEmailLength).Append("\" value=\"")
            .Append(encoder.Encode(form.Email ?? string.Empty)).Append("\">")
            .Append("<label for=\"password\">Password</label>")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" required minlength=\"8\" maxlength=\"")
            .Append(CredentialLimits.MaxPasswordLength).Append("\" autocomplete=\"")
            .Append(passwordAutocomplete).Append("\"")
            .Append(form.IsSignUp ? " aria-describedby=\"password-hint\"><small id=\"password-hint\">At least 8 characters.</small>" : ">")
            .Append("<button type=\"submit\">").Append(title).Append("</button></form>")
            .Append("<p class=\"switch\"><a href=\"").Append(encoder.Encode(otherPage + returnQuery)).Append("\">")
            .Append(otherText).Append("</a></p></main>").Append(BusyScript).Append("</body></html>");
        return html.ToString();
    }

    private static void AppendErrors(StringBuilder html, IReadOnlyList<string> errors, HtmlEncoder encoder)
    {
        if (errors.Count == 0)
        {
            return;
        }

        html.Append("<div class=\"errors\" role=\"alert\"><ul>");
        foreach (var error in errors)
        {
            html.Append("<li>").Append(encoder.Encode(error)).Append("</li>");
        }

        html.Append("</ul></div>");
    }
}
