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
    internal const string Style =
        "body{font-family:system-ui,sans-serif;background:#f5f5f7;margin:0;color:#1d1d1f}" +
        "main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:.75rem;box-shadow:0 1px 4px #0002}" +
        "h1{font-size:1.5rem;margin-top:0}label{display:block;margin-top:1rem;font-weight:600}" +
        "input{width:100%;box-sizing:border-box;padding:.6rem;margin-top:.25rem;font-size:1rem;border:1px solid #888;border-radius:.4rem}" +
        "button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:.4rem;background:#0057b8;color:#fff;cursor:pointer}" +
        ".errors{background:#fde8e8;border:1px solid #c81e1e;color:#7f1d1d;padding:.5rem 1rem;border-radius:.4rem}" +
        "p.switch{margin-top:1.5rem;text-align:center}";

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
            .Append("<title>").Append(title).Append(" - ImageRecognition</title><style>").Append(Style).Append("</style></head>")
            .Append("<body><main><h1>").Append(title).Append("</h1>");
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
            .Append(otherText).Append("</a></p></main></body></html>");
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
